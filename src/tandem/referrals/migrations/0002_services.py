"""The default referral services; attach each to the agency that provides it in Settings."""

from django.db import migrations

SERVICES = [
    ("mediation", "Mediation", "voluntary"),
    ("victim-support", "Victim support", "voluntary"),
    ("floating-support", "Floating (tenancy) support", "housing"),
    ("supporting-families", "Supporting Families", "council"),
    ("social-care", "Social care", "social_care"),
    ("mental-health", "Mental health", "health"),
    ("youth-offending", "Youth offending", "youth_offending"),
]


def load(apps, schema_editor):
    ReferralService = apps.get_model("referrals", "ReferralService")
    for code, name, kind in SERVICES:
        ReferralService.objects.get_or_create(
            code=code, defaults={"name": name, "agency_kind": kind}
        )


def unload(apps, schema_editor):
    ReferralService = apps.get_model("referrals", "ReferralService")
    ReferralService.objects.filter(code__in=[code for code, _, _ in SERVICES]).delete()


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
