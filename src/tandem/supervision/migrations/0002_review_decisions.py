"""The default decisions a supervisor may record (configurable in the admin)."""

from django.db import migrations

DECISIONS = [
    ("continue", "Continue with the current plan"),
    ("escalate", "Escalate"),
    ("change-officer", "Change the case officer"),
    ("close-recommended", "Closure recommended"),
    ("case-conference", "Refer to a case conference"),
    ("reassess", "Re-assess the risk"),
]


def add_decisions(apps, schema_editor):
    ReviewDecision = apps.get_model("supervision", "ReviewDecision")
    for position, (code, name) in enumerate(DECISIONS, start=1):
        ReviewDecision.objects.update_or_create(
            code=code, defaults={"name": name, "position": position, "active": True}
        )


def remove_decisions(apps, schema_editor):
    ReviewDecision = apps.get_model("supervision", "ReviewDecision")
    ReviewDecision.objects.filter(code__in=[code for code, _ in DECISIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(add_decisions, remove_decisions)]
