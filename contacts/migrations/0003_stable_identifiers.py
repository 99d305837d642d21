"""Stable identifiers for authorities and contact points, so that exports and imports match rows
across databases. Added in three steps: every existing row needs its own value first."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    for model_name in ("Authority", "ContactPoint"):
        model = apps.get_model("contacts", model_name)
        for pk in model.objects.filter(uid__isnull=True).values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(uid=uuid.uuid4())


def _unique():
    return models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="Stable across exports and imports.",
        unique=True,
        verbose_name="identifier",
    )


def _historical():
    return models.UUIDField(
        db_index=True,
        default=uuid.uuid4,
        editable=False,
        help_text="Stable across exports and imports.",
        verbose_name="identifier",
    )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_channels")]

    operations = [
        migrations.AddField("authority", "uid", models.UUIDField(null=True, editable=False, verbose_name="identifier")),
        migrations.AddField("contactpoint", "uid", models.UUIDField(null=True, editable=False, verbose_name="identifier")),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField("authority", "uid", _unique()),
        migrations.AlterField("contactpoint", "uid", _unique()),
        migrations.AddField("historicalauthority", "uid", _historical()),
        migrations.AddField("historicalcontactpoint", "uid", _historical()),
    ]
