"""The public pages: they answer, within a fixed query budget, and keep officials-only contacts
from anonymous visitors everywhere (pages, search, counts, cached fragments)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Authority, ContactPoint
from countries.models import Country

# Queries per page for an anonymous visitor, on a cold cache with sample data present. A signed-in
# official adds two: the session and the user.
EXPECTED_QUERIES = {
    # sample-data banner, coverage aggregate, recently reviewed countries, recently updated authorities
    "/": 4,
    # banner, organization choices of the filter, the countries (permitted value as a subquery)
    "/countries/": 3,
    # banner, country (+ request languages joined), questions with answers (subqueries), answers'
    # provisions, authorities (+ languages and channels joined), their visible contact points
    # (+ languages joined), national and international provisions, the instruments it is bound by
    # (party records + instruments), memberships
    "/countries/albania/": 9,
    "/countries/albania/print/": 9,
    # banner, organizations with member counts
    "/organizations/": 2,
    # banner, organization, its authorities, their visible contact points, memberships
    "/organizations/europol/": 5,
    # banner, country choices, topic choices, count, page of provisions, their topics
    "/legislation/": 6,
    # banner, the country, language, channel and organization choices (one query), count, the
    # page's keys in order, the page's rows (authority, owner and languages joined)
    "/contacts/": 5,
    "/contacts/?country=AL&language=en&h24=true&ordering=-verified&page=2": 5,
    # banner, one query for each of the seven kinds searched (questions included)
    "/search/?q=police": 8,
}


def _query_counts(client):
    from django.core.cache import cache

    counts = {}
    for url in EXPECTED_QUERIES:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


@pytest.mark.django_db
def test_every_page_runs_the_same_number_of_queries_at_scale_1_and_scale_10(client, official):
    call_command("seed_sample", scale=1, verbosity=0)
    anonymous_small = _query_counts(client)
    client.force_login(official)
    official_small = _query_counts(client)
    client.logout()

    call_command("seed_sample", scale=10, verbosity=0)
    assert ContactPoint.objects.count() > 9000
    anonymous_large = _query_counts(client)
    client.force_login(official)
    official_large = _query_counts(client)

    assert anonymous_small == anonymous_large == EXPECTED_QUERIES
    assert official_small == official_large == {url: n + 2 for url, n in EXPECTED_QUERIES.items()}
    assert max(official_large.values()) <= 12


@pytest.fixture
def contacts(albania):
    """A 24/7 authority-less country setup: one public desk and one officials-only person."""
    authority = Authority.objects.create(country=albania, name="Drug Enforcement Directorate", kind="police")
    public = ContactPoint.objects.create(
        authority=authority, function="Public switchboard", phone="+442079460111", visibility="public"
    )
    restricted = ContactPoint.objects.create(
        authority=authority,
        function="Covert operations lead",
        person_name="Zebulon Quartermaine",
        email="zq@example.org",
        is_24_7=True,
    )
    return public, restricted


RESTRICTED_MARKERS = ["Covert operations lead", "Zebulon Quartermaine", "zq@example.org"]

PAGES = [
    "/",
    "/countries/albania/",
    "/countries/albania/print/",
    "/contacts/",
    "/contacts/?country=AL",
    "/contacts/?q=Quartermaine",
    "/search/?q=Quartermaine",
    "/search/?q=Covert",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitor_sees_no_officials_only_contact(client, contacts, url):
    response = client.get(url)
    assert response.status_code == 200
    for marker in RESTRICTED_MARKERS:
        assert marker not in response.content.decode()


@pytest.mark.parametrize("url", ["/countries/albania/", "/contacts/?country=AL", "/search/?q=Quartermaine"])
def test_signed_in_official_sees_officials_only_contacts(client, contacts, official, url):
    client.force_login(official)
    response = client.get(url)
    assert "Zebulon Quartermaine" in response.content.decode()


def test_directory_count_includes_only_what_the_viewer_may_see(client, contacts, official):
    assert "1 contact point" in client.get("/contacts/?country=AL").content.decode()
    client.force_login(official)
    assert "2 contact points" in client.get("/contacts/?country=AL").content.decode()


def test_24_7_filter_does_not_reveal_a_hidden_24_7_contact(client, contacts, official):
    # Albania's only 24/7 contact is for officials: an anonymous visitor must not learn it exists.
    anonymous = client.get("/countries/?h24=true").content.decode()
    assert ">Albania<" not in anonymous
    client.force_login(official)
    assert ">Albania<" in client.get("/countries/?h24=true").content.decode()


def test_cached_fragment_of_an_official_never_reaches_an_anonymous_visitor(client, contacts, official):
    client.force_login(official)
    assert "Zebulon Quartermaine" in client.get("/countries/albania/").content.decode()
    client.logout()
    assert "Zebulon Quartermaine" not in client.get("/countries/albania/").content.decode()


def test_a_save_shows_at_once_on_a_cached_page(client, contacts):
    public, _ = contacts
    assert "Public switchboard" in client.get("/countries/albania/").content.decode()
    public.function = "Duty desk (renamed)"
    public.save()
    assert "Duty desk (renamed)" in client.get("/countries/albania/").content.decode()


def test_sample_banner_shows_while_sample_data_is_present(client, db):
    assert "Sample data." not in client.get("/").content.decode()
    call_command("seed_sample", scale=1, verbosity=0)
    for url in ["/", "/countries/albania/", "/contacts/", "/legislation/"]:
        assert "Sample data." in client.get(url).content.decode(), url


def test_country_page_shows_answers_review_date_and_memberships(client, albania, focal_point_a):
    albania.mark_reviewed(focal_point_a)
    page = client.get("/countries/albania/").content.decode()
    assert "Is controlled delivery permitted under national law?" in page
    assert "Last reviewed on" in page
    assert "Council of Europe" in page
    assert "1988 Convention" in page


def test_unknown_country_is_404(client, db):
    assert client.get("/countries/atlantis/").status_code == 404
    assert client.get("/organizations/atlantis/").status_code == 404


def test_country_list_filters_and_sorts(client, db):
    page = client.get("/countries/?status=asian_partner").content.decode()
    assert "Japan" in page and "Albania" not in page
    page = client.get("/countries/?organization=selec").content.decode()
    assert "Serbia" in page and "France" not in page
    Country.objects.filter(code="FR").update(last_reviewed_on="2026-01-01")
    page = client.get("/countries/?reviewed_within=600").content.decode()
    assert "France" in page and "Serbia" not in page


def test_pagination_links_keep_the_filters(client, db):
    call_command("seed_sample", scale=1, verbosity=0)
    client.force_login(Country.objects.first().focal_points.model.objects.create(username="pager"))
    page = client.get("/contacts/?kind=police&ordering=country").content.decode()
    assert "?kind=police&amp;ordering=country&amp;page=2" in page


def test_anonymous_pages_are_served_from_the_cache_until_data_changes(client, contacts, django_assert_num_queries):
    public, _ = contacts
    first = client.get("/countries/albania/")
    assert "Cookie" in first["Vary"]
    with django_assert_num_queries(0):  # the whole page comes from the cache
        again = client.get("/countries/albania/")
    assert again.content == first.content
    public.function = "Renamed desk"
    public.save()
    assert "Renamed desk" in client.get("/countries/albania/").content.decode()


def test_a_visitor_with_a_session_is_not_served_the_shared_page(client, contacts, official):
    client.get("/countries/albania/")  # fills the anonymous cache
    client.force_login(official)
    page = client.get("/countries/albania/").content.decode()
    assert "Zebulon Quartermaine" in page and "Sign out (olivia)" in page


def test_the_country_page_opens_with_who_to_call(client, contacts, official):
    public, restricted = contacts
    restricted.authority.is_single_point_of_contact = True
    restricted.authority.switchboard = "+442079460100"
    restricted.authority.save()
    client.force_login(official)
    page = client.get("/countries/albania/").content.decode()
    card = page[page.index('id="call"') : page.index('id="answers"')]
    assert page.index('id="call"') < page.index('id="answers"') < page.index('id="authorities"')
    assert 'href="tel:+442079460100"' in card  # the single point of contact
    assert "Zebulon Quartermaine" in card and "Verified" in card
    client.logout()
    card = client.get("/countries/albania/").content.decode()
    card = card[card.index('id="call"') : card.index('id="answers"')]
    assert "Zebulon Quartermaine" not in card and "No public 24/7 contact recorded" in card


def test_a_stale_verification_is_marked_wherever_a_contact_appears(client, contacts):
    public, _restricted = contacts
    public.last_verified_on = "2020-01-01"
    public.is_24_7 = True
    public.save()
    page = client.get("/countries/albania/").content.decode()
    assert page.count("stale: confirm before relying on it") == 2  # the call card and the full list
