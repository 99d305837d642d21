"""The whole-page cache serves every audience, and never anything that belongs to one user: two
officials never see each other's name or token, a visitor never gets an officials' page whatever
cookies it sends, and a save shows on the next request for every audience."""

import re

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client

from contacts.models import Authority, ContactPoint
from countries.scope import OFFICIALS

pytestmark = pytest.mark.django_db

PAGES = ["/", "/countries/albania/", "/contacts/", "/search/?q=desk", "/route/?c=AL&c=RS", "/route/plan.json?c=AL"]
PASSWORD = "a-long-test-password-1"


@pytest.fixture
def contacts(albania):
    authority = Authority.objects.create(country=albania, name="Drug Enforcement Directorate", kind="police")
    public = ContactPoint.objects.create(
        authority=authority, function="Public desk", phone="+442079460111", visibility="public"
    )
    restricted = ContactPoint.objects.create(
        authority=authority,
        function="Night desk",
        person_name="Zebulon Quartermaine",
        phone="+442079460112",
        is_24_7=True,
    )
    return public, restricted


def _signed_in(username):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=OFFICIALS))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_two_officials_never_see_each_others_name_or_token(contacts):
    olivia, oscar = _signed_in("olivia"), _signed_in("oscar")
    for url in PAGES[:5]:
        first = olivia.get(url).content.decode()
        second = oscar.get(url).content.decode()  # from the officials' cache
        assert "Sign out (olivia)" in first and "olivia" not in second, url
        assert "Sign out (oscar)" in second, url
        if url != "/":  # the home page lists no contacts
            assert "Zebulon Quartermaine" in second, url
    page = oscar.get("/countries/albania/").content.decode()
    olivias_token = _token(olivia.get("/countries/albania/").content.decode())
    # Oscar's page carries a token that works for Oscar's session, and Olivia's does not.
    assert oscar.post("/accounts/logout/", {"csrfmiddlewaretoken": olivias_token}).status_code == 403
    assert oscar.post("/accounts/logout/", {"csrfmiddlewaretoken": _token(page)}).status_code == 302


def test_an_official_is_served_the_page_from_the_cache(contacts, django_assert_max_num_queries):
    olivia = _signed_in("olivia")
    first = olivia.get("/countries/albania/")
    with django_assert_max_num_queries(2):  # the session and the user, nothing rendered again
        again = olivia.get("/countries/albania/")
    assert again.status_code == 200 and "Zebulon Quartermaine" in again.content.decode()
    assert "private" in again["Cache-Control"] and "Cookie" in again["Vary"]
    assert len(again.content) == pytest.approx(len(first.content), abs=200)


@pytest.mark.parametrize(
    "cookies",
    [
        {"sessionid": "forged0000000000000000000000000000"},
        {"sessionid": "", "csrftoken": "x" * 32},
        {"messages": "garbage"},
    ],
)
def test_a_visitor_never_gets_the_officials_page_whatever_it_sends(contacts, cookies):
    olivia = _signed_in("olivia")
    for url in PAGES:
        assert olivia.get(url).status_code == 200, url  # fills the officials' cache
    assert "Zebulon Quartermaine" in olivia.get("/countries/albania/").content.decode()
    visitor = Client()
    for name, value in cookies.items():
        visitor.cookies[name] = value
    for url in PAGES:
        page = visitor.get(url, HTTP_X_FORWARDED_FOR="10.0.0.1", HTTP_AUTHORIZATION="Basic b2xpdmlh").content
        assert b"Zebulon Quartermaine" not in page and b"olivia" not in page, url


def test_an_expired_session_is_a_visitor(contacts, settings):
    olivia = _signed_in("olivia")
    olivia.get("/countries/albania/")
    stale = olivia.cookies["sessionid"].value
    olivia.post("/accounts/logout/", {"csrfmiddlewaretoken": _token(olivia.get("/").content.decode())})
    visitor = Client()
    visitor.cookies["sessionid"] = stale
    page = visitor.get("/countries/albania/").content.decode()
    assert "Zebulon Quartermaine" not in page and "Sign in" in page


