"""Search support on PostgreSQL only: the pg_trgm and unaccent extensions, a text search
configuration that folds accents, and GIN indexes for full-text and trigram search.

On SQLite this migration does nothing; handbook/search.py falls back to a folded LIKE there.
The indexed expressions are exactly those that handbook/search.py queries with.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIG = "handbook"

# (app, model, name field, full-text fields): the same as handbook.search.KINDS.
SEARCHED = [
    ("countries", "Country", "name", ("name", "summary")),
    ("countries", "Organization", "acronym", ("acronym", "name", "role")),
    ("contacts", "Authority", "name", ("name", "address", "notes")),
    ("contacts", "ContactPoint", "function", ("function", "person_name", "email", "hours")),
    ("countries", "Provision", "title", ("article", "title", "summary", "excerpt")),
    ("countries", "Answer", "details", ("details",)),
]


def _indexes(apps):
    for app_label, model_name, name_field, fields in SEARCHED:
        model = apps.get_model(app_label, model_name)
        short = model_name.lower()[:12]
        yield model, GinIndex(SearchVector(*fields, config=CONFIG), name=f"{short}_fts_gin")
        yield model, GinIndex(OpClass(name_field, name="gin_trgm_ops"), name=f"{short}_trgm_gin")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        "DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN "
        f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple); "
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple; "
        "END IF; END $$"
    )
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0002_reference_data"),
        ("contacts", "0002_channels"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
