"""Whole pages from the cache for every audience, never anything that belongs to one user.

A page is stored once per audience (visitors, officials), language, path and the query parameters
the page reads (its `params`, in order of name), with the data version it was rendered from, and
served only while that version is current (`operations/data_version.py`): a save anywhere makes
every stored page unreachable at once. A request with any other parameter is rendered and never
stored, so that junk parameters (`?x=1`, `?x=2`, …) cannot fill the cache, and a stored page never
holds a parameter that its own address does not name.

What belongs to one user, the site header (their name, the sign-out form and its CSRF token, the
admin link for staff), is cut out before a page is stored and rendered afresh for each request
(`render_header`). A page whose body outside the header still holds a CSRF token is never stored.
The audience comes from `request.user`, which Django derives from a session it has checked: a
stale, forged or expired session cookie makes a visitor, never an official. Requests with
messages waiting are rendered, not served from the cache, so that their messages show.
"""

import functools
import hashlib
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.defaultfilters import urlencode
from django.template.loader import get_template
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import format_html
from django.utils.http import urlencode as encode_query
from markupsafe import escape

from accounts import backends as auth_backend
from operations import data_version

HEADER_START = b"<!--handbook:header-->"
HEADER_END = b"<!--/handbook:header-->"
CSRF_FIELD = b"csrfmiddlewaretoken"
MESSAGES_COOKIE = getattr(settings, "MESSAGE_COOKIE_NAME", "messages")


def audience(request):
    """Whose page this is: officials see more than visitors. Visitors without a session cookie are
    decided without reading any session."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return "public"
    return data_version.audience(request.user)


# The header's per-user values stand in the rendered template as these markers, then the request's
# own values (escaped as the template would: with markupsafe, Jinja2's) replace them: the template
# is rendered once per language, page, and kind of user, not once per request.
_NAME, _TOKEN, _QUERY, _NEXT = "hbk-name-0f3a", "hbk-token-0f3a", "hbk-query-0f3a", "hbk-next-0f3a"
_header_shells = {}


def _header_shell(language, url_name, signed_in, staff):
    key = (language, url_name, signed_in, staff)
    shell = _header_shells.get(key)
    if shell is None:
        user = SimpleNamespace(is_authenticated=signed_in, is_staff=staff, get_username=lambda: _NAME)
        request = SimpleNamespace(resolver_match=SimpleNamespace(url_name=url_name), get_full_path=lambda: _NEXT)
        # The hidden field as Django's Jinja2 backend writes `csrf_input`, with the token's marker.
        csrf_input = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', _TOKEN)
        context = {"user": user, "request": request, "search_query": _QUERY, "csrf_input": csrf_input}
        shell = get_template("includes/header.html").render(context)
        if len(_header_shells) < 1000:
            _header_shells[key] = shell
    return shell


def render_header(request, search_query=""):
    """The site header for this request's user: never stored in a shared page."""
    user = request.user
    signed_in = user.is_authenticated
    match = request.resolver_match
    shell = _header_shell(
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        match.url_name if match else None,
        signed_in,
        signed_in and user.is_staff,
    )
    values = {_QUERY: escape(search_query), _NEXT: urlencode(request.get_full_path())}
    if signed_in:
        values[_NAME] = escape(user.get_username())
        values[_TOKEN] = escape(get_token(request))
    for marker, value in values.items():
        shell = shell.replace(marker, value)
    return shell


def _split(content):
    """The page (bytes) without its header, as (before, after); None when it cannot be shared."""
    start, end = content.find(HEADER_START), content.find(HEADER_END)
    if start == -1 or end == -1:
        before, after = content, b""
    else:
        before, after = content[:start], content[end + len(HEADER_END) :]
    if CSRF_FIELD in before or CSRF_FIELD in after:
        return None
    return before, after


def _page_key(who, language, digest):
    return f"handbook:page:{who}:{language}:{digest}"


