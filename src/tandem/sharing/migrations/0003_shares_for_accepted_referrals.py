"""Accepted referrals used to open the case to the receiving agency directly; now a share does.
Give every referral accepted (and not completed) before this change its share."""

from django.db import migrations

LEGAL_BASIS = "Referral to a partner service, accepted by the receiving agency"


def load(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    CaseShare = apps.get_model("sharing", "CaseShare")
    accepted = (
        Referral.objects.filter(status="accepted", share__isnull=True)
        .select_related("service")
        .order_by("pk")
    )
    for referral in accepted.iterator():
        CaseShare.objects.create(
            case_id=referral.case_id,
            agency_id=referral.to_agency_id,
            referral=referral,
            purpose=f"Referral to {referral.service.name}: {referral.reason}",
            legal_basis=LEGAL_BASIS,
            granted_by_id=referral.responded_by_id or referral.requested_by_id,
            granted_at=referral.responded_at or referral.requested_at,
            starts_at=referral.responded_at or referral.requested_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0002_default_rules"),
        ("referrals", "0002_services"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
