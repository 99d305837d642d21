"""Every XLSX the site writes reads well where it is opened: columns as wide as their text (up to a
cap, beyond which text wraps), rows as tall as their wrapped text, and printed landscape, one page
wide, with the header row on every page, in one font (`contacts.spreadsheets.Sheet`).

The files are made once from the sample data (`seed_sample`) and read back with openpyxl; the
contact export and the comparison are also printed to PDF by LibreOffice and read with pdftotext,
as someone who opens and prints them would see them. The country in an export is named in the
reader's language, in CSV and XLSX alike.
"""

import csv
import io
import math
import re
import shutil
import subprocess

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from contacts.models import Authority, ContactPoint
from countries.models import Country, Organization
from countries.scope import COORDINATORS, OFFICIALS

# Every test here uses the database, if only through the module's workbooks: marked, so that
# pytest-django sets up the test database even when only those tests run.
pytestmark = pytest.mark.django_db

ROUTE = "c=AL&c=MK&c=RS&c=HU"
CHECKED_ROWS = 200
LINE_HEIGHT = 15  # points: one line of the default 11-point font
XLSX_ADMIN = "1"  # the admin's XLSX format, by its position in IMPORT_EXPORT_FORMATS


def _download(client, url, data=None):
    response = client.post(url, data) if data else client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture(scope="module")
def workbooks(django_db_setup, django_db_blocker):
    """{name: XLSX bytes} of each kind of file, made from the sample data in one transaction that
    is rolled back: the contact directory and a route's contacts as an official, the comparison of
    the route's countries, and the admin's export of authorities as a coordinator."""
    files = {}
    with django_db_blocker.unblock(), translation.override("en"), transaction.atomic():
        call_command("seed_sample", scale=1, verbosity=0)
        users = get_user_model().objects
        official = users.create_user(username="layout-official", password="x")
        official.groups.add(Group.objects.get(name=OFFICIALS))
        coordinator = users.create_user(username="layout-coordinator", password="x", is_staff=True)
        coordinator.groups.add(Group.objects.get(name=COORDINATORS))
        client = Client()
        client.force_login(official)
        files["contacts"] = _download(client, "/contacts/export.xlsx")
        files["route"] = _download(client, f"/route/contacts.xlsx?{ROUTE}")
        files["comparison"] = _download(client, f"/compare/export.xlsx?{ROUTE}")
        client.force_login(coordinator)
        files["admin"] = _download(
            client,
            reverse("admin:contacts_authority_export"),
            {
                "format": XLSX_ADMIN,
                "resource": "0",
                **{f"authorityresource_{name}": "on" for name in ["uid", "country", "name", "kind", "address"]},
            },
        )
        transaction.set_rollback(True)
    return files


def _sheet(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert len(workbook.worksheets) == 1
    return workbook.worksheets[0]


def _column_widths(sheet):
    """{column number: width as stored}; a <col> element may span several columns."""
    return {
        index: dimension.width
        for dimension in sheet.column_dimensions.values()
        if dimension.customWidth
        for index in range(dimension.min, dimension.max + 1)
    }


def _estimated_lines(text, width):
    """The lines `text` takes in a column `width` characters wide: each of its lines, wrapped."""
    return sum(max(1, math.ceil(len(line) / width)) for line in text.split("\n"))


@pytest.mark.parametrize("name", ["contacts", "route", "comparison", "admin"])
def test_columns_fit_their_text_and_wrapped_rows_are_tall_enough(workbooks, name):
    sheet = _sheet(workbooks[name])
    widths = _column_widths(sheet)
    rows = list(sheet.iter_rows(max_row=CHECKED_ROWS + 1))
    assert len(rows) > 10 if name != "admin" else len(rows) > 5
    assert set(widths) == set(range(1, sheet.max_column + 1)), "every column has a width"
    wrapped_rows = 0
    for row in rows:
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            width = widths[cell.column]
            longest = max(len(line) for line in cell.value.split("\n"))
            if longest > width or "\n" in cell.value:
                # Wider than its column's cap, or several lines: wrapped, never cut off.
                assert cell.alignment.wrap_text, (cell.coordinate, cell.value, width)
                lines = max(lines, _estimated_lines(cell.value, width))
        if lines > 1:
            wrapped_rows += 1
            height = sheet.row_dimensions[row[0].row].height
            assert height is not None and height >= LINE_HEIGHT * lines, (row[0].row, height, lines)
    if name in ("contacts", "comparison"):
        assert wrapped_rows, "the sample data has text that wraps"
    # One font throughout: the header in its bold.
    fonts = {(cell.font.name, cell.font.sz) for row in rows for cell in row if cell.value is not None}
    assert len(fonts) == 1, fonts
    assert all(cell.font.b for cell in rows[0] if cell.value)


@pytest.mark.parametrize("name", ["contacts", "route", "comparison", "admin"])
def test_printed_landscape_one_page_wide_with_the_header_on_every_page(workbooks, name):
    sheet = _sheet(workbooks[name])
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out of the file
    assert sheet.page_setup.fitToHeight == 0  # as many pages tall as it takes
    assert sheet.print_title_rows == ("$1:$2" if name == "comparison" else "$1:$1")


def test_the_contact_export_fits_the_authority_column_to_its_names(workbooks):
    sheet = _sheet(workbooks["contacts"])
    names = [row[2] for row in sheet.iter_rows(min_row=2, max_row=CHECKED_ROWS + 1, values_only=True)]
    width = _column_widths(sheet)[3]
    assert width >= 30
    assert sum(len(name) <= width for name in names) > len(names) / 2, "most names fit on one line"


# Printed by LibreOffice.


def _pdf(tmp_path, name, content):
    """The PDF that LibreOffice prints of `content`: (its text page by page, its number of pages,
    whether its pages are landscape, the path)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / f"{name}.xlsx"
    source.write_bytes(content)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.exists(), f"LibreOffice Calc (libreoffice-calc-nogui) could not print the file: {result.stderr}"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.MULTILINE).groups())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:pages], pages, width > height, pdf


def _squeezed(text):
    """Text without its white space and hyphens: a name wrapped onto two lines reads whole (pdftotext
    drops the hyphen at which a line breaks)."""
    return re.sub(r"[\s-]+", "", text)


def _missing_headers(pages, headers):
    """(page, word) of each word of `headers` missing from a page: every page should show every
    column's header (pdftotext may read a wrapped header's words apart)."""
    wanted = {word for header in headers for word in header.split()}
    return [(number, word) for number, page in enumerate(pages, start=1) for word in wanted - set(page.split())]


def _overlapping_words(pdf):
    """Pairs of words printed over each other on a page of `pdf`, from pdftotext's word boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    overlaps = []
    for page in html.split("<page ")[1:]:
        boxes = sorted(
            (float(y0), float(x0), float(x1), float(y1), word)
            for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page
            )
        )
        for index, (_y0, x0, x1, y1, word) in enumerate(boxes):
            for other_y0, other_x0, other_x1, _other_y1, other in boxes[index + 1 :]:
                if other_y0 >= y1 - 1:
                    break
                if other_x0 < x1 - 1 and x0 < other_x1 - 1:
                    overlaps.append((word, other))
    return overlaps


