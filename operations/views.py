"""Probes for load balancers and the error pages, which reveal nothing of the stack."""

import sys

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.crypto import get_random_string
from django.views import defaults
from django.views.decorators.cache import never_cache


def healthz(request):
    """Liveness: the process answers. A trivial view, also the baseline of the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def _cache_answers():
    """Whether the cache answers: with Redis, a PING through django-redis's own client (its reads
    and writes ignore an outage, so they cannot tell); otherwise a write read back."""
    try:
        client = getattr(cache, "client", None)
        if client is not None and hasattr(client, "get_client"):
            return bool(client.get_client(write=True).ping())
        token = get_random_string(12)
        cache.set("handbook:readyz", token, timeout=10)
        return cache.get("handbook:readyz") == token
    except Exception:  # any failure of the cache means "not ready"; the probe must not crash
        return False


@never_cache
def readyz(request):
    """Readiness for a load balancer: 200 when the database and the cache answer, 503 otherwise,
    with which of them failed."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


def server_error(request):
    """The 500 handler: a database that cannot be reached is a 503, "temporarily unavailable",
    wherever in the request it failed (Django calls this while handling the exception); anything
    else is the site's 500 page. Neither says anything of the internals."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return HttpResponse(loader.render_to_string("503.html"), status=503)
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    # The reason stays in the server log; the page only says what to do.
    return render(request, "403_csrf.html", status=403)
