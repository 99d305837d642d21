"""A signed-in user is read from the worker's memory while the shared cache says it is current, and
from the database as soon as anything about the user changed (handbook/auth_backend.py)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Authority, ContactPoint
from handbook import auth_backend

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
