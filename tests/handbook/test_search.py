"""Search finds what an officer types, on SQLite and PostgreSQL alike, and ranks exact names first."""

import pytest
from django.db import connection

from contacts.models import Authority, ContactPoint
from countries.models import Country
from handbook.search import clean_query, fold, search


def _names(groups, key):
    for kind, results, _ in groups:
        if kind.key == key:
            return [result.name if key == "authorities" else str(result) for result in results]
    return []


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_fold_strips_accents_and_case():
    assert fold("TÜRKİYE") == fold("türkiye") == "turkiye"
    assert fold("Çeşme") == "cesme"


def test_clean_query_removes_nul_and_bounds_length():
    assert clean_query("  a\x00b   c ") == "ab c"
    assert len(clean_query("x" * 5000)) == 200


@pytest.mark.parametrize("query", ["Türkiye", "türkiye", "TÜRKIYE", "Turkiye", "turkiye"])
def test_turkiye_is_found_with_or_without_accents_and_case(db, anonymous, query):
    assert _names(search(query, user=anonymous), "countries")[0] == "Türkiye"


def test_organization_name_search(db, anonymous):
    assert "Europol" in _names(search("Europol", user=anonymous), "organizations")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram typo tolerance exists on PostgreSQL only")
def test_a_typo_still_finds_europol_on_postgresql(db, anonymous):
    assert _names(search("europl", user=anonymous), "organizations")[0] == "Europol"


def test_exact_name_match_ranks_first(db, anonymous, serbia):
    Authority.objects.create(country=serbia, name="Serbian Police Directorate for Serbia", kind="police")
    Authority.objects.create(country=serbia, name="Police", kind="police")
    Authority.objects.create(country=serbia, name="Border Police Administration", kind="border_guard")
    assert _names(search("Police", user=anonymous), "authorities")[0] == "Police"
    assert _names(search("Serbia", user=anonymous), "countries")[0] == "Serbia"


def test_search_covers_provisions_and_answers(db, anonymous):
    assert _names(search("Special investigative techniques", user=anonymous), "provisions")


def test_search_hides_officials_only_contact_points_from_anonymous(db, anonymous, albania, official):
    authority = Authority.objects.create(country=albania, name="Customs", kind="customs")
    ContactPoint.objects.create(authority=authority, function="Night desk Ömer", email="d@example.org")
    assert _names(search("Ömer", user=anonymous), "contact_points") == []
    assert _names(search("omer", user=official), "contact_points") == ["Night desk Ömer"]


def test_empty_and_blank_queries_find_nothing(db, anonymous):
    assert search("", user=anonymous) == []
    assert search("   \x00 ", user=anonymous) == []


def test_a_typo_is_answered_with_the_closest_indexed_word_on_every_database(client, db):
    """Tried as a new user would: "polise" finds nothing (PostgreSQL's trigram test too finds it
    too far from "police"), and the page offers the closest indexed word."""
    Authority.objects.create(name="State Police", kind="police", country=Country.objects.get(code="AL"))
    page = client.get("/search/", {"q": "polise"}).content.decode()
    assert "Nothing found for “polise”." in page
    assert 'Did you mean <a href="/search/?q=police">police</a>?' in page
    # The suggestion itself is the same on every database.
    from handbook.search import suggest

    assert suggest("polise") == "police"
    assert suggest("State polise") == "State police"


def test_no_suggestion_for_a_word_nothing_resembles(client, db):
    page = client.get("/search/", {"q": "qqqzzx"}).content.decode()
    assert "Nothing found" in page
    assert "Did you mean" not in page


def test_an_authoritys_notes_are_not_searchable_as_no_page_shows_them(db, anonymous, serbia):
    Authority.objects.create(
        country=serbia,
        name="Customs Administration",
        kind="customs",
        address="Bulevar Zorana Đinđića 155, Belgrade",
        notes="Ask for Quarterbackwhistle before calling the night desk",
    )

    assert _names(search("Quarterbackwhistle", user=anonymous), "authorities") == []
    assert _names(search("Đinđića", user=anonymous), "authorities") == ["Customs Administration"]
