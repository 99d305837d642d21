"""The comparison: questions as rows and countries as columns, differing rows marked and
filterable, print view, CSV and XLSX downloads that match the screen, bad input answered with a
message, and a fixed query budget whatever the number of countries."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from contacts.models import Authority, ContactPoint
from countries.models import Answer, Country, Provision, Question

COMPARE = "/compare/?c=AL&c=RS&c=HU"
HYPERLINK = '=HYPERLINK("http://evil.example","click")'


def set_answer(code, key, value="", details=""):
    answer, _ = Answer.objects.update_or_create(
        country=Country.objects.get(code=code),
        question=Question.objects.get(key=key),
        defaults={"value": value, "details": details},
    )
    return answer


@pytest.fixture
def answers(db):
    for code in ("AL", "RS", "HU"):
        set_answer(code, "permitted", "yes", f"Permitted in {code}.")
        set_answer(code, "national_basis", details="Code of Criminal Procedure, art. 294.")
    set_answer("RS", "transit", "no", "Transit is not permitted.")
    set_answer("HU", "transit", "yes")
    set_answer("AL", "transit", "yes")
    answer = set_answer("AL", "substitution", "partly", "Partial substitution only.")
    answer.provisions.add(Provision.objects.get(instrument__short_name="1988 Convention", article="Art. 11"))


def _row(page, key):
    return page.split(f'id="question-{key}"')[1].split("</tr>")[0]


def test_the_matrix_has_questions_as_rows_and_countries_as_columns(client, answers):
    response = client.get(COMPARE)
    assert response.status_code == 200
    page = response.content.decode()
    header = page.split("<thead>")[1].split("</thead>")[0]
    assert header.index("Albania") < header.index("Serbia") < header.index("Hungary")
    assert page.count('<th scope="col">') == 4
    assert page.count('scope="row"') == Question.objects.count()
    assert page.count('scope="rowgroup"') == 5
    # Values as badges, details on demand, legal basis linked to the country page.
    substitution = _row(page, "substitution")
    assert 'class="badge badge--partly"' in substitution
    assert "<details" in substitution and "Partial substitution only." in substitution
    provision = Provision.objects.get(instrument__short_name="1988 Convention", article="Art. 11")
    assert f'href="/countries/albania/#provision-{provision.pk}"' in substitution


def test_rows_where_the_countries_differ_stand_out(client, answers):
    page = client.get(COMPARE).content.decode()
    assert 'class="differs"' in _row(page, "transit") and "Differs" in _row(page, "transit")
    assert "data-same" in _row(page, "permitted") and "Differs" not in _row(page, "permitted")
    # The same text in every country is no difference; different texts are.
    assert "data-same" in _row(page, "national_basis")


def test_filter_shows_only_differing_rows(client, answers):
    page = client.get(COMPARE + "&differing=1").content.decode()
    assert "data-same hidden" in _row(page, "permitted")
    assert "hidden" not in _row(page, "transit").split(">")[0]
    assert 'id="compare-differing" name="differing" value="1" checked' in page
    # The print view and the downloads carry the filter.
    assert "/compare/export.csv?c=AL&amp;c=RS&amp;c=HU&amp;differing=1" in page


def test_the_form_works_without_javascript(client, db):
    response = client.get("/compare/?c=AL&c=RS&add=HU&differing=1")
    assert response["Location"] == "/compare/?c=AL&c=RS&c=HU&differing=1"
    response = client.get("/compare/?c=AL&c=RS&c=HU&add=&remove=0")
    assert response["Location"] == "/compare/?c=RS&c=HU"


def test_print_view_opens_every_detail(client, answers):
    response = client.get(COMPARE.replace("/compare/", "/compare/print/"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Partial substitution only." in page and "<details" not in page
    assert "print-landscape" in page


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_download_holds_the_matrix(client, answers):
    response = client.get("/compare/export.csv?c=AL&c=RS&c=HU")
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert f'filename="compare-AL-RS-HU-{today}.csv"' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0] == ["Section", "Question", "Countries differ", "Albania", "Serbia", "Hungary"]
    assert rows[1][1] == "Last reviewed"
    assert len(rows) == 2 + Question.objects.count()
    transit = next(row for row in rows if row[1] == Question.objects.get(key="transit").text)
    assert transit[2] == "Yes"
    assert transit[3] == "Yes"
    assert transit[4] == "No\nTransit is not permitted."
    substitution = next(row for row in rows if row[1] == Question.objects.get(key="substitution").text)
    assert substitution[3] == "Partly\nPartial substitution only.\nLegal basis: 1988 Convention, Art. 11"


def test_csv_download_follows_the_differing_filter(client, answers):
    rows = _csv_rows(client.get("/compare/export.csv?c=AL&c=RS&c=HU&differing=1"))
    assert all(row[2] == "Yes" for row in rows[2:])
    assert Question.objects.get(key="permitted").text not in [row[1] for row in rows]


def test_downloads_neutralise_formulas(client, answers):
    set_answer("AL", "national_basis", details='=HYPERLINK("http://evil.example","click")')
    rows = _csv_rows(client.get("/compare/export.csv?c=AL&c=RS"))
    national_basis = next(row for row in rows if row[1] == Question.objects.get(key="national_basis").text)
    assert national_basis[3] == '\'=HYPERLINK("http://evil.example","click")'

    response = client.get("/compare/export.xlsx?c=AL&c=RS")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in values
    assert not any(isinstance(value, str) and value.startswith("=") for value in values)


def test_xlsx_download_holds_the_matrix(client, answers):
    response = client.get("/compare/export.xlsx?c=AL&c=RS&c=HU")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ["Section", "Question", "Countries differ", "Albania", "Serbia", "Hungary"]
    assert len(rows) == 2 + Question.objects.count()


def _column_widths(sheet):
    """{column letter: width as the file stores it}; a <col> element may span several columns."""
    return {
        get_column_letter(index): dimension.width
        for dimension in sheet.column_dimensions.values()
        for index in range(dimension.min, dimension.max + 1)
    }


def test_xlsx_download_has_the_csv_values_in_wrapped_cells_with_frozen_headings(client, answers):
    query = "?c=AL&c=RS&c=HU"
    csv_rows = _csv_rows(client.get("/compare/export.csv" + query))
    workbook = load_workbook(io.BytesIO(client.get("/compare/export.xlsx" + query).content))
    assert workbook.sheetnames == ["Comparison"]
    sheet = workbook.active
    assert sheet.freeze_panes == "D3"  # the header, the review dates, section, question, "differ"
    assert _column_widths(sheet) == {"A": 20, "B": 50, "C": 10, "D": 36, "E": 36, "F": 36}
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.alignment.wrap_text and cell.alignment.vertical == "top" for cell in cells)
    assert [cell.font.b for cell in cells] == [cell.row == 1 for cell in cells]
    values = [[value or "" for value in row] for row in sheet.iter_rows(values_only=True)]
    assert values == csv_rows


def test_xlsx_download_holds_formulas_and_control_characters_as_plain_text_as_the_contact_export(
    client, answers, albania
):
    hidden = "\x01" + HYPERLINK  # a control character in front of a formula
    bell = "Bell\x07 desk\r\nsecond line"
    for code, details in (("AL", HYPERLINK), ("RS", hidden), ("HU", bell)):
        set_answer(code, "national_basis", details=details)
    authority = Authority.objects.create(country=albania, name="Directorate", kind=Authority.Kind.POLICE)
    ContactPoint.objects.create(
        authority=authority,
        function=HYPERLINK,
        person_name=hidden,
        hours=bell,
        email="desk@example.org",
        visibility="public",
    )
    expected = ["'" + HYPERLINK, "'" + HYPERLINK, "Bell desk\nsecond line"]

    comparison = load_workbook(io.BytesIO(client.get("/compare/export.xlsx?c=AL&c=RS&c=HU").content))
    question = Question.objects.get(key="national_basis").text
    row = next(row for row in comparison.active.iter_rows() if row[1].value == question)
    assert [cell.value for cell in row[3:]] == expected
    assert all(cell.data_type == "s" for cell in row[3:])

    response = client.get("/contacts/export.xlsx")
    contacts = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, contact = [list(row) for row in contacts.active.iter_rows()][:2]
    columns = [cell.value for cell in header]
    cells = [contact[columns.index(name)] for name in ("Function", "Person", "Hours")]
    assert [cell.value for cell in cells] == expected
    assert all(cell.data_type == "s" for cell in cells)

    for workbook in (comparison, contacts):
        assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/compare/", 200, "Choose two to ten countries to compare."),
        ("/compare/?c=AL", 200, "Choose at least 2 countries (1 chosen so far)."),
        ("/compare/?c=AL&c=ZZ", 400, "Unknown country code: “ZZ”"),
        ("/compare/?c=AL&c=RS&c=rs", 400, "Serbia is listed more than once"),
        (
            "/compare/?"
            + "&".join(f"c={c}" for c in ["AL", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR"]),
            400,
            "at most 10",
        ),
    ],
)
def test_bad_input_gives_a_clear_message(client, db, url, status, message):
    for path in (url, url.replace("/compare/", "/compare/print/")):
        response = client.get(path)
        assert response.status_code == status, path
        page = response.content.decode()
        assert message in page, path
        assert "Answers side by side" not in page


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_downloads_of_a_bad_comparison_answer_400(client, db, format):
    for query in ("c=AL", "c=AL&c=XX", "c=AL&c=AL"):
        assert client.get(f"/compare/export.{format}?{query}").status_code == 400


# Queries on a cold cache with sample data present: sample-data banner, every country (+ request
# languages joined), the chosen countries' answers, the provisions those answers cite, the
# questions (+ sections). A signed-in official adds the session and the user.
COMPARE_QUERIES = 5


def test_ten_countries_run_as_many_queries_as_two(client, official):
    from django.core.cache import cache

    call_command("seed_sample", scale=1, verbosity=0)
    ten = "&".join(f"c={code}" for code in ["AL", "MK", "RS", "HU", "AT", "DE", "FR", "IT", "ES", "PT"])
    counts = {}
    for name, url in [
        ("two", "/compare/?c=AL&c=RS"),
        ("ten", f"/compare/?{ten}"),
        ("ten, differing", f"/compare/?{ten}&differing=1"),
        ("print", f"/compare/print/?{ten}"),
    ]:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    assert set(counts.values()) == {COMPARE_QUERIES}, counts
    client.force_login(official)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/compare/?{ten}")
    assert len(queries) == COMPARE_QUERIES + 2
