"""Search on PostgreSQL finds what focal points wrote in French and Russian: the stored
text-search vectors of countries (summary) and answers (details) also hold the French and
Russian versions (countries migration 0012), each read by its language's text search
configuration (handbook/migrations/0007). On SQLite this migration does nothing."""

import importlib

from django.db import migrations

three_languages = importlib.import_module("handbook.migrations.0007_search_in_three_languages")

# (app, model, name field, full-text fields, translated fields): as handbook.search.KINDS.
SEARCHED = [
    ("countries", "Country", "name", ("name", "summary"), ("name", "summary")),
    ("countries", "Answer", "details", ("details",), ("details",)),
]
# The vectors before: 0007's for countries, 0005's (English only) for answers.
BEFORE = {
    "Country": three_languages.vector_sql("name", ("name", "summary"), ("name",)),
    "Answer": "setweight(to_tsvector('handbook'::regconfig, COALESCE(details::text, '')), 'A')",
}


def _table(apps, schema_editor, app_label, model_name):
    return schema_editor.quote_name(apps.get_model(app_label, model_name)._meta.db_table)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, name_field, fields, translated in SEARCHED:
        table = _table(apps, schema_editor, app_label, model_name)
        sql = three_languages.vector_sql(name_field, fields, translated)
        three_languages._replace_vector(schema_editor, table, model_name, sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, *_rest in SEARCHED:
        table = _table(apps, schema_editor, app_label, model_name)
        three_languages._replace_vector(schema_editor, table, model_name, BEFORE[model_name])


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0007_search_in_three_languages"),
        ("countries", "0012_written_in_french_and_russian"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
