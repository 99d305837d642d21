"""Browser journeys drive the system Chromium through pytest-playwright against `live_server`.

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
