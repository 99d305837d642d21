"""`manage.py backup` and `restore`: a backup restored into a new database holds the same rows in
every table, history included, on SQLite and on PostgreSQL; a database that is not empty is
refused unless --force."""

import os
import sqlite3
import subprocess

import dj_database_url
import pytest
from django.core.management import call_command
from django.db import connection

from contacts.models import ContactPoint
from operations.backups import BackupError, backup, read_manifest
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's; CI runs this there")
def test_a_database_user_that_owns_no_extension_migrates_backs_up_and_restores(tmp_path):
    """The deployment guide's database user: not a superuser, the extensions created beforehand by
    an administrator. migrate, backup and restore --force all work (search's planner cost is then
    the administrator's to set, and a warning says so)."""
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    admin = f"host={config['HOST']} port={config['PORT']} user={config['USER']}"
    role = f"handbook_role_{os.getpid()}"
    with psycopg.connect(admin + " dbname=postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{role}" WITH (FORCE)')
        server.execute(f'DROP ROLE IF EXISTS "{role}"')
        server.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'a-role-password'")
        server.execute(f'CREATE DATABASE "{role}" OWNER "{role}"')
    with psycopg.connect(admin + f" dbname={role}", autocommit=True) as database:
        database.execute("CREATE EXTENSION pg_trgm; CREATE EXTENSION unaccent")
    url = f"postgres://{role}:a-role-password@{config['HOST']}:{config['PORT']}/{role}"
    env = environment(tmp_path, database_url=url)
    try:
        migrated = _manage(env, "migrate", "--no-input")
        assert "ALTER FUNCTION word_similarity_commutator_op(text, text) COST 100" in migrated.stderr
        _manage(env, "backup", str(tmp_path / "backup"))
        restored = _manage(env, "restore", "--force", str(tmp_path / "backup"))
        assert "Restored" in restored.stdout
    finally:
        with psycopg.connect(admin + " dbname=postgres", autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{role}" WITH (FORCE)')
            server.execute(f'DROP ROLE IF EXISTS "{role}"')


def _manage(env, *args):
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done
