"""Backups of the whole database, and their restoration, each checked against a manifest.

A backup is a folder: the database itself (`database.dump`, PostgreSQL's custom format written by
`pg_dump`; or `database.sqlite3`, a copy made with SQLite's backup API) and `manifest.json`, which
records when and from what it was made and how many rows every table held. On PostgreSQL the rows
are counted in the very snapshot that `pg_dump` reads (an exported snapshot of a repeatable-read
transaction), so the manifest and the dump agree even while focal points keep saving.

`restore` writes a backup into an empty database (or, with `force`, over one that is not empty),
then counts the rows of every table again and fails if one differs from the manifest.
"""

import datetime
import json
import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import Signal

# Sent with `connection` once a PostgreSQL dump is restored: what a dump does not carry (an
# extension's own settings, handbook/search.py's trigram cost) is set again by its receivers.
restored = Signal()

MANIFEST = "manifest.json"
FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FORMAT = 1


class BackupError(Exception):
    """A backup or a restore that cannot be done, with the reason as its message."""


def _postgres_environment(settings_dict):
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def _run(command, env=None):
    try:
        return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603 (fixed programs)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).") from None
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from None


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def _count_rows(cursor, tables):
    """{table: rows} for `tables`, names that come from the database's own catalogue."""
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (a catalogue name, quoted)
        counts[table] = cursor.fetchone()[0]
    return counts


_POSTGRES_TABLES = (
    "SELECT table_name FROM information_schema.tables "
    "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
)
_SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"


def _sqlite_counts(database):
    cursor = database.cursor()
    return _count_rows(cursor, [row[0] for row in cursor.execute(_SQLITE_TABLES)])


def _current_counts(connection):
    with connection.cursor() as cursor:
        cursor.execute(_POSTGRES_TABLES if connection.vendor == "postgresql" else _SQLITE_TABLES)
        return _count_rows(cursor, [row[0] for row in cursor.fetchall()])


def backup(path, *, using="default"):
    """Write a backup of database `using` into the folder `path` (new or empty); its manifest."""
    path = Path(path)
    if path.exists() and any(path.iterdir()):
        raise BackupError(f"{path} is not empty: give a new folder for each backup.")
    connection = connections[using]
    if connection.vendor not in FILES:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    path.mkdir(parents=True, exist_ok=True)
    target = path / FILES[connection.vendor]
    if connection.vendor == "postgresql":
        import psycopg

        settings_dict = connection.settings_dict
        with psycopg.connect(
            dbname=settings_dict["NAME"],
            host=settings_dict.get("HOST") or None,
            port=settings_dict.get("PORT") or None,
            user=settings_dict.get("USER") or None,
            password=settings_dict.get("PASSWORD") or None,
        ) as snapshot_connection:
            snapshot_connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = snapshot_connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
            cursor = snapshot_connection.cursor()
            cursor.execute(_POSTGRES_TABLES)
            counts = _count_rows(cursor, [row[0] for row in cursor.fetchall()])
            _run(
                ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={target}"],
                env=_postgres_environment(settings_dict),
            )
            snapshot_connection.rollback()
    else:
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
            counts = _sqlite_counts(copy)
        copy.close()
    manifest = {
        "format": FORMAT,
        "vendor": connection.vendor,
        "file": target.name,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "last_migration": _last_migration(connection),
        "tables": counts,
    }
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _last_migration(connection):
    recorder = MigrationRecorder(connection)
    latest = recorder.migration_qs.order_by("-applied", "-id").values_list("app", "name").first()
    return "/".join(latest) if latest else None


def read_manifest(path):
    try:
        manifest = json.loads((Path(path) / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{path} holds no {MANIFEST}: not a backup.") from None
    except json.JSONDecodeError as error:
        raise BackupError(f"{MANIFEST} cannot be read: {error}") from None
    if manifest.get("format") != FORMAT or manifest.get("vendor") not in FILES:
        raise BackupError(f"{MANIFEST} is not of a known format.")
    return manifest


# Extensions are not the handbook's to drop or recreate: the database user may not own them (an
# administrator created them, README: Deployment). They are created when missing, and the dump's
# own extension entries are left out of the restore.
EXTENSIONS = ("pg_trgm", "unaccent")


def _restore_postgresql(connection, source, *, force):
    env = _postgres_environment(connection.settings_dict)
    with connection.cursor() as cursor:
        for extension in EXTENSIONS:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    connection.close()
    listing = _run(["pg_restore", "--list", str(source)], env=env)
    entries = [line for line in listing.splitlines() if " EXTENSION " not in line]
    with tempfile.NamedTemporaryFile("w", suffix=".list") as chosen:
        chosen.write("\n".join(entries) + "\n")
        chosen.flush()
        command = [
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--use-list={chosen.name}",
            f"--dbname={env['PGDATABASE']}",
        ]
        if force:
            command += ["--clean", "--if-exists"]
        _run([*command, str(source)], env=env)
    restored.send(sender=restore, connection=connection)


def restore(path, *, using="default", force=False):
    """Restore the backup in folder `path` into database `using`, then check every table's rows
    against the manifest. Refuses a database that holds tables unless `force`."""
    path = Path(path)
    manifest = read_manifest(path)
    connection = connections[using]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"This backup is of a {manifest['vendor']} database, not {connection.vendor}.")
    source = path / manifest["file"]
    if not source.exists():
        raise BackupError(f"{source} is missing.")
    existing = _current_counts(connection)
    if existing and not force:
        raise BackupError(
            f"The database is not empty ({len(existing)} tables): restore into an empty database, "
            "or give --force to replace what it holds."
        )
    connection.close()
    if connection.vendor == "postgresql":
        _restore_postgresql(connection, source, force=force)
    else:
        connection.ensure_connection()
        with sqlite3.connect(source) as backup_copy:
            backup_copy.backup(connection.connection)
        backup_copy.close()
    restored = _current_counts(connection)
    differences = {
        table: (expected, restored.get(table))
        for table, expected in manifest["tables"].items()
        if restored.get(table) != expected
    }
    if differences:
        listed = ", ".join(f"{table} {found} rows, not {expected}" for table, (expected, found) in differences.items())
        raise BackupError(f"The restored database differs from the manifest: {listed}.")
    return manifest
