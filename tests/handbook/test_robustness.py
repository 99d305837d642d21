"""Bad query strings never produce a server error on a list page."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import Authority, ContactPoint

LIST_PAGES = ["/countries/", "/contacts/", "/legislation/", "/search/", "/organizations/", "/"]

PARAMETERS = {
    "/countries/": ["status", "organization", "permitted", "h24", "reviewed_within", "ordering", "page"],
    "/contacts/": ["q", "country", "kind", "role", "language", "h24", "channel", "organization", "ordering", "page"],
    "/legislation/": ["q", "country", "kind", "topic", "ordering", "page"],
    "/search/": ["q"],
    "/organizations/": ["page"],
    "/": ["q"],
}

NASTY_VALUES = [
    "",
    "ZZ",
    "xx-yy",
    "abc",
    "-1",
    "0",
    "999999",
    "1e309",
    "NaN",
    "3.5",
    "x" * 10_000,
    "' OR 1=1 --",
    '"; DROP TABLE countries_country; --',
    "%",
    "_",
    "\\",
    "\x00",
    "nul\x00byte",
    "<script>alert(1)</script>",
    "Türkiye",
    "🙂",
    "true",
    "-ordering",
]


@pytest.fixture
def some_contacts(albania):
    authority = Authority.objects.create(country=albania, name="Police", kind="police", is_24_7=True)
    ContactPoint.objects.create(authority=authority, function="Desk", phone="+442079460100", visibility="public")


@pytest.mark.parametrize("page", LIST_PAGES)
def test_nasty_values_in_every_parameter_never_cause_a_server_error(client, some_contacts, page):
    for name in PARAMETERS[page]:
        for value in NASTY_VALUES:
            response = client.get(page, {name: value})
            assert response.status_code in (200, 400, 404), (page, name, repr(value[:40]), response.status_code)


@pytest.mark.parametrize("page", ["/countries/", "/contacts/", "/legislation/"])
def test_repeated_parameters_and_out_of_range_pages_are_corrected(client, some_contacts, page):
    assert client.get(f"{page}?page=-1").status_code == 200
    assert client.get(f"{page}?page=999999").status_code == 200
    assert client.get(f"{page}?country=AL&country=RS&status=x&status=asian_partner").status_code == 200


def test_injection_text_is_escaped_in_the_search_page(client, db):
    page = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


query_values = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300
) | st.sampled_from(NASTY_VALUES)


@pytest.mark.parametrize("page", LIST_PAGES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.lists(st.tuples(st.sampled_from(sum(PARAMETERS.values(), [])), query_values), max_size=6))
def test_random_query_strings_never_cause_a_server_error(client, some_contacts, page, params):
    response = client.get(f"{page}?{urlencode(params)}")
    assert response.status_code in (200, 400, 404), (page, params, response.status_code)