def test_the_printed_contact_export_shows_every_column_and_whole_names(workbooks, tmp_path):
    sheet = _sheet(workbooks["contacts"])
    headers = [cell.value for cell in sheet[1]]
    names = {row[2] for row in sheet.iter_rows(min_row=2, max_row=CHECKED_ROWS + 1, values_only=True)}
    rows = sheet.max_row - 1
    pages, count, landscape, pdf = _pdf(tmp_path, "contacts", workbooks["contacts"])
    assert landscape
    # One page wide, the header on each page: every page holds every column's header.
    assert not _missing_headers(pages, headers)
    # Dozens of rows to a page (the file used to print 2 or 3 columns to a portrait page).
    assert count <= math.ceil(rows / 20), (count, rows)
    printed = _squeezed("".join(pages))
    assert not [name for name in names if _squeezed(name) not in printed]
    assert not _overlapping_words(pdf)


def test_the_printed_comparison_shows_every_answer_apart(workbooks, tmp_path):
    sheet = _sheet(workbooks["comparison"])
    headers = [cell.value for cell in sheet[1]]
    answers = [cell.value for row in sheet.iter_rows(min_row=3, min_col=4) for cell in row if cell.value]
    pages, count, landscape, pdf = _pdf(tmp_path, "comparison", workbooks["comparison"])
    assert landscape
    assert not _missing_headers(pages, headers)
    assert count <= 10
    # pdftotext reads the lines of neighbouring cells in turn: each answer's words are printed...
    printed = {word.rstrip("-") for page in pages for word in page.split()}
    assert not [answer for answer in answers if not {word.rstrip("-") for word in answer.split()} <= printed]
    # ...and rows are as tall as their text: no line of one answer is printed over the next.
    assert not _overlapping_words(pdf)


# The reader's language.


@pytest.fixture
def named_contacts(albania):
    """A public contact point of Albania and one of an organization, whose names are translated."""
    Authority.objects.create(country=albania, name="Directorate", kind=Authority.Kind.POLICE)
    organization = Organization.objects.get(slug="europol")
    Authority.objects.create(organization=organization, name="Operations Centre", kind="international_body")
    for authority in Authority.objects.all():
        ContactPoint.objects.create(
            authority=authority, function="Duty desk", email="desk@example.org", visibility="public"
        )
    return albania, organization


def _first_columns(fmt, content):
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    else:
        table = [list(row) for row in _sheet(content).iter_rows(values_only=True)]
    return [row[0] for row in table[1:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["fr", "ru"])
def test_exports_name_the_country_in_the_readers_language(client, named_contacts, fmt, language):
    albania, organization = named_contacts
    country_name = getattr(albania, f"name_{language}")
    organization_name = getattr(organization, f"name_{language}") or organization.name_en
    assert country_name and country_name != albania.name_en

    directory = _first_columns(fmt, _download(client, f"/{language}/contacts/export.{fmt}"))
    assert sorted(directory) == sorted([country_name, organization_name])
    country_page = _first_columns(fmt, _download(client, f"/{language}/countries/{albania.slug}/contacts.{fmt}"))
    assert country_page == [country_name]
    route = _first_columns(fmt, _download(client, f"/{language}/route/contacts.{fmt}?c=AL"))
    assert route == [country_name]
    # In English, the English name.
    assert _first_columns(fmt, _download(client, f"/contacts/export.{fmt}")).count(albania.name_en) == 1


def test_the_vcard_export_still_works_in_another_language(client, named_contacts):
    content = _download(client, "/ru/contacts/export.vcf").decode()
    assert content.count("BEGIN:VCARD") == 2
    assert Country.objects.get(code="AL").name_ru in content
