from django.db import migrations

# Per the service standards: no satisfaction questionnaire for cases closed at once
# (unjustified complaints, issues resolved on the spot, referral to mediation).
REASONS = [
    ("resolved", "Resolved", True),
    ("resolved-on-the-spot", "Resolved on the spot", False),
    ("no-further-action", "No further action", True),
    ("unjustified", "Unjustified", False),
    ("referred-to-mediation", "Referred to mediation", False),
    ("moved-away", "Moved away", True),
    ("legal-action-complete", "Legal action complete", True),
    ("other", "Other", True),
]


def add_reasons(apps, schema_editor):
    ClosureReason = apps.get_model("cases", "ClosureReason")
    for order, (code, name, survey_due) in enumerate(REASONS, start=1):
        ClosureReason.objects.update_or_create(
            code=code, defaults={"name": name, "survey_due": survey_due, "sort_order": order}
        )


def remove_reasons(apps, schema_editor):
    apps.get_model("cases", "ClosureReason").objects.filter(
        code__in=[code for code, _, _ in REASONS], cases__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_closure")]

    operations = [migrations.RunPython(add_reasons, remove_reasons)]
