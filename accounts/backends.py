"""Signed-in users read without a database query on every request, and never stale.

Every request of a signed-in official loads its user to know the audience of the page, even one
served from the cache, where that query would be most of the work left. `UserBackend.get_user` keeps
each user's row in the memory of the worker process, together with a version of that user kept
in the shared cache, and uses the row only while the shared version is unchanged. Any save or
delete of a user sets a new version (at once and again when the transaction commits), so that a
deactivated account, a changed password or a new staff status counts on the next request in every
process. Without a version in the cache (flushed, or Redis unreachable) the row is read from the
database as before. Nothing of the user is written to the shared cache but that version number;
each request gets an instance of its own.
"""

import contextlib
import contextvars
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import router, transaction

# {user id: (version, field names, values)}: rows of this process's recent users.
_rows = {}
MAX_ROWS = 10_000


# Versions the page cache already fetched with the page (operations/page_cache.py), {user id: version}.
_known_versions = contextvars.ContextVar("handbook_known_user_versions", default=None)


def version_key(user_id):
    return f"handbook:user-version:{user_id}"


def _new_version(user_id):
    cache.set(version_key(user_id), time.time_ns(), timeout=None)


@contextlib.contextmanager
def versions_known(versions):
    """Within the block, `get_user` takes these users' versions ({user id: version}, as just read
    from the cache) instead of asking the cache again. A None version is looked up as usual."""
    token = _known_versions.set({pk: version for pk, version in versions.items() if version is not None})
    try:
        yield
    finally:
        _known_versions.reset(token)


def forget_user(sender, instance, **kwargs):
    """post_save / post_delete of a user: its cached row must not be used any more."""
    _new_version(instance.pk)
    transaction.on_commit(lambda: _new_version(instance.pk), using=router.db_for_write(sender))


class UserBackend(ModelBackend):
    """Django's ModelBackend, with `get_user` read through the process's rows (see above)."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            pk = User._meta.pk.to_python(user_id)
        except Exception:  # a malformed id in a session: no user, as ModelBackend answers
            return None
        version = (_known_versions.get() or {}).get(pk)
        if version is None:
            version = cache.get(version_key(pk))
        row = _rows.get(pk)
        if version is not None and row is not None and row[0] == version:
            _version, names, values = row
            return User.from_db(router.db_for_read(User), names, values)
        if version is None:
            _new_version(pk)
            version = (_known_versions.get() or {}).get(pk)
        if version is None:
            version = cache.get(version_key(pk))
        user = super().get_user(pk)
        if user is None or version is None:
            _rows.pop(pk, None)
            return user
        if len(_rows) >= MAX_ROWS:
            _rows.clear()
        names = [field.attname for field in User._meta.concrete_fields]
        _rows[pk] = (version, names, [getattr(user, name) for name in names])
        return user
