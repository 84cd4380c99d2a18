"""The default catalogue of interventions and powers (DOMAIN.md, 2014 Act), rules as data.

Edit them in Settings; the rules engine reads these fields."""

from django.db import migrations

PERSON_OR_BODY = "person,body"
CATALOGUE = [
    # Non-statutory interventions
    {"code": "warning-letter", "name": "Warning letter", "respondent_kinds": PERSON_OR_BODY},
    {"code": "aba", "name": "Acceptable Behaviour Agreement"},
    {"code": "mediation", "name": "Mediation"},
    {"code": "restorative-justice", "name": "Restorative justice"},
    {"code": "support-referral", "name": "Support referral"},
    {
        "code": "target-hardening",
        "name": "Target hardening (locks, alarms, CCTV)",
        "respondent_kinds": "premises,person",
    },
    # 2014 Act and housing powers
    {
        "code": "cpw",
        "name": "Community Protection Warning",
        "statutory": True,
        "respondent_kinds": PERSON_OR_BODY,
        "minimum_age": 16,
        "guidance": "Written; allow time to comply (record the comply-by date as its end).",
        "follow_ups": [("compliance-check", "check compliance", "ends", 0, "days")],
        "duration_unit": "days",
    },
    {
        "code": "cpn",
        "name": "Community Protection Notice",
        "statutory": True,
        "legal_action": True,
        "respondent_kinds": PERSON_OR_BODY,
        "minimum_age": 16,
        "prerequisite": "cpw",
        "appeal_window_days": 21,
        "guidance": "Fixed penalty up to £100 for a breach.",
    },
    {
        "code": "civil-injunction",
        "name": "Civil injunction",
        "statutory": True,
        "legal_action": True,
        "minimum_age": 10,
        "duration_unit": "months",
        "indefinite_allowed": True,
        "under18_maximum_duration": 12,
        "under18_consultation": "the youth offending team",
        "guidance": "Exclusion from the home for adults only; a power of arrest may be attached.",
        "follow_ups": [("ends", "ends", "ends", 0, "days")],
    },
    {
        "code": "cbo",
        "name": "Criminal Behaviour Order",
        "statutory": True,
        "legal_action": True,
        "minimum_age": 10,
        "requires_conviction": True,
        "duration_unit": "years",
        "minimum_duration": 2,
        "indefinite_allowed": True,
        "under18_minimum_duration": 1,
        "under18_maximum_duration": 3,
        "under18_review_months": 12,
        "follow_ups": [("ends", "ends", "ends", 0, "days")],
    },
    {
        "code": "dispersal",
        "name": "Dispersal direction",
        "statutory": True,
        "minimum_age": 10,
        "requires_authorisation": "an inspector",
        "duration_unit": "hours",
        "maximum_duration": 48,
        "guidance": "A written direction; under-16s may be taken home; keep records.",
    },
    {
        "code": "closure-notice",
        "name": "Closure notice",
        "statutory": True,
        "respondent_kinds": "premises",
        "duration_unit": "hours",
        "maximum_duration": 24,
        "senior_maximum_duration": 48,
        "senior_authorisation": "a superintendent or council chief executive",
        "follow_ups": [
            (
                "court-hearing",
                "court must hear the closure order application",
                "starts",
                48,
                "hours",
            )
        ],
    },
    {
        "code": "closure-order",
        "name": "Closure order",
        "statutory": True,
        "legal_action": True,
        "respondent_kinds": "premises",
        "prerequisite": "closure-notice",
        "duration_unit": "months",
        "maximum_duration": 3,
        "maximum_total_duration": 6,
        "appeal_window_days": 21,
        "follow_ups": [
            ("expiry", "expires", "ends", 0, "days"),
            (
                "absolute-ground-notice",
                "last day for notice on the absolute ground for possession",
                "starts",
                3,
                "months",
            ),
        ],
    },
    {
        "code": "pspo",
        "name": "Public Spaces Protection Order",
        "statutory": True,
        "respondent_kinds": "area",
        "duration_unit": "years",
        "maximum_duration": 3,
        "appeal_window_days": 42,
        "guidance": "Extendable; a challenge lies to the High Court within 6 weeks.",
        "follow_ups": [("expiry", "expires: consider an extension", "ends", 0, "days")],
    },
    {
        "code": "nosp",
        "name": "Notice of Seeking Possession",
        "statutory": True,
        "legal_action": True,
    },
    {"code": "demotion", "name": "Demotion", "statutory": True, "legal_action": True},
    {
        "code": "absolute-ground",
        "name": "Absolute ground for possession",
        "statutory": True,
        "legal_action": True,
        "grounds_window_months": 12,
        "closure_grounds_window_months": 3,
        "guidance": "One of five conditions: serious offence conviction; breach of injunction; "
        "breach of CBO; closure order over 48 hours; noise abatement breach.",
        "follow_ups": [
            ("review-request", "tenant's review request window closes", "served", 7, "days")
        ],
    },
    {
        "code": "community-remedy",
        "name": "Community Remedy",
        "statutory": True,
        "warning": "A Community Remedy needs the perpetrator to admit the behaviour, an action "
        "from the police and crime commissioner's published list, and the victim's view sought.",
    },
]


def load(apps, schema_editor):
    Power = apps.get_model("powers", "Power")
    PowerFollowUp = apps.get_model("powers", "PowerFollowUp")
    for order, entry in enumerate(CATALOGUE):
        values = dict(entry)
        prerequisite = values.pop("prerequisite", None)
        follow_ups = values.pop("follow_ups", [])
        if prerequisite:
            values["prerequisite"] = Power.objects.get(code=prerequisite)
        power, _ = Power.objects.update_or_create(
            code=values.pop("code"), defaults={**values, "order": order}
        )
        for kind, label, anchor, offset, unit in follow_ups:
            PowerFollowUp.objects.get_or_create(
                power=power,
                kind=kind,
                defaults={"label": label, "anchor": anchor, "offset": offset, "offset_unit": unit},
            )


def unload(apps, schema_editor):
    Power = apps.get_model("powers", "Power")
    codes = [entry["code"] for entry in CATALOGUE]
    Power.objects.filter(code__in=codes, uses__isnull=True).update(prerequisite=None)
    Power.objects.filter(code__in=codes, uses__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("powers", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
