"""What keeps a page readable and honest where input or layout could mislead: a filter that cannot
be read lists nothing (on the page and in its export), a search cut to its bound says so and cuts
between words, the print link sits under the country's name, and an e-mail address wraps between
its parts."""

import pytest

from contacts.models import Authority, ContactPoint
from handbook.search import MAX_QUERY_LENGTH, clean_query

UNREADABLE = "Correct the filter marked above: nothing is listed until it can be read."


@pytest.fixture
def desk(albania):
    authority = Authority.objects.create(country=albania, name="Drug Enforcement Directorate", kind="police")
    return ContactPoint.objects.create(
        authority=authority,
        function="Public duty desk",
        phone="+442079460111",
        email="duty.desk@police.example.org",
        visibility="public",
    )


@pytest.mark.parametrize(
    ("url", "bad", "row"),
    [
        ("/contacts/", "country=ZZ", "Public duty desk"),
        ("/countries/", "status=nonsense", 'href="/countries/albania/"'),
        ("/legislation/", "country=ZZ", "Definition of controlled delivery"),
    ],
)
def test_a_filter_that_cannot_be_read_lists_nothing(client, desk, url, bad, row):
    assert row in client.get(url).content.decode()
    html = client.get(f"{url}?{bad}").content.decode()
    assert UNREADABLE in html
    assert "field__error" in html
    assert row not in html


def test_the_export_of_an_unreadable_filter_holds_no_row(client, desk):
    response = client.get("/contacts/export.csv?country=ZZ")
    rows = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 1  # the header alone
    assert "Public duty desk" in b"".join(client.get("/contacts/export.csv").streaming_content).decode()


def test_a_long_search_is_cut_between_words_and_says_so(client, db):
    words = ("heroin " * 1000).strip()  # 6,999 characters
    query = clean_query(words)
    assert len(query) <= MAX_QUERY_LENGTH and query.endswith("heroin") and words.startswith(query)
    html = client.get("/search/", {"q": words}).content.decode()
    assert "Your search was longer than 200 characters" in html
    assert "Your search was longer" not in client.get("/search/", {"q": "heroin"}).content.decode()


def test_a_single_long_word_is_cut_at_the_bound(db):
    assert clean_query("x" * 5000) == "x" * MAX_QUERY_LENGTH


def test_the_print_link_sits_under_the_countrys_name(client, desk):
    html = client.get("/countries/albania/").content.decode()
    assert html.index("<h1>Albania</h1>") < html.index("Print view")
    assert "Print view" not in client.get("/countries/albania/print/").content.decode()


def test_an_email_address_wraps_between_its_parts(client, desk):
    html = client.get("/contacts/").content.decode()
    assert 'href="mailto:duty.desk@police.example.org"' in html
    assert "duty<wbr>.desk@<wbr>police<wbr>.example<wbr>.org</a>" in html
