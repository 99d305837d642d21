"""What operators see (operations/observability.py): JSON request logs without personal data or
secrets, metrics only for allowed addresses, errors reported to Sentry without personal data."""

import gzip
import http.server
import io
import json
import logging
import threading
import time

import pytest

from operations.observability import HandbookJsonFormatter, RequestIdFilter, scrub_event
from tests.conftest import PASSWORD
from tests.processes import Gunicorn, environment, free_port, get, manage


@pytest.fixture
def request_log():
    """The handbook's request log as production writes it: JSON lines, collected here."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(HandbookJsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("handbook.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.mark.django_db
def test_a_request_is_logged_as_one_json_line_without_its_query(client, request_log):
    response = client.get("/search/?q=Jane+Doe+Smuggler", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")

    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "nginx-0123456789abcdef"
    [line] = request_log()
    assert line["logger"] == "handbook.requests"
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/search/"
    assert line["status"] == 200
    assert line["role"] == "visitor"
    assert line["request_id"] == "nginx-0123456789abcdef"
    assert isinstance(line["duration_ms"], float)
    assert "timestamp" in line
    assert "Jane" not in json.dumps(line)


@pytest.mark.django_db
def test_a_made_up_request_id_is_replaced(client, request_log):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert response.headers["X-Request-ID"] != "<script>"
    assert len(response.headers["X-Request-ID"]) == 32
    assert request_log() == []  # a probe that answers is not logged


@pytest.mark.django_db
def test_a_sign_in_logs_no_password_token_or_session(client, official, request_log):
    client.get("/accounts/login/")
    csrf = client.cookies["csrftoken"].value
    client.post("/accounts/login/", {"username": official.username, "password": PASSWORD, "csrfmiddlewaretoken": csrf})
    client.get("/contacts/")
    session = client.cookies["sessionid"].value

    text = json.dumps(request_log())
    assert PASSWORD not in text
    assert csrf not in text
    assert session not in text
    assert official.username not in text
    assert [line["role"] for line in request_log()] == ["visitor", "visitor", "official"]


@pytest.mark.django_db
def test_the_role_of_staff_is_logged_by_role_never_by_name(client, coordinator, request_log):
    client.force_login(coordinator)
    client.get("/admin/review/")
    assert request_log()[-1]["role"] in ("coordinator", "staff")
    assert coordinator.username not in json.dumps(request_log())


@pytest.mark.django_db
def test_metrics_answer_allowed_addresses_only(client, settings):
    client.get("/countries/")
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert b"django_http_requests_total_by_method_total" in response.content

    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 404
    # Through the proxy (which forwards the client's address) never, whoever asks.
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 404

    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_sentry_events_lose_query_body_cookies_and_headers():
    event = {
        "request": {
            "url": "https://handbook.example.org/search/?q=Jane",
            "query_string": "q=Jane",
            "data": {"password": "secret"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Host": "handbook.example.org", "Cookie": "sessionid=abc", "Authorization": "Basic x"},
        }
    }
    scrubbed = scrub_event(event, {})["request"]
    assert scrubbed == {"url": "https://handbook.example.org/search/", "headers": {"Host": "handbook.example.org"}}


class _SentryIngest(http.server.BaseHTTPRequestHandler):
    """Stands in for Sentry's ingest on 127.0.0.1: keeps every envelope it is sent."""

    envelopes = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # the SDK compresses with Brotli where it is installed (WeasyPrint's)
            import brotli

            body = brotli.decompress(body)
        self.envelopes.append(body.decode("utf-8", "replace"))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_an_error_is_reported_to_sentry_without_personal_data(tmp_path):
    ingest = http.server.HTTPServer(("127.0.0.1", free_port()), _SentryIngest)
    threading.Thread(target=ingest.serve_forever, daemon=True).start()
    _SentryIngest.envelopes = []
    # A database that cannot be opened: every page that reads it fails.
    env = environment(tmp_path, database_url=f"sqlite:///{tmp_path}/missing/folder/handbook.sqlite3")
    env["SENTRY_DSN"] = f"http://public0123456789@127.0.0.1:{ingest.server_port}/1"
    manage(env, "collectstatic", "--no-input")
    try:
        with Gunicorn(env, tmp_path / "gunicorn.log") as server:
            status, body = get(server.port, "/countries/?q=Jane+Doe")
            deadline = time.monotonic() + 15
            while not _SentryIngest.envelopes and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        ingest.shutdown()
    assert status == 503
    assert b"temporarily unavailable" in body.lower()
    assert _SentryIngest.envelopes, "no event reached Sentry"
    sent = "\n".join(_SentryIngest.envelopes)
    assert "OperationalError" in sent
    assert "Jane" not in sent
