"""The form page: what each State's request still lacks, shown until nothing does; final documents
only then, and without the DRAFT mark; a fixed query budget whatever the route's length; French
and Russian."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from tests.drafting.drafts import FORM_URL, MARKING, full_draft, post_form
from tests.drafting.files import docx_header, pdf_pages

REQUESTED = ["MK", "RS", "HU"]
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def missing_list(html, code):
    """The items of the State's "still missing" list, or None where the page says nothing is."""
    marker = f'<ul data-missing="{code}">'
    if marker not in html:
        return None
    items = html.split(marker)[1].split("</ul>")[0]
    return [item.split("</li>")[0] for item in items.split("<li>")[1:]]


def is_ready(html, code):
    return f'<p class="draft-ready" data-missing="{code}">Nothing missing' in html


def running_heads(pdf):
    """The first line of each page: the running head."""
    return [next(line for line in page.splitlines() if line.strip()) for page in pdf_pages(pdf)]


def test_the_form_lists_what_each_request_lacks_until_nothing_does(signed_in):
    page = signed_in.get(FORM_URL)
    assert page.status_code == 200
    html = page.content.decode()
    for code in REQUESTED:
        assert "Case reference" in missing_list(html, code), code
        assert not is_ready(html, code)

    without_reference = post_form(signed_in, full_draft(reference=""))
    html = without_reference.content.decode()
    for code in REQUESTED:
        assert missing_list(html, code) == ["Case reference"], code

    complete = post_form(signed_in, full_draft())
    assert complete.status_code == 200
    html = complete.content.decode()
    for code in REQUESTED:
        assert missing_list(html, code) is None, code
        assert is_ready(html, code), code

    final = post_form(signed_in, full_draft(), action="docx:MK", status="final")
    assert final.status_code == 200
    assert final["Content-Type"] == DOCX_CONTENT_TYPE
    assert final["Content-Disposition"] == 'attachment; filename="request-MK.docx"'
    header = docx_header(final.content)
    assert MARKING in header
    assert "DRAFT" not in header

    final_pdf = post_form(signed_in, full_draft(), action="pdf:MK", status="final")
    heads = running_heads(final_pdf.content)
    assert len(heads) > 1
    assert all(MARKING in head and "DRAFT" not in head for head in heads), heads

    draft_pdf = post_form(signed_in, full_draft(), action="pdf:MK", status="draft")
    heads = running_heads(draft_pdf.content)
    assert len(heads) > 1
    assert all(MARKING in head and "DRAFT" in head for head in heads), heads
    assert "DRAFT" in docx_header(post_form(signed_in, full_draft(), action="docx:MK").content)


def test_a_final_request_that_lacks_something_is_not_made(signed_in):
    response = post_form(signed_in, full_draft(reference=""), action="docx:MK", status="final")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "The request to North Macedonia is not final yet: Case reference." in response.content.decode()


# Queries for a signed-in official on a cold cache: the session, the user, every country; the
# route plan's answers (questions joined), visible 24/7 contact points, authorities to call first,
# numbers of authorities and contact points per country, memberships (+ organizations),
# instruments, provisions and party records (which also give the legal basis of each pair, the
# requesting State being on the route); then the dossier's request answers (questions joined), the
# receiving authorities' 24/7 contact points, the receiving authorities (+ channels and languages
# joined), the request languages, every language; the sample-data banner.
FORM_QUERIES = 17


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_the_form_of_four_countries_runs_as_many_queries_as_the_form_of_two(signed_in):
    two = count_queries(signed_in, "/route/requests/?c=AL&c=HU")
    four = count_queries(signed_in, FORM_URL)
    assert two == four == FORM_QUERIES


@pytest.mark.parametrize("language", ["fr", "ru"])
def test_the_form_in_french_and_russian(signed_in, language):
    response = signed_in.get(f"/{language}{FORM_URL}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    with translation.override(language):
        heading = gettext("Draft the requests")
    assert heading != "Draft the requests"
    assert f"<h1>{heading}</h1>" in html
