"""Settings refuse to start production without a secret key, and migrations are complete."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_refuses_to_start():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_with_secret_key_passes_check():
    result = _manage("check", DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="handbook.example.org")
    assert result.returncode == 0, result.stderr


def test_bad_boolean_is_rejected_clearly():
    result = _manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_no_migration_is_missing(db):
    # Fails (SystemExit 1) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_demo_accounts_have_their_roles(db, settings):
    from io import StringIO

    from django.contrib.auth import get_user_model

    from countries.scope import is_coordinator, is_focal_point, managed_country_ids

    settings.DEBUG = True
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    users = {user.username: user for user in get_user_model().objects.all()}
    assert is_coordinator(users["demo-coordinator"]) and not users["demo-coordinator"].is_superuser
    focal = users["demo-focal-al"]
    assert is_focal_point(focal) and managed_country_ids(focal) == {focal.focal_point_countries.get(code="AL").pk}
    assert "demo-focal-rs" in out.getvalue()
    official = users["demo-official"]
    assert "demo-official" in out.getvalue() and not official.is_staff
    assert list(official.groups.values_list("name", flat=True)) == ["Officials"]
