from django.db import migrations


def load(apps, schema_editor):
    from tandem.incidents.reference_data import SERVICE_STANDARDS

    ServiceStandard = apps.get_model("standards", "ServiceStandard")
    for code, name, days, serious_only in SERVICE_STANDARDS:
        ServiceStandard.objects.get_or_create(
            code=code,
            agency=None,
            defaults={"name": name, "working_days": days, "serious_only": serious_only},
        )


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
