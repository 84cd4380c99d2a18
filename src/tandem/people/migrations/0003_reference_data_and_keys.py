from django.db import migrations


def load(apps, schema_editor):
    from tandem.people import reference_data as data
    from tandem.people.keys import fold

    Nickname = apps.get_model("people", "Nickname")
    VulnerabilityFactor = apps.get_model("people", "VulnerabilityFactor")
    MatchingSettings = apps.get_model("people", "MatchingSettings")
    for name, variants in data.NICKNAMES.items():
        for variant in variants:
            if fold(variant) != fold(name):
                Nickname.objects.get_or_create(name=fold(name), variant=fold(variant))
    for position, (code, name, description) in enumerate(data.VULNERABILITY_FACTORS):
        VulnerabilityFactor.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "position": position}
        )
    MatchingSettings.objects.get_or_create(pk=1)


def backfill_keys(apps, schema_editor):
    from tandem.people.keys import person_keys

    Person = apps.get_model("people", "Person")
    fields = ["name_key", "surname_key", "forename_key", "phone_key", "email_key", "address_key"]
    batch = []
    for person in Person.objects.order_by("pk").iterator(chunk_size=2000):
        keys = person_keys(
            first_name=person.first_name,
            last_name=person.last_name,
            phone=person.phone,
            email=person.email,
            address=person.address,
            postcode=person.postcode,
        )
        for name, value in keys.as_dict().items():
            setattr(person, name, value)
        batch.append(person)
        if len(batch) >= 2000:
            Person.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        Person.objects.bulk_update(batch, fields)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_matching_merging_vulnerability")]
    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(backfill_keys, migrations.RunPython.noop),
    ]
