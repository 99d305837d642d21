"""The channels over which the questionnaire says requests may travel (question `channels`)."""

from django.db import migrations

# (slug, name)
CHANNELS = [
    ("interpol-i24-7", "INTERPOL I-24/7"),
    ("europol-siena", "Europol SIENA"),
    ("selec", "SELEC"),
    ("liaison-officers", "Liaison officers"),
    ("judicial-channel", "Judicial channel"),
]


def create_channels(apps, schema_editor):
    Channel = apps.get_model("contacts", "Channel")
    Channel.objects.bulk_create([Channel(slug=slug, name=name) for slug, name in CHANNELS])


def delete_channels(apps, schema_editor):
    Channel = apps.get_model("contacts", "Channel")
    Channel.objects.filter(slug__in=[slug for slug, _name in CHANNELS]).delete()


class Migration(migrations.Migration):
    # Channels refer to nothing in countries, so contacts 0001 is the only dependency.
    dependencies = [
        ("contacts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_channels, delete_channels),
    ]
