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
import re
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import ConsoleMessage, Page, Response

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


@pytest.fixture
def sample_data(transactional_db):
    call_command("seed_sample", scale=1, verbosity=0)


@pytest.fixture
def demo_official(sample_data):
    """The sample data and the demo official that `make run` prints: (username, password)."""
    out = StringIO()
    with override_settings(DEBUG=True):  # the command is for development only, as `make run` is
        call_command("create_demo_accounts", stdout=out)
    return "demo-official", re.search(r"demo-official\s+(\S+)", out.getvalue()).group(1)


@pytest.fixture
def browser_problems(page: Page):
    """Console errors, uncaught exceptions and failed or 4xx/5xx loads of the page under test."""
    problems = []

    def on_console(message: ConsoleMessage):
        if message.type == "error":
            problems.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def on_response(response: Response):
        if response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught exception: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed load: {request.url} ({request.failure})"))
    page.on("response", on_response)
    return problems
