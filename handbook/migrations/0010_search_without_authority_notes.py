"""Search finds an authority by what its pages show (its name and address), not by its notes,
which no page shows: the stored text-search vector of authorities on PostgreSQL no longer holds
them (handbook/search.py leaves them out on SQLite). On SQLite this migration does nothing."""

import importlib

from django.db import migrations

stored_vectors = importlib.import_module("handbook.migrations.0005_stored_search_vectors")
three_languages = importlib.import_module("handbook.migrations.0007_search_in_three_languages")

AFTER = stored_vectors._vector_sql("name", ("name", "address"))
BEFORE = stored_vectors._vector_sql("name", ("name", "address", "notes"))


def _replace(apps, schema_editor, sql):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("contacts", "Authority")._meta.db_table)
    three_languages._replace_vector(schema_editor, table, "Authority", sql)


def forwards(apps, schema_editor):
    _replace(apps, schema_editor, AFTER)


def backwards(apps, schema_editor):
    _replace(apps, schema_editor, BEFORE)


class Migration(migrations.Migration):
    dependencies = [("handbook", "0009_models_moved_to_their_apps")]

    operations = [migrations.RunPython(forwards, backwards)]
