"""A signed-in user is read from the worker's memory while the shared cache says it is current, and
from the database as soon as anything about the user changed (accounts/backends.py)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import backends as auth_backend
from contacts.models import Authority, ContactPoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(albania):
    authority = Authority.objects.create(country=albania, name="Drug Enforcement Directorate", kind="police")
    return ContactPoint.objects.create(authority=authority, function="Covert operations lead", email="zq@example.org")


def _user_queries(client, url="/countries/albania/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries if 'FROM "auth_user"' in query["sql"]], response


def test_a_signed_in_officials_next_requests_read_no_user_row(client, official):
    client.force_login(official)
    first, _ = _user_queries(client)
    assert len(first) == 1  # nothing at hand yet: read from the database
    second, response = _user_queries(client)
    assert second == []
    assert b"Sign out (olivia)" in response.content


def test_a_deactivated_account_is_a_visitor_on_its_next_request(client, official, restricted):
    client.force_login(official)
    assert b"Covert operations lead" in client.get("/countries/albania/").content
    official.is_active = False
    official.save()
    page = client.get("/countries/albania/").content
    assert b"Covert operations lead" not in page
    assert b"Sign out" not in page


def test_a_changed_password_ends_the_other_sessions(client, official, restricted):
    client.force_login(official)
    assert b"Sign out (olivia)" in client.get("/").content
    official.set_password("a new and long passphrase")
    official.save()
    assert b"Sign out" not in client.get("/").content


def test_a_row_is_not_used_once_another_process_changed_the_user(client, official):
    """What another worker's save leaves behind: a new version in the shared cache, and here a row
    read before it. The row must not be used."""
    client.force_login(official)
    client.get("/")
    version, names, values = auth_backend._rows[official.pk]
    stale = dict(zip(names, values, strict=True))
    stale["username"] = "someone-else"
    auth_backend._rows[official.pk] = (version, names, [stale[name] for name in names])
    assert b"Sign out (someone-else)" in client.get("/").content  # the row is used while current

    cache.set(auth_backend.version_key(official.pk), version + 1, timeout=None)  # another worker saved
    queries, response = _user_queries(client, "/")
    assert len(queries) == 1
    assert b"Sign out (olivia)" in response.content


def test_without_the_shared_version_the_user_comes_from_the_database(client, official):
    client.force_login(official)
    client.get("/")
    cache.clear()  # flushed, or Redis restarted: the sessions are in the database too
    queries, response = _user_queries(client, "/")
    assert len(queries) == 1
    assert b"Sign out (olivia)" in response.content


def test_each_request_gets_its_own_user_instance(official):
    backend = auth_backend.UserBackend()
    cache.clear()
    first = backend.get_user(official.pk)
    second = backend.get_user(official.pk)
    assert first == second and first is not second
    second.otp_device = "attached by one request"
    assert not hasattr(backend.get_user(official.pk), "otp_device")
    assert backend.get_user("not a number") is None


def test_a_session_signed_in_before_the_backend_moved_stays_signed_in(client, official, settings):
    """Sessions store the backend's dotted path; those signed in while it was
    handbook/auth_backend.py name that path, which must keep reading the user back."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(official.pk)
    session[BACKEND_SESSION_KEY] = "handbook.auth_backend.UserBackend"
    session[HASH_SESSION_KEY] = official.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = client.get("/accounts/password_change/")
    assert response.status_code == 200
    assert b"Sign out (olivia)" in response.content


def test_the_former_backend_path_signs_nobody_in(official, rf):
    from django.contrib.auth import authenticate

    from handbook.auth_backend import UserBackend
    from tests.conftest import PASSWORD

    request = rf.post("/accounts/login/")
    assert UserBackend().authenticate(request, username="olivia", password=PASSWORD) is None
    user = authenticate(request, username="olivia", password=PASSWORD)
    assert user == official
    assert user.backend == "accounts.backends.UserBackend"
