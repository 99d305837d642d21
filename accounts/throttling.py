"""Throttling: the client's address, a rate limit, and the page that says "too many"."""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_ip(request):
    """The client's address. Behind HANDBOOK_PROXY_COUNT reverse proxies, each appending the
    address it received from to X-Forwarded-For, the client is that many entries from the right;
    anything further left was written by the client and is not trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.HANDBOOK_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote


def allow(key, *, limit, window):
    """Count one event under `key` and say whether it is within `limit` per `window` seconds."""
    # Hashed: the key may hold user input (an email address), unfit for some cache backends.
    cache_key = f"handbook:rate:{hashlib.sha256(key.encode()).hexdigest()}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window)
        return True
    return count <= limit


def too_many_requests(request, message=""):
    return render(request, "429.html", {"message": message}, status=429)
