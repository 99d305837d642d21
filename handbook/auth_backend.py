"""The sign-in backend's former path, kept so that sessions signed in before it moved to
accounts/backends.py stay signed in: Django stores a session's backend as a dotted path and reads
the user back only through a backend of that path listed in AUTHENTICATION_BACKENDS.

It reads users back like its parent and signs nobody in, so a sign-in is checked once. Remove it
(and its line in settings) once every session from before the move has expired
(SESSION_COOKIE_AGE after the upgrade)."""

from accounts import backends


class UserBackend(backends.UserBackend):
    def authenticate(self, request, **credentials):
        return None
