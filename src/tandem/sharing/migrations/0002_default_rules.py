"""The issue's example partnership rules, loaded switched off: an administrator turns them on
(Settings → Partnership rules) once the partnership's information-sharing agreement covers them,
and may attach that agreement."""

from django.db import migrations

LEGAL_BASIS = (
    "Crime and Disorder Act 1998 s.115 and s.17; UK GDPR Article 6(1)(e) (public task); for "
    "special-category and criminal offence data, Article 9(2)(g) with DPA 2018 Schedule 1 "
    "paragraph 10 (preventing or detecting unlawful acts) and paragraph 18 (safeguarding)"
)
PURPOSE = (
    "Protecting victims at high risk of harm and preventing crime and disorder: the agency can "
    "act on a high-risk case in its area without waiting for a referral."
)
RULES = [
    ("Police: high-risk cases in the force area", "police"),
    ("District community safety: high-risk cases in the district", "council"),
]


def load(apps, schema_editor):
    PartnershipRule = apps.get_model("sharing", "PartnershipRule")
    for name, kind in RULES:
        PartnershipRule.objects.get_or_create(
            name=name,
            defaults={
                "agency_kind": kind,
                "minimum_risk_band": "high",
                "scope": "agency_area",
                "open_cases_only": True,
                "purpose": PURPOSE,
                "legal_basis": LEGAL_BASIS,
                "active": False,
            },
        )


def unload(apps, schema_editor):
    PartnershipRule = apps.get_model("sharing", "PartnershipRule")
    PartnershipRule.objects.filter(name__in=[name for name, _ in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
