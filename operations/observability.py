"""What operators see of a running handbook: one JSON log line per request, a request id on every
log line, Prometheus metrics for the addresses they allow, and errors reported to Sentry.

Logs hold no personal data and no secret: a request is logged with its method, its path without
the query string (search terms and filters may name people), the status, the duration and the
role of whoever asked (never who). The formatter writes only the fields listed here, so a value a
library attaches to a record (Django attaches the whole request) never reaches the log.
"""

import contextvars
import ipaddress
import logging
import re
import time
import uuid

from django.conf import settings
from django.http import Http404
from pythonjsonlogger.json import JsonFormatter

from countries.scope import COORDINATORS, FOCAL_POINTS

request_logger = logging.getLogger("handbook.requests")
current_request_id = contextvars.ContextVar("request_id", default="")

# A request id from the proxy in front (nginx's $request_id) is kept when it looks like one.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Liveness and readiness probes come every few seconds: logged only when they fail.
_PROBES = ("/healthz", "/readyz")

# The only fields a log line may hold (and the traceback of an error).
LOG_FIELDS = (
    *("timestamp", "level", "logger", "message", "request_id"),
    *("method", "path", "status", "duration_ms", "role"),
)


class RequestIdFilter(logging.Filter):
    """Gives every record the id of the request being served (empty outside a request)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id.get()
        return True


class HandbookJsonFormatter(JsonFormatter):
    """One JSON object per line with the fields of LOG_FIELDS (and the traceback of an error)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", True)
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        for key in list(log_data):
            if key not in LOG_FIELDS and key not in ("exc_info", "stack_info"):
                del log_data[key]
        for key in list(log_data):
            if log_data[key] in ("", None) and key not in ("message",):
                del log_data[key]


def role_of(request):
    """The role of whoever made the request, without a database query: a visitor, an official, a
    focal point, a coordinator, or staff when the groups were not read while serving the page."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return "visitor"
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "visitor"
    if user.is_superuser:
        return "coordinator"
    groups = getattr(user, "_handbook_groups", None)
    if groups is not None:
        if COORDINATORS in groups:
            return "coordinator"
        if FOCAL_POINTS in groups:
            return "focal point"
    return "staff" if user.is_staff else "official"


class RequestLogMiddleware:
    """Names each request (X-Request-ID, kept from the proxy or made here), answers with the name,
    and logs the request once it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
            response.headers["X-Request-ID"] = request_id
            if response.status_code >= 400 or request.path not in _PROBES:
                request_logger.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "role": role_of(request),
                    },
                )
            return response
        finally:
            current_request_id.reset(token)


def _allowed_networks():
    return [ipaddress.ip_network(item, strict=False) for item in settings.METRICS_ALLOWED_IPS]


def metrics(request):
    """Prometheus metrics (django-prometheus, every worker's together), for the addresses in
    METRICS_ALLOWED_IPS only, and never through the proxy: anyone else gets a plain 404."""
    if "X-Forwarded-For" in request.headers:
        raise Http404
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        raise Http404 from None
    if not any(address in network for network in _allowed_networks()):
        raise Http404
    from django_prometheus.exports import ExportToDjangoView

    return ExportToDjangoView(request)


def scrub_event(event, hint):
    """Sentry's before_send: drop what may hold personal data or secrets from a reported request
    (the query string, the body, cookies, and every header but a few harmless ones) and the data
    of breadcrumbs (SQL parameters, URLs with queries)."""
    for breadcrumb in (event.get("breadcrumbs") or {}).get("values", []):
        breadcrumb.pop("data", None)
    request = event.get("request")
    if request:
        request.pop("query_string", None)
        request.pop("data", None)
        request.pop("cookies", None)
        headers = request.get("headers") or {}
        request["headers"] = {
            name: value for name, value in headers.items() if name.lower() in ("host", "user-agent", "x-request-id")
        }
        if "url" in request:
            request["url"] = request["url"].split("?", 1)[0]
    return event


def init_sentry(dsn, *, environment, traces_sample_rate):
    """Report errors to Sentry (only called when SENTRY_DSN is set)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        environment=environment,
        send_default_pii=False,
        include_local_variables=False,  # a frame's variables may hold a contact's details
        traces_sample_rate=traces_sample_rate,
        before_send=scrub_event,
    )
