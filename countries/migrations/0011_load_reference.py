"""Keep the English text of the translated fields in their `_en` column (django-modeltranslation).
The load of the reference files that followed moved to 0014, after the columns they now need."""

from django.db import migrations

# model: the fields countries/translation.py translates
TRANSLATED = {
    "Language": ("name",),
    "Country": ("name",),
    "Organization": ("name", "role"),
    "Topic": ("name",),
    "Instrument": ("title",),
    "Provision": ("title", "summary"),
    "Section": ("title",),
    "Question": ("text",),
}


def load(apps, schema_editor):
    from django.db.models import F

    for model_name, fields in TRANSLATED.items():
        apps.get_model("countries", model_name).objects.update(**{f"{name}_en": F(name) for name in fields})


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0010_translations"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