def _session_user_id(request):
    """The user id the request's session holds, or None (no session cookie, or not signed in):
    what the user's check will look at, read ahead to fetch its version with the page."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    try:
        return get_user_model()._meta.pk.to_python(request.session[SESSION_KEY])
    except (KeyError, ValidationError):
        return None


def _may_have_messages(request):
    # Messages wait in their own cookie or in the session: without either there are none.
    return bool({settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE} & request.COOKIES.keys())


def _has_messages(request):
    # Counting loads the waiting messages without marking them as shown.
    return hasattr(request, "_messages") and len(messages.get_messages(request)) > 0


@dataclass(frozen=True)
class Lookup:
    """Where a request's page is stored, for whom, under which data version, and the stored page
    when it is current (else None)."""

    key: str
    audience: str
    version: int
    page: tuple | None


def canonical_address(request, params):
    """The request's path and the parameters of `params` it holds, in order of name, each one's
    values in the order given (a route's countries are in the order travelled); None when it holds
    any other parameter (a page that is not stored)."""
    if any(name not in params for name in request.GET):
        return None
    query = encode_query([(name, value) for name in sorted(request.GET) for value in request.GET.getlist(name)])
    return f"{request.path}?{query}" if query else request.path


def lookup(request, address):
    """Find the page stored for `address` (see `canonical_address`) in one cache round trip: the
    data version, the page for the audience the session claims, and the version of the session's
    user, which the user's check (Django's, on `request.user`) then uses rather than asking the
    cache again."""
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    digest = hashlib.sha256(address.encode()).hexdigest()
    user_id = _session_user_id(request)
    key = _page_key("officials" if user_id is not None else "public", language, digest)
    wanted = [data_version.VERSION_KEY, key]
    if user_id is not None:
        wanted.append(auth_backend.version_key(user_id))
    found = cache.get_many(wanted)
    with auth_backend.versions_known({user_id: found.get(wanted[-1])} if user_id is not None else {}):
        who = audience(request)
    if key != (checked := _page_key(who, language, digest)):
        key = checked  # the session's user is gone or inactive: a visitor's page
        found[key] = cache.get(key)
    version = found.get(data_version.VERSION_KEY)
    if version is None:
        version = data_version.current()
    page = found.get(key)
    return Lookup(key, who, version, page if page is not None and page[0] == version else None)


def serve(request, page, header_query=None):
    """The stored page, with the header rendered for this request's user."""
    _version, before, after, content_type, has_header = page
    if has_header:
        header = render_header(request, header_query(request) if header_query else "").encode()
        content = b"".join((before, HEADER_START, header, HEADER_END, after))
    else:
        content = before
    return HttpResponse(content, content_type=content_type)


def store(response, found):
    """Keep a rendered page for its audience (without its header), when it may be shared."""
    if response.status_code != 200 or response.streaming:
        return
    content = response.content
    parts = _split(content)
    if parts is not None:
        page = (found.version, *parts, response["Content-Type"], HEADER_START in content)
        cache.set(found.key, page, timeout=3600)


def cache_page_per_audience(view=None, *, header_query=None, params=()):
    """Serve `view`'s page from the shared cache for the request's audience.

    `params`: the query parameters the page reads (a request with others is rendered, not stored);
    a callable giving them, for a filter form's fields that are known once the apps are loaded.
    `header_query(request)` gives the search box's value for the per-request header (the search
    page shows the query there)."""

    def decorate(view):
        @functools.cache
        def names():
            return frozenset(params() if callable(params) else params)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            address = canonical_address(request, names())
            if address is None:
                response = view(request, *args, **kwargs)
                who = audience(request)
            else:
                found = lookup(request, address)
                who = found.audience
                if _may_have_messages(request) and _has_messages(request):
                    return view(request, *args, **kwargs)
                if found.page is not None:
                    response = serve(request, found.page, header_query)
                else:
                    response = view(request, *args, **kwargs)
                    if callable(getattr(response, "render", None)):
                        response = response.render()
                    store(response, found)
            patch_vary_headers(response, ["Cookie"])
            if who != "public":
                # An official's page is for their browser only, never for a shared proxy.
                patch_cache_control(response, private=True)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
