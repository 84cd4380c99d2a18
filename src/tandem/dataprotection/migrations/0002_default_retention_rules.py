"""The default retention schedule. Partnerships change the periods in the admin screens."""

from django.db import migrations

DEFAULT_RULES = [
    {
        "name": "Anonymise people on long-closed cases",
        "kind": "closed_case_people",
        "action": "anonymise",
        "period_years": 6,
        "description": (
            "People whose every case closed more than six years ago, and who have no open case, "
            "are anonymised: names, date of birth, contact details, addresses, matching keys, "
            "vulnerability and free text about them are cleared. Categories, wards, dates, "
            "outcomes and risk bands stay, so partnership statistics still count them. Six years "
            "follows the limitation period for civil claims (Limitation Act 1980)."
        ),
    },
    {
        "name": "Delete evidence of long-closed cases",
        "kind": "evidence_files",
        "action": "delete",
        "period_years": 6,
        "description": (
            "Uploaded evidence files (photos, recordings, documents) of cases closed more than "
            "six years ago are deleted from the evidence store, with their records."
        ),
    },
    {
        "name": "Clear personal data from old audit records",
        "kind": "audit_personal_data",
        "action": "anonymise",
        "period_years": 6,
        "description": (
            "Audit records older than six years keep who did what and when, but lose the "
            "personal data in their details and the address they came from."
        ),
    },
]


def add_rules(apps, schema_editor):
    RetentionRule = apps.get_model("dataprotection", "RetentionRule")
    for rule in DEFAULT_RULES:
        RetentionRule.objects.get_or_create(name=rule["name"], defaults=rule)


def remove_rules(apps, schema_editor):
    RetentionRule = apps.get_model("dataprotection", "RetentionRule")
    RetentionRule.objects.filter(name__in=[rule["name"] for rule in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("dataprotection", "0001_initial")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
