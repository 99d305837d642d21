"""Search on PostgreSQL reads stored text-search vectors instead of computing them per row.

`to_tsvector` with the accent-folding configuration costs some 20 µs a row; a search for a common
word ("police") matched 500 authorities at ten times the real data size, and ranking them
computed the vector of each row again (20 ms a search). Each searched table gets a stored
generated column `search_vector`, which PostgreSQL keeps current on every insert and update, with
a GIN index on it in place of the index on the expression (handbook/migrations/0001).
The vector weighs the words of a record's name above those of its other fields, so that ranking
puts name matches first. handbook/search.py ranks and filters on that column, and
`tune_postgresql` gives the trigram test its real cost. On SQLite this migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from handbook.search import tune_postgresql

CONFIG = "handbook"

# (app, model, name field, full-text fields): as in handbook/migrations/0001 and
# handbook.search.KINDS.
SEARCHED = [
    ("countries", "Country", "name", ("name", "summary")),
    ("countries", "Organization", "acronym", ("acronym", "name", "role")),
    ("contacts", "Authority", "name", ("name", "address", "notes")),
    ("contacts", "ContactPoint", "function", ("function", "person_name", "email", "hours")),
    ("countries", "Provision", "title", ("article", "title", "summary", "excerpt")),
    ("countries", "Answer", "details", ("details",)),
]


def _vector_sql(name_field, fields):
    """The name's words weigh A, the other fields' B: a match in the name ranks first."""

    def vector(columns, weight):
        text = " || ' ' || ".join(f"COALESCE({column}::text, '')" for column in columns)
        return f"setweight(to_tsvector('{CONFIG}'::regconfig, {text}), '{weight}')"

    others = [field for field in fields if field != name_field]
    return " || ".join([vector([name_field], "A")] + ([vector(others, "B")] if others else []))


def _short(model_name):
    return model_name.lower()[:12]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, name_field, fields in SEARCHED:
        model = apps.get_model(app_label, model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        schema_editor.remove_index(
            model, GinIndex(SearchVector(*fields, config=CONFIG), name=f"{_short(model_name)}_fts_gin")
        )
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({_vector_sql(name_field, fields)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {_short(model_name)}_vector_gin ON {table} USING gin (search_vector)"
        )
    tune_postgresql(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, _name_field, fields in SEARCHED:
        model = apps.get_model(app_label, model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        schema_editor.execute(f"DROP INDEX IF EXISTS {_short(model_name)}_vector_gin")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
        schema_editor.add_index(
            model, GinIndex(SearchVector(*fields, config=CONFIG), name=f"{_short(model_name)}_fts_gin")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0004_accessrequest"),
        ("countries", "0009_load_reference"),
        ("contacts", "0005_directory_order"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