def test_a_save_shows_on_the_next_request_for_every_audience(contacts, focal_point_a):
    public, restricted = contacts
    olivia, visitor = _signed_in("olivia"), Client()
    for client in (olivia, visitor):
        client.get("/countries/albania/")
    public.function = "Renamed public desk"
    public.save()
    restricted.function = "Renamed night desk"
    restricted.save()
    assert "Renamed public desk" in visitor.get("/countries/albania/").content.decode()
    page = olivia.get("/countries/albania/").content.decode()
    assert "Renamed public desk" in page and "Renamed night desk" in page


def test_a_waiting_message_is_shown_not_a_cached_page(contacts, rf):
    olivia = _signed_in("olivia")
    olivia.get("/countries/albania/")
    # As the message framework leaves a message for the next page: in its cookie.
    storage = CookieStorage(rf.get("/"))
    olivia.cookies["messages"] = storage._encode([Message(messages.INFO, "Your authenticator app is set up.")])
    assert "Your authenticator app is set up." in olivia.get("/countries/albania/").content.decode()
    assert "Your authenticator app is set up." not in olivia.get("/countries/albania/").content.decode()


def test_the_search_box_shows_the_query_on_a_cached_search_page(contacts):
    olivia, oscar = _signed_in("olivia"), _signed_in("oscar")
    olivia.get("/search/?q=desk")
    page = oscar.get("/search/?q=desk").content.decode()
    assert 'id="site-search-q" type="search" name="q" value="desk"' in page


def test_a_session_outlives_a_cache_flush(contacts):
    from django.core.cache import cache

    olivia = _signed_in("olivia")
    assert "Sign out (olivia)" in olivia.get("/countries/albania/").content.decode()
    cache.clear()
    assert "Sign out (olivia)" in olivia.get("/countries/albania/").content.decode()


def _header(page):
    header = page[page.index("<!--handbook:header-->") : page.index("<!--/handbook:header-->")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", header)


@pytest.mark.parametrize("url", ["/countries/albania/", '/search/?q=<b>"desk"&amp;', "/contacts/?page=1&country=AL"])
@pytest.mark.parametrize("who", ["official", "staff", "visitor with a session"])
def test_the_header_of_a_cached_page_is_the_header_the_template_renders(contacts, url, who):
    from django.core.cache import cache

    if who == "visitor with a session":
        client = Client()
        client.cookies["sessionid"] = "stale0000000000000000000000000000"
    else:
        client = _signed_in("o'neil&<x>")
        if who == "staff":
            get_user_model().objects.filter(username="o'neil&<x>").update(is_staff=True)
    cache.clear()
    rendered = _header(client.get(url).content.decode())  # rendered by the template
    served = _header(client.get(url).content.decode())  # from the cache, the header filled in
    assert served == rendered
    assert ("Sign out" in served) == (who != "visitor with a session")
    assert "<x>" not in served


def _stored_pages():
    from django.core.cache import cache

    return sum(":handbook:page:" in key for key in cache._cache)  # the in-process cache of the tests


@pytest.mark.parametrize("path", ["/", "/countries/albania/", "/contacts/", "/search/?q=desk", "/route/?c=AL&c=RS"])
def test_junk_parameters_never_fill_the_cache(contacts, path):
    client = Client()
    assert client.get(path).status_code == 200
    stored = _stored_pages()
    assert stored >= 1
    separator = "&" if "?" in path else "?"

    for n in range(1000):
        assert client.get(f"{path}{separator}x={n}").status_code == 200

    assert _stored_pages() == stored


def test_the_same_parameters_in_another_order_are_one_stored_page(contacts):
    client = Client()
    client.get("/contacts/?h24=true&ordering=function")
    stored = _stored_pages()
    client.get("/contacts/?ordering=function&h24=true")
    assert _stored_pages() == stored


def test_a_routes_countries_in_another_order_are_another_page(contacts, serbia):
    client = Client()
    first = client.get("/route/?c=AL&c=RS").content.decode()
    second = client.get("/route/?c=RS&c=AL").content.decode()
    assert first.index("Albania") < first.index("Serbia")
    assert second.index("Serbia") < second.index("Albania")
