"""A data version that every save bumps, so cached fragments never outlive the data they show.

Fragments are cached under keys that contain this version (and the viewer's audience: public or
officials), so a save makes every older fragment unreachable at once, in every worker process
that shares the cache. Nothing is invalidated key by key.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

VERSION_KEY = "handbook:data-version"


def current():
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock so that a cache flushed and refilled never reuses an old version.
        version = time.time_ns()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
    return version


def _increment():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def bump(**kwargs):
    """Any change to handbook data makes a new version (also a signal receiver).

    Bumped at once, so that the request that made the change sees it, and again when the
    transaction commits, so that a page another process rendered from the data as it was
    before the commit, under the intermediate version, is not served afterwards.
    """
    _increment()
    transaction.on_commit(_increment)


def audience(user):
    """Who a fragment was rendered for. Officials see more than the public; never share across."""
    return "officials" if user.is_authenticated and user.is_active else "public"


def cached(key, compute, timeout=None):
    """Return `compute()` cached under `key` for the current data version."""
    full_key = f"handbook:{current()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=timeout if timeout is not None else 3600)
    return value


def cache_for_anonymous(view):
    """Serve a whole page from the cache to visitors without any session, keyed by the data
    version, the path and the query string.

    Only a request that carries no session cookie qualifies: it has no messages waiting and no
    rights, so every such visitor gets the same page. Signed-in officials are never served from
    here (their pages carry a CSRF token and their name), nor is any response that sets a cookie.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"handbook:page:{digest}"
        # One round trip for both: the page is stored with the version it was rendered from,
        # and served only while that is still the current version.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = current()
        cached_page = found.get(key)
        if cached_page is not None and cached_page[0] == version:
            _version, content, content_type = cached_page
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.cookies:
                cache.set(key, (version, response.content, response["Content-Type"]), timeout=3600)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
