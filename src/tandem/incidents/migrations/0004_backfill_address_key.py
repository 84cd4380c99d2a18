from django.db import migrations


def backfill(apps, schema_editor):
    from tandem.people.keys import address_key

    Incident = apps.get_model("incidents", "Incident")
    batch = []
    for incident in (
        Incident.objects.only("pk", "address", "postcode").order_by("pk").iterator(chunk_size=2000)
    ):
        incident.address_key = address_key(incident.address, incident.postcode)
        batch.append(incident)
        if len(batch) >= 2000:
            Incident.objects.bulk_update(batch, ["address_key"])
            batch = []
    if batch:
        Incident.objects.bulk_update(batch, ["address_key"])


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_happened_before_and_address_key")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
