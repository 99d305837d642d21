"""Formerly loaded the reference data files. The load now runs in 0009, after 0008 widened the
source columns that today's files need: a load here would write today's files into yesterday's
columns. A database that already ran this migration gets the same load, idempotently, in 0009."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0006_parties_and_entry_into_force"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
