"""A stable identifier for provisions, so that exports and imports match rows across databases.

Added in three steps because every existing row needs its own value before the field can be unique.
"""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    for model_name in ("Provision",):
        model = apps.get_model("countries", model_name)
        for pk in model.objects.filter(uid__isnull=True).values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("countries", "0004_eu_instruments_membership_basis")]

    operations = [
        migrations.AddField(
            model_name="provision", name="uid", field=models.UUIDField(null=True, editable=False, verbose_name="identifier")
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="provision",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="Stable across exports and imports.",
                unique=True,
                verbose_name="identifier",
            ),
        ),
        migrations.AddField(
            model_name="historicalprovision",
            name="uid",
            field=models.UUIDField(
                db_index=True,
                default=uuid.uuid4,
                editable=False,
                help_text="Stable across exports and imports.",
                verbose_name="identifier",
            ),
        ),
    ]
