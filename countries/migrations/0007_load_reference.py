"""Load the reference data files (countries, organizations, memberships, instruments with their
entry into force, provisions, parties, questionnaire). Existing rows are matched by their keys:
nothing focal points entered is altered."""

from django.db import migrations


def load(apps, schema_editor):
    from countries.reference import load_reference

    load_reference(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0006_parties_and_entry_into_force"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
