"""Failures survived, tried on real processes: gunicorn serving the handbook while Redis or the
database cannot be reached, and again once they are back. Also the probes, /healthz and /readyz."""

import json
import shutil

import dj_database_url
import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from tests.processes import Gunicorn, RedisServer, Relay, environment, free_port, get

PAGES = ["/", "/countries/albania/", "/contacts/", "/search/?q=police", "/route/?c=AL&c=RS"]
INTERNALS = [b"Traceback", b"OperationalError", b"psycopg", b"connection", b"5432", b"sqlite"]


@pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="needs the redis-server program (Debian's redis-server; CI installs it)",
)
def test_pages_answer_without_redis_and_use_it_again_once_it_is_back(served):
    tmp, url = served
    redis_port = free_port()  # nothing listens there yet
    env = environment(tmp, database_url=url, redis_url=f"redis://127.0.0.1:{redis_port}/0")
    redis_server = RedisServer(redis_port)
    with Gunicorn(env, tmp / "without-redis.log") as server:
        for _round in range(2):
            for page in PAGES:
                assert get(server.port, page)[0] == 200, page
        status, body = get(server.port, "/readyz")
        assert (status, json.loads(body)) == (503, {"database": "ok", "cache": "unavailable"})
        # Logged once for the whole outage so far, not once per request.
        assert server.log_text().count("The cache cannot be reached") == 1

        client = redis_server.start()
        try:
            for page in PAGES:
                assert get(server.port, page)[0] == 200, page
            assert get(server.port, "/readyz") == (200, b'{"database": "ok", "cache": "ok"}')
            assert client.dbsize() > 0  # the pages and the data version are cached again
        finally:
            redis_server.stop()


def test_pages_answer_503_while_postgresql_cannot_be_reached_and_recover(served):
    tmp, url = served
    if not url.startswith("postgres"):
        pytest.skip("a SQLite database is a file that cannot be cut off; CI runs this on PostgreSQL")
    config = dj_database_url.parse(url)
    relay = Relay(int(config["PORT"]))
    relayed = f"postgres://{config['USER']}@127.0.0.1:{relay.port}/{config['NAME']}"
    try:
        with Gunicorn(environment(tmp, database_url=relayed), tmp / "without-postgresql.log") as server:
            relay.cut()
            for page in PAGES:
                status, body = get(server.port, page)
                assert status == 503, page
                assert b"temporarily unavailable" in body
                assert not [word for word in INTERNALS if word in body], page
            status, body = get(server.port, "/readyz")
            assert (status, json.loads(body)) == (503, {"database": "unavailable", "cache": "ok"})
            assert get(server.port, "/healthz") == (200, b"ok")  # alive, only not ready

            relay.restore()
            for page in PAGES:
                assert get(server.port, page)[0] == 200, page
            assert get(server.port, "/readyz")[0] == 200
    finally:
        relay.close()


# The error handler, in the test process.


def _database_gone(request):
    raise OperationalError("could not connect to server: Connection refused (127.0.0.1:5432)")


def _bug(request):
    raise ValueError("a bug")


urlpatterns = [
    path("database-gone/", _database_gone),
    path("bug/", _bug),
    path("fine/", lambda request: HttpResponse("fine")),
]
handler500 = "operations.views.server_error"


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_database_error_is_a_503_page_and_any_other_error_a_500(db):
    client = Client(raise_request_exception=False)
    response = client.get("/database-gone/")
    assert response.status_code == 503
    assert b"temporarily unavailable" in response.content
    assert not [word for word in INTERNALS if word in response.content]
    response = client.get("/bug/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_readyz_says_ready_when_the_database_and_the_cache_answer(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
