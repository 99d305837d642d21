"""The reader's language: English at the unprefixed addresses, French under /fr/, Russian under /ru/.

Links shared before the handbook spoke French and Russian keep working: an unprefixed address is
English. A reader who chose another language (the switcher on every page, which sets Django's
language cookie) and follows such a link is sent to the same page in that language. The admin has
no prefix; it speaks the language the reader chose, else the browser's.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from countries.urls_cache import on_site

CODES = [code for code, _name in settings.LANGUAGES]
UNPREFIXED = ("/admin/",)  # outside the language prefixes: the chosen language applies


def own_names():
    """(code, name) of every language, each named in itself ("English", "Français", "Русский", as
    settings.LANGUAGES writes them): the switcher offers a language to those who read it, so its
    name is never translated into the page's language ("Anglais", "Английский")."""
    return list(settings.LANGUAGES)


def chosen_language(request):
    """The language the reader chose with the switcher, if any."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return code if code in CODES else None


def path_language(path):
    """The language of an address: its prefix, else English."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def in_language(url, code):
    """`url` (a path with its query string) for the same page in language `code`; the url itself
    when it is not a page of the handbook."""
    with translation.override(path_language(url.split("?", 1)[0])):
        return translate_url(url, code)


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        super().process_request(request)
        if translation.get_language_from_path(request.path_info):
            return None
        if request.path_info.startswith(UNPREFIXED):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return None
        chosen = chosen_language(request)
        if chosen and chosen != settings.LANGUAGE_CODE and request.method in ("GET", "HEAD"):
            here = request.get_full_path()
            there = in_language(here, chosen)
            if there != here:
                return HttpResponseRedirect(there)
        return None


@never_cache
@require_safe
def choose_language(request, code):
    """The switcher's links: remember `code` and go to the same page (and query) in it."""
    if code not in CODES:
        code = settings.LANGUAGE_CODE
    target = request.GET.get("next", "/")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/"
    response = HttpResponseRedirect(in_language(target, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def alternates(request):
    """(code, absolute URL) of this page in every language, for `hreflang` links: on the site's
    configured address (HANDBOOK_BASE_URL), never on the request's Host header, which a client
    chooses. A page is cached and shared, so its links must not be the first requester's; and the
    400 page that answers a disallowed Host must not read that Host again."""
    here = request.get_full_path()
    return [(code, on_site(in_language(here, code))) for code in CODES]
