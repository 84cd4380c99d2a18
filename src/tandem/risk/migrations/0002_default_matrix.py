from django.db import migrations


def load(apps, schema_editor):
    from tandem.risk import default_matrix

    default_matrix.load(apps, version=1)


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
