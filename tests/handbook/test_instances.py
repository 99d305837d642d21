"""Several stateless instances, one state: two gunicorn instances on the same database and the same
Redis share sessions, lockout counts, page caches and data versions (real processes)."""

import datetime
import re
import shutil

import pytest

from tests.processes import Browser, Gunicorn, RedisServer, environment, free_port, manage

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="needs the redis-server program (Debian's redis-server; CI installs it)",
)

PASSWORD = "twin-instances-long-passphrase"
ACCOUNTS = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from axes.models import AccessAttempt
AccessAttempt.objects.all().delete()
for username, group, staff in [("twin-official", "Officials", False), ("twin-locked", "Officials", False),
                               ("twin-coordinator", "Coordinators", True)]:
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password({PASSWORD!r})
    user.is_staff = staff
    user.is_active = True
    user.save()
    user.groups.add(Group.objects.get(name=group))
"""


@pytest.fixture
def instances(served):
    tmp, url = served
    redis_port = free_port()
    redis_server = RedisServer(redis_port)
    redis_server.start()
    env = environment(tmp, database_url=url, redis_url=f"redis://127.0.0.1:{redis_port}/0")
    env["HANDBOOK_REQUIRE_2FA"] = "0"  # the coordinator's edit below; the second factor has tests of its own
    manage(env, "shell", "-c", ACCOUNTS)
    try:
        with Gunicorn(env, tmp / "instance-a.log") as a, Gunicorn(env, tmp / "instance-b.log") as b:
            yield a, b
    finally:
        redis_server.stop()


def _sign_in(browser, port, username, password=PASSWORD):
    browser.request(port, "/accounts/login/")  # the CSRF cookie
    return browser.request(port, "/accounts/login/", {"username": username, "password": password})


def test_a_session_made_on_one_instance_works_on_the_other(instances):
    a, b = instances
    browser = Browser()
    status, _location, _body = _sign_in(browser, a.port, "twin-official")
    assert status == 302
    for port in (b.port, a.port, b.port):
        status, _location, body = browser.request(port, "/")
        assert status == 200
        assert b"Sign out (twin-official)" in body


def test_failed_sign_ins_split_across_instances_lock_the_account_at_the_same_count(instances):
    a, b = instances
    browser = Browser()
    for port in (a.port, b.port, a.port, b.port):
        status, _location, _body = _sign_in(browser, port, "twin-locked", "a wrong password")
        assert status == 200  # the form again, with its error
    assert _sign_in(browser, a.port, "twin-locked", "a wrong password")[0] == 429  # the fifth failure locks
    # Locked on both, even with the right password.
    assert _sign_in(browser, b.port, "twin-locked")[0] == 429
    assert _sign_in(Browser(), a.port, "twin-locked")[0] == 429


def test_an_edit_saved_through_one_instance_shows_on_the_others_next_page(instances):
    a, b = instances
    reader, editor = Browser(), Browser()
    today = datetime.date.today()
    reviewed_today = f"Last reviewed on {today.day} {today:%B %Y}".encode()
    status, _location, before = reader.request(b.port, "/countries/albania/")  # cached on B now
    assert status == 200 and reviewed_today not in before
    assert _sign_in(editor, a.port, "twin-coordinator")[0] == 302
    status, _location, change_page = editor.request(a.port, "/admin/countries/country/?q=Albania")
    assert status == 200
    pk = int(re.search(rb"/admin/countries/country/(\d+)/change/", change_page).group(1))
    status, _location, _body = editor.request(a.port, f"/admin/countries/country/{pk}/mark-reviewed/", {})
    assert status == 302
    status, _location, after = reader.request(b.port, "/countries/albania/")
    assert status == 200
    assert reviewed_today in after
