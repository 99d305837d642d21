"""A data version that every save bumps, so cached fragments never outlive the data they show.

Fragments are cached under keys that contain this version (and the viewer's audience: public or
officials), so a save makes every older fragment unreachable at once, in every worker process
that shares the cache. Nothing is invalidated key by key.
"""

import time

from django.core.cache import cache
from django.db import transaction

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
