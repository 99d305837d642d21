"""Keep the English text of the translated fields in their `_en` column (django-modeltranslation),
then load the reference data files with their French and Russian text (moved here from 0009).
When a later migration changes a column the files need, move this load after it (and make this one
a no-op)."""

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

    from countries.reference import load_reference

    for model_name, fields in TRANSLATED.items():
        apps.get_model("countries", model_name).objects.update(**{f"{name}_en": F(name) for name in fields})
    load_reference(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0010_translations"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
