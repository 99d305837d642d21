"""Load the reference data files (moved here from 0011): party records now carry the kind of their
source, the date of the source and when an instrument ceased to apply; instruments name the
organization they are closed to. When a later migration changes a column the files need, move this
load after it (and make this one a no-op)."""

from django.db import migrations


def load(apps, schema_editor):
    """Moved to 0015, after the columns of organizations' acronyms in French and Russian."""


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0013_parties_source_kind_and_closed_sets"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
