from django.db import migrations


def load(apps, schema_editor):
    from tandem.incidents import reference_data as data

    Category = apps.get_model("incidents", "Category")
    IncidentType = apps.get_model("incidents", "IncidentType")
    HateStrand = apps.get_model("incidents", "HateStrand")
    for position, (code, name, priority, description) in enumerate(data.CATEGORIES):
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "default_priority": priority,
                "description": description,
                "position": position,
            },
        )
    for position, (code, name, serious) in enumerate(data.INCIDENT_TYPES):
        IncidentType.objects.get_or_create(
            code=code, defaults={"name": name, "serious": serious, "position": position}
        )
    for position, (code, name) in enumerate(data.HATE_STRANDS):
        HateStrand.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
