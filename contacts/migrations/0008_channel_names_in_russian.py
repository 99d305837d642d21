"""The Russian names of the INTERPOL and Europol channels: Russian writes the organizations' names
in Cyrillic ("Интерпол", "Европол") and keeps the systems' own names (I-24/7, SIENA). French
writes them as English does, and SELEC is SELEC in every language (stored in English only)."""

from django.db import migrations

# slug: Russian name
RUSSIAN = {
    "interpol-i24-7": "Интерпол I-24/7",
    "europol-siena": "Европол SIENA",
}


def name_in_russian(apps, schema_editor):
    Channel = apps.get_model("contacts", "Channel")
    for channel in Channel.objects.filter(slug__in=RUSSIAN):
        channel.name_ru = RUSSIAN[channel.slug]
        channel.save(update_fields=["name_ru"])


def forget_russian(apps, schema_editor):
    apps.get_model("contacts", "Channel").objects.filter(slug__in=RUSSIAN).update(name_ru=None)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0007_directory_order_in_every_language"),
    ]

    operations = [migrations.RunPython(name_in_russian, forget_russian)]
