"""Search on PostgreSQL in English, French and Russian: the stored text-search vectors of
countries, organizations and provisions also hold their French and Russian text (countries
0010), each language read by its own text search configuration, and the questions of the
questionnaire get a vector of their own. `handbook_fr` and `handbook_ru` stem French and Russian
words and fold accents as `handbook` does; handbook/search.py asks the three configurations at
once. On SQLite this migration does nothing (handbook/search.py reads the columns there)."""

from django.db import migrations

# config: the suffix of the columns it reads ("" for the original, English column)
CONFIGS = {"handbook": "", "handbook_fr": "_fr", "handbook_ru": "_ru"}
STEMMERS = {"handbook_fr": ("french", "french_stem"), "handbook_ru": ("russian", "russian_stem")}

# (app, model, name field, full-text fields, translated fields): as handbook.search.KINDS.
SEARCHED = [
    ("countries", "Country", "name", ("name", "summary"), ("name",)),
    ("countries", "Organization", "acronym", ("acronym", "name", "role"), ("name", "role")),
    ("countries", "Provision", "title", ("article", "title", "summary", "excerpt"), ("title", "summary")),
    ("countries", "Question", "text", ("text",), ("text",)),
]
BEFORE = {
    "Country": "setweight(to_tsvector('handbook'::regconfig, COALESCE(name::text, '')), 'A') || "
    "setweight(to_tsvector('handbook'::regconfig, COALESCE(summary::text, '')), 'B')",
    "Organization": "setweight(to_tsvector('handbook'::regconfig, COALESCE(acronym::text, '')), 'A') || "
    "setweight(to_tsvector('handbook'::regconfig, COALESCE(name::text, '') || ' ' || COALESCE(role::text, '')), 'B')",
    "Provision": "setweight(to_tsvector('handbook'::regconfig, COALESCE(title::text, '')), 'A') || "
    "setweight(to_tsvector('handbook'::regconfig, COALESCE(article::text, '') || ' ' || COALESCE(summary::text, '') "
    "|| ' ' || COALESCE(excerpt::text, '')), 'B')",
}


def vector_sql(name_field, fields, translated):
    """Each language's words by its own configuration; the name's weigh A, the rest B."""
    parts = []
    for weight, columns in (("A", [name_field]), ("B", [field for field in fields if field != name_field])):
        for config, suffix in CONFIGS.items():
            names = [f"{column}{suffix}" for column in columns if not suffix or column in translated]
            if names:
                text = " || ' ' || ".join(f"COALESCE({name}::text, '')" for name in names)
                parts.append(f"setweight(to_tsvector('{config}'::regconfig, {text}), '{weight}')")
    return " || ".join(parts)


def _short(model_name):
    return model_name.lower()[:12]


def _replace_vector(schema_editor, table, model_name, sql):
    schema_editor.execute(f"DROP INDEX IF EXISTS {_short(model_name)}_vector_gin")
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({sql}) STORED")
    schema_editor.execute(f"CREATE INDEX {_short(model_name)}_vector_gin ON {table} USING gin (search_vector)")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for config, (language, stemmer) in STEMMERS.items():
        schema_editor.execute(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{config}') THEN "
            f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {language}); "
            f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR hword, hword_part, word "
            f"WITH unaccent, {stemmer}; "
            "END IF; END $$"
        )
    for app_label, model_name, name_field, fields, translated in SEARCHED:
        table = schema_editor.quote_name(apps.get_model(app_label, model_name)._meta.db_table)
        _replace_vector(schema_editor, table, model_name, vector_sql(name_field, fields, translated))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for app_label, model_name, *_rest in SEARCHED:
        table = schema_editor.quote_name(apps.get_model(app_label, model_name)._meta.db_table)
        if model_name in BEFORE:
            _replace_vector(schema_editor, table, model_name, BEFORE[model_name])
        else:
            schema_editor.execute(f"DROP INDEX IF EXISTS {_short(model_name)}_vector_gin")
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    for config in STEMMERS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0006_scheduledrun"),
        ("countries", "0011_load_reference"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
