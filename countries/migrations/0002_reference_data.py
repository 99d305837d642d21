"""Reference data used to be created here from literals; it now comes from the data files in
`countries/reference/`, loaded by `0009_load_reference` (and `manage.py load_reference`).

Databases that applied the old version of this migration keep their rows: the load matches them
by their keys and changes only what the files say differently.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0001_initial"),
    ]

    operations = []
