"""Browser journeys drive the system Chromium through pytest-playwright against `live_server`.

`live_server` makes every test here transactional: the database is flushed after each test, which
also empties the reference data (countries, languages, organizations, role groups) created by the
migrations. `serialized_rollback` reloads it before each test, and `_restore_reference_data`
reloads it once more after each module so that tests running later still find it.

A downloaded browser cannot work here, so the launch points at /usr/bin/chromium (or
$CHROMIUM). Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
to run inside one unless told that this is deliberate, hence DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_data(django_db_blocker):
    yield
    from django.db import connections

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
