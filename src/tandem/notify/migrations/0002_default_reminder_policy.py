from django.db import migrations


def add_default(apps, schema_editor):
    ReminderPolicy = apps.get_model("notify", "ReminderPolicy")
    if not ReminderPolicy.objects.filter(agency__isnull=True).exists():
        ReminderPolicy.objects.create(agency=None, remind_working_days_before=1)


def remove_default(apps, schema_editor):
    apps.get_model("notify", "ReminderPolicy").objects.filter(agency__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("notify", "0001_initial")]

    operations = [migrations.RunPython(add_default, remove_default)]
