"""`manage.py backup` and `restore`: a backup restored into a new database holds the same rows in
every table, history included, on SQLite and on PostgreSQL; a database that is not empty is
refused unless --force."""

import sqlite3
import subprocess

import dj_database_url
import pytest
from django.core.management import call_command
from django.db import connection

from contacts.models import ContactPoint
from handbook.backups import BackupError, backup, read_manifest
from tests.processes import PYTHON, ROOT, drop_served_database, environment, served_database_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # pg_dump sees committed rows

TABLES = {
    "postgresql": (
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
    ),
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
}


def _rows(cursor, vendor):
    cursor.execute(TABLES[vendor])
    tables = [row[0] for row in cursor.fetchall()]
    contents = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (a catalogue name)
        contents[table] = sorted(
            (tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()), key=repr
        )
    return contents


def _source_rows():
    """Every row of the test database, read as plainly as the restored one is (on SQLite, without
    the converters of Django's own connection)."""
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]
        with sqlite3.connect(name, uri=str(name).startswith("file:")) as database:
            return _rows(database.cursor(), "sqlite")
    with connection.cursor() as cursor:
        return _rows(cursor, "postgresql")


def _restored_rows(url):
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as database:
            return _rows(database.cursor(), "sqlite")
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"], port=config["PORT"], user=config["USER"], dbname=config["NAME"]
    ) as database:
        return _rows(database.cursor(), "postgresql")


def _restore(tmp_path, url, *extra):
    return subprocess.run(
        [PYTHON, "manage.py", "restore", str(tmp_path / "backup"), *extra],
        cwd=ROOT,
        env=environment(tmp_path, database_url=url),
        capture_output=True,
        text=True,
    )


def test_a_backup_restores_into_a_new_database_with_every_row(tmp_path, official):
    call_command("seed_sample", scale=1, verbosity=0)
    point = ContactPoint.objects.filter(is_sample=True).first()
    point.function = "Edited desk"  # a history row of its own
    point.save()

    manifest = backup(tmp_path / "backup")
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["contacts_contactpoint"] == ContactPoint.objects.count()
    assert manifest["tables"]["contacts_historicalcontactpoint"] >= 1
    source = _source_rows()

    url = served_database_url(tmp_path, "handbook_restored")
    try:
        result = _restore(tmp_path, url)
        assert result.returncode == 0, result.stderr
        assert "every table matches the manifest" in result.stdout
        assert _restored_rows(url) == source

        # Not empty any more: refused, and nothing changed; --force replaces it.
        again = _restore(tmp_path, url)
        assert again.returncode != 0
        assert "not empty" in again.stderr
        forced = _restore(tmp_path, url, "--force")
        assert forced.returncode == 0, forced.stderr
        assert _restored_rows(url) == source
    finally:
        drop_served_database(url)


def test_a_backup_needs_a_new_folder_and_a_restore_a_backup(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")
    with pytest.raises(BackupError, match="not empty"):
        backup(tmp_path / "used")
    with pytest.raises(BackupError, match="not a backup"):
        read_manifest(tmp_path / "used")
