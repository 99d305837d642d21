"""An outside probe in CI-sized form: every public and staff address of a real gunicorn with
production settings gets each kind of hostile input an outside scan sent (a NUL character, junk and
over-long parameters, malformed pages and orderings, bad UTF-8, a disallowed Host, odd methods, a
forged form), as a visitor and as a signed-in coordinator with a verified second factor. No answer
may be a 5xx. Bounded: a few thousand requests to 127.0.0.1, a minute or two."""

import collections
import http.client
import json

from tests.processes import HOST, Gunicorn, environment, manage

# Values for each query parameter a page reads, and for parameters it does not know.
HOSTILE_VALUES = [
    "%00",
    "a%00b",
    "%C0%AF",  # not UTF-8
    "%F0%9F%92%A9",
    "x" * 5000,
    "-1",
    "99999999999999999999",
    "'%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    "1%20OR%201=1--",
    "..%2F..%2Fetc%2Fpasswd",
]
HOSTILE_PARAMETERS = ["q", "page", "o", "e", "c", "mode", "ordering", "country", "p", "all", "_popup", "term", "x%00"]

SESSION_SCRIPT = """
from importlib import import_module
import json
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from accounts.backends import UserBackend
from countries.scope import COORDINATORS
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(username="probe-coordinator", defaults={"is_staff": True})
user.groups.add(Group.objects.get(name=COORDINATORS))
device, _ = TOTPDevice.objects.get_or_create(user=user, name="probe", defaults={"confirmed": True})
session = import_module(settings.SESSION_ENGINE).SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "accounts.backends.UserBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session["otp_device_id"] = device.persistent_id
session.create()
staff = []
for model, model_admin in admin.site._registry.items():
    info = (model._meta.app_label, model._meta.model_name)
    staff.append(reverse("admin:%s_%s_changelist" % info))
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    if first is not None and model_admin.has_change_permission:
        staff.append(reverse("admin:%s_%s_change" % info, args=[first]))
        staff.append(reverse("admin:%s_%s_history" % info, args=[first]))
staff += ["/admin/", "/admin/autocomplete/", reverse("review-dashboard"), reverse("two-factor")]
print(json.dumps({"cookie": settings.SESSION_COOKIE_NAME + "=" + session.session_key, "staff": staff}))
"""

PUBLIC = [
    "/",
    "/countries/",
    "/countries/albania/",
    "/countries/albania/print/",
    "/countries/albania/contacts.csv",
    "/organizations/",
    "/legislation/",
    "/contacts/",
    "/contacts/export.csv",
    "/search/",
    "/compare/",
    "/compare/print/",
    "/compare/export.csv",
    "/route/",
    "/route/print/",
    "/route/plan.json",
    "/route/contacts.csv",
    "/changes/",
    "/changes/feed/",
    "/fr/",
    "/ru/countries/",
    "/accounts/login/",
    "/accounts/request/",
    "/accounts/password_reset/",
    "/language/fr/",
    "/healthz",
    "/readyz",
    "/metrics",
    "/admin/login/",
]


def _request(port, method, path, *, cookie=None, host=None, body=None, content_type=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Host": host or HOST}
    if cookie:
        headers["Cookie"] = cookie
    if content_type:
        headers["Content-Type"] = content_type
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    data = body.encode() if body else b""
    connection.putheader("Content-Length", str(len(data)))
    connection.endheaders(data)
    status = connection.getresponse().status
    connection.close()
    return status


def _probes(path):
    """(method, address, extra) for each hostile input at `path`."""
    base = path.split("?")[0]
    yield "GET", base, {}
    # Each parameter with a NUL and with an over-long value, and each hostile value in turn.
    for number, name in enumerate(HOSTILE_PARAMETERS):
        for value in {HOSTILE_VALUES[0], HOSTILE_VALUES[4], HOSTILE_VALUES[number % len(HOSTILE_VALUES)]}:
            yield "GET", f"{base}?{name}={value}", {}
    for number, value in enumerate(HOSTILE_VALUES):
        yield "GET", f"{base}?{HOSTILE_PARAMETERS[number]}={value}&{HOSTILE_PARAMETERS[-number - 2]}={value}", {}
    yield "GET", f"{base}%00", {}
    yield "GET", base, {"host": "attacker.example.net"}
    for method in ("TRACE", "OPTIONS", "PUT", "DELETE", "PATCH", "HEAD"):
        yield method, base, {}
    for body in ("q=%00", "name=a%00b&email=x", "csrfmiddlewaretoken=forged&_save=1&name=x"):
        yield "POST", base, {"body": body, "content_type": "application/x-www-form-urlencoded"}


def test_no_hostile_input_gets_a_server_error(served, tmp_path):
    folder, url = served
    env = environment(folder, database_url=url)
    found = json.loads(manage(env, "shell", "-c", SESSION_SCRIPT).strip().splitlines()[-1])
    counts, server_errors = collections.Counter(), []
    with Gunicorn(env, tmp_path / "gunicorn.log", workers=2) as server:
        # The coordinator's session does open the admin (signed in, second factor verified).
        assert _request(server.port, "GET", "/admin/contacts/authority/", cookie=found["cookie"]) == 200
        assert _request(server.port, "GET", "/admin/contacts/authority/") == 302
        for audience, cookie, paths in (
            ("visitor", None, PUBLIC),
            ("coordinator", found["cookie"], PUBLIC + found["staff"]),
        ):
            for path in paths:
                for method, address, extra in _probes(path):
                    status = _request(server.port, method, address, cookie=cookie, **extra)
                    counts[(audience, status // 100)] += 1
                    if status >= 500:
                        server_errors.append((audience, method, address[:120], extra.get("host"), status))
        log = server.log_text()
    total = sum(counts.values())
    print(f"\nprobe: {total} requests; by audience and class: {dict(sorted(counts.items()))}")
    assert not server_errors, f"{len(server_errors)} server errors of {total}: {server_errors[:20]}\n{log[-3000:]}"
