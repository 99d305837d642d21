"""Exports of the contact directory and of a country's contacts, read back with real readers (the
csv module, openpyxl, vobject) and compared field by field with the database.

The expected values are built here from model instances, independently of `contacts.exports`
(which reads tuples), so a wrong join or a swapped column shows.
"""

import csv
import datetime
import io
import tempfile

import openpyxl
import pytest
import vobject
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.exports import fold
from contacts.filters import ContactPointFilter
from contacts.models import Authority, ContactPoint
from contacts.spreadsheets import neutralise
from contacts.views import directory_queryset
from countries.models import Language, Organization

LONG_FUNCTION = ("Coordinator of controlled deliveries, précurseurs et stupéfiants; " + "é" * 200)[:200]
HYPERLINK = '=HYPERLINK("http://example.org/?leak=1","Click")'

HEADERS = [
    "Country or organization",
    "Code",
    "Authority",
    "Kind of authority",
    "Function",
    "Person",
    "Phone",
    "Mobile",
    "Fax",
    "Email",
    "Languages",
    "24/7",
    "Hours",
    "Visibility",
    "Last verified",
]


@pytest.fixture
def awkward(albania, serbia):
    """Contact points with everything that breaks a naive export: separators, quotes, newlines,
    backslashes, non-ASCII names, a 200-character function, and cells a spreadsheet would run as
    formulas; public and officials-only, in two countries and an organization."""
    english, albanian = Language.objects.get(code="en"), Language.objects.get(code="sq")
    directorate = Authority.objects.create(
        country=albania,
        name='Directorate; Drugs, "Special" Unit',
        kind=Authority.Kind.POLICE,
        switchboard="+442079460100",
        email="directorate@example.org",
        address="Rruga e Kavajës 1,\nTiranë; Shqipëri",
    )
    prosecutor = Authority.objects.create(country=albania, name="Office of the Prosecutor", kind="prosecution")
    customs = Authority.objects.create(country=serbia, name="Customs Administration", kind=Authority.Kind.CUSTOMS)
    europol = Authority.objects.create(
        organization=Organization.objects.get(slug="europol"), name="Operations Centre", kind="international_body"
    )
    points = [
        ContactPoint(
            authority=directorate,
            function='Duty desk, 24/7; "night" shift',
            phone="+442079460111",
            email="duty@example.org",
            is_24_7=True,
            visibility="public",
            last_verified_on=datetime.date(2026, 3, 1),
        ),
        ContactPoint(
            authority=directorate,
            function=LONG_FUNCTION,
            person_name="Ömer Çelik",
            mobile="+442079460112",
            fax="+442079460113",
            email="omer@example.org",
            hours="Mon–Fri 08:00–16:00",
        ),
        ContactPoint(
            authority=directorate, function="+cmd|' /C calc'!A0", person_name=HYPERLINK, phone="+442079460114"
        ),
        ContactPoint(authority=prosecutor, function="-2+3", email="minus@example.org", visibility="public"),
        ContactPoint(
            authority=customs,
            function="@SUM(1+1)",
            person_name="Line one\nLine two",
            mobile="+12025550101",
            visibility="public",
        ),
        ContactPoint(authority=customs, function="\tTabbed desk", email="tab@example.org"),
        ContactPoint(authority=europol, function="\rReturn desk", email="cr@example.org", visibility="public"),
        ContactPoint(authority=europol, function="Liaison\\desk, back\\slash", email="bs@example.org"),
    ]
    for point in points:
        point.save()
    points[0].languages.set([english, albanian])
    points[1].languages.set([english])
    return points


# What the database says, from model instances.


def _e164(number):
    return number.as_e164 if number else ""


def _expected_row(point):
    """The spreadsheet row of `point` as strings, '' for an empty cell, languages as a set."""
    authority = point.authority
    owner = authority.country or authority.organization
    return [
        owner.name,
        str(authority.country.code) if authority.country else authority.organization.acronym,
        authority.name,
        authority.get_kind_display(),
        point.function,
        point.person_name,
        _e164(point.phone),
        _e164(point.mobile),
        _e164(point.fax),
        point.email,
        {language.name for language in point.languages.all()},
        "Yes" if point.is_24_7 else "",
        point.hours,
        point.get_visibility_display(),
        point.last_verified_on.isoformat() if point.last_verified_on else "",
    ]


def _expected_cells(point, fmt="csv"):
    """The row as a spreadsheet shows it: formula-like text neutralised; in XLSX, whose XML has no
    bare carriage return, a carriage return is a line break."""
    cells = [value if isinstance(value, set) else neutralise(value) for value in _expected_row(point)]
    if fmt == "xlsx":
        cells = [value.replace("\r", "\n") if isinstance(value, str) else value for value in cells]
    return cells


def _visible(user=None, **filters):
    """The directory's contact points for `user` (None: anonymous), in the directory's order."""
    queryset = directory_queryset(user)
    if filters:
        queryset = ContactPointFilter(filters, queryset=queryset).qs
    return list(queryset)


# Readers: each turns an export into comparable rows.


def _languages(value):
    return set(value.split(", ")) if value else set()


def read_csv(content):
    assert content.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte-order mark comes first"
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert table[0] == HEADERS
    return [[*row[:10], _languages(row[10]), *row[11:]] for row in table[1:]]


def read_xlsx(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert len(workbook.worksheets) == 1
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= 30  # the authority's name is not squeezed
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0] == HEADERS
    rows = []
    for row in table[1:]:
        cells = ["" if value is None else value for value in row]
        verified = cells[14]
        cells[14] = verified.date().isoformat() if verified else ""
        cells[10] = _languages(cells[10])
        rows.append(cells)
    return rows


def read_vcf(content):
    return list(vobject.readComponents(content.decode("utf-8")))


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def _card_fields(card):
    """What a card says, in the shape `_expected_card` gives."""
    fields = {
        "fn": card.fn.value,
        "n": card.n.value.family,
        "org": card.org.value,
        "title": card.title.value,
        "tel": sorted((tel.value, ",".join(tel.params["TYPE"])) for tel in card.contents.get("tel", [])),
        "email": [email.value for email in card.contents.get("email", [])],
        "adr": [(adr.value.street, adr.value.country) for adr in card.contents.get("adr", [])],
        "note": card.note.value.split("\n"),
        "categories": card.categories.value,
    }
    return fields


def _vcard_text(value):
    # A vCard has no bare carriage return: it becomes a line break.
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _expected_card(point):
    authority = point.authority
    languages = sorted(language.name for language in point.languages.all())
    note = ["Reachable 24/7" if point.is_24_7 else (f"Hours: {point.hours}" if point.hours else None)]
    note.append(f"Languages: {', '.join(languages)}" if languages else None)
    note.append(f"Visibility: {point.get_visibility_display()}")
    phones = ((point.phone, "work,voice"), (point.mobile, "cell"), (point.fax, "fax"))
    return {
        "fn": _vcard_text(point.person_name or f"{point.function} ({authority.name})"),
        "n": _vcard_text(point.person_name),
        "org": [_vcard_text(authority.name)],
        "title": _vcard_text(point.function),
        "tel": sorted((_e164(number), types) for number, types in phones if number),
        "email": [point.email] if point.email else [],
        "adr": [(_vcard_text(authority.address), authority.country.name if authority.country else "")]
        if authority.address
        else [],
        "note": [line for line in note if line],
        "categories": [authority.country.name if authority.country else authority.organization.acronym],
    }


def _card_key(fields):
    return (fields["title"], fields["n"])


def _sorted_languages_in_note(fields):
    # SQLite joins language names in no set order; compare them as a set.
    fields = dict(fields)
    fields["note"] = [
        "Languages: " + ", ".join(sorted(line.removeprefix("Languages: ").split(", ")))
        if line.startswith("Languages: ")
        else line
        for line in fields["note"]
    ]
    return fields


# The spreadsheets.

SPREADSHEET_READERS = {"csv": read_csv, "xlsx": read_xlsx}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("persona", ["anonymous", "official"])
def test_spreadsheet_export_holds_every_visible_contact_point_as_in_the_database(
    client, awkward, official, fmt, persona
):
    user = official if persona == "official" else None
    if user:
        client.force_login(user)
    _, content = _download(client, f"/contacts/export.{fmt}")
    rows = SPREADSHEET_READERS[fmt](content)

    visible = _visible(user)
    assert rows == [_expected_cells(point, fmt) for point in visible]
    restricted = [point for point in awkward if point.visibility == ContactPoint.Visibility.OFFICIALS]
    if persona == "anonymous":
        assert len(rows) == 4
        functions = {row[4] for row in rows}
        assert not functions & {neutralise(point.function) for point in restricted}
        assert "Ömer Çelik" not in {row[5] for row in rows}
    else:
        assert len(rows) == len(awkward)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_cells_are_neutralised_and_phone_numbers_kept(client, awkward, official, fmt):
    client.force_login(official)
    _, content = _download(client, f"/contacts/export.{fmt}")
    rows = SPREADSHEET_READERS[fmt](content)
    cells = [cell for row in rows for cell in row if isinstance(cell, str)]
    for dangerous in (HYPERLINK, "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\tTabbed desk", "\rReturn desk"):
        if fmt == "xlsx":
            dangerous = dangerous.replace("\r", "\n")  # XML has no bare carriage return
        assert "'" + dangerous in cells
        assert dangerous not in cells
    assert not [cell for cell in cells if cell.startswith(("=", "@", "\t", "\r"))]
    # E.164 numbers are numbers to a spreadsheet, never formulas: they stay as entered.
    assert "+442079460111" in cells and "+12025550101" in cells
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_holds_hidden_formulas_and_writer_markup_as_text(client, albania):
    """A control character in front of a formula, and text shaped like XlsxWriter's rich-string
    markup (which it writes into the XML as it is: this text would close its cell and add a formula
    cell), come out as text (see `contacts.spreadsheets`)."""
    markup = '<r><t>a</t></r></is></c><c r="Z9"><f>HYPERLINK("http://evil.example","x")</f></c><c><is><r><t>b</t></r>'
    authority = Authority.objects.create(country=albania, name="Directorate", kind=Authority.Kind.POLICE)
    ContactPoint.objects.create(
        authority=authority,
        function=markup,
        person_name="\x01" + HYPERLINK,
        email="desk@example.org",
        visibility="public",
    )
    _, content = _download(client, "/contacts/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    row = [cell.value for cell in sheet[2]]
    assert row[4:6] == ["'" + markup, "'" + HYPERLINK]
    assert sheet.max_column == len(HEADERS)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


# vCard.


@pytest.mark.parametrize("persona", ["anonymous", "official"])
def test_vcard_export_has_one_card_per_visible_contact_point_as_in_the_database(client, awkward, official, persona):
    user = official if persona == "official" else None
    if user:
        client.force_login(user)
    response, content = _download(client, "/contacts/export.vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    cards = read_vcf(content)
    assert all(card.version.value == "3.0" for card in cards)

    visible = _visible(user)
    assert [_sorted_languages_in_note(_card_fields(card)) for card in cards] == [
        _expected_card(point) for point in visible
    ]
    if persona == "anonymous":
        assert len(cards) == 4
        assert "Ömer Çelik" not in content.decode()
    else:
        assert len(cards) == len(awkward)


def test_vcard_lines_are_folded_at_75_octets_and_end_in_crlf(client, awkward, official):
    client.force_login(official)
    _, content = _download(client, "/contacts/export.vcf")
    assert content.endswith(b"\r\n")
    assert content.count(b"\n") == content.count(b"\r\n") == content.count(b"\r")
    lines = content.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # no line ends inside a multi-byte character
    continuation = [line for line in lines if line.startswith(b" ")]
    assert continuation, "the 200-character function was folded"
    assert any(len(line) >= 74 for line in lines), "lines are filled before folding"


def test_fold_cuts_on_character_boundaries():
    for text in ["x" * 200, "é" * 200, "x" + "€" * 100, "🚚" * 60, "TITLE:" + "Ç" * 75]:
        folded = fold(text)
        physical = folded.encode().split(b"\r\n")[:-1]
        assert all(len(line) <= 75 for line in physical)
        assert all(line.startswith(b" ") for line in physical[1:])
        assert "".join(line.decode()[1:] if i else line.decode() for i, line in enumerate(physical)) == text
    assert fold("short") == "short\r\n"
    assert fold("x" * 75) == "x" * 75 + "\r\n"
    assert fold("x" * 76) == "x" * 75 + "\r\n x\r\n"


# What every export shares: filters, headers, filenames, queries.


@pytest.mark.parametrize(
    "query",
    [
        {"country": "AL"},
        {"kind": "customs"},
        {"q": "desk"},
        {"country": "AL", "kind": "police", "q": "Çelik"},
        {"organization": "europol"},
        {"language": "en", "ordering": "-function"},
        {"h24": "true"},
        {"country": "XX"},  # not a choice: ignored, as on the page
    ],
)
def test_filters_carry_over_so_the_export_equals_the_directory(client, awkward, official, query):
    client.force_login(official)
    _, content = _download(client, "/contacts/export.csv?" + "&".join(f"{k}={v}" for k, v in query.items()))
    expected = [_expected_cells(point) for point in _visible(official, **query)]
    assert read_csv(content) == expected
    page = client.get("/contacts/", query)
    assert page.context["page_obj"].paginator.count == len(expected)


def test_directory_export_headers_and_filenames(client, awkward):
    today = timezone.localdate().isoformat()
    for fmt in ["csv", "xlsx", "vcf"]:
        response, _ = _download(client, f"/contacts/export.{fmt}")
        assert response["Content-Disposition"] == f'attachment; filename="contacts-{today}.{fmt}"'
        assert response["Cache-Control"] == "private, no-store"
        assert "Cookie" in response["Vary"]
        response, _ = _download(client, f"/contacts/export.{fmt}?country=AL&kind=police")
        assert response["Content-Disposition"] == f'attachment; filename="contacts-AL-{today}.{fmt}"'
    assert _download(client, "/contacts/export.xlsx")[0]["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert client.get("/contacts/export.pdf").status_code == 404
    assert client.post("/contacts/export.csv").status_code == 405


def test_exports_are_not_served_from_the_anonymous_page_cache(client, awkward):
    first = read_csv(_download(client, "/contacts/export.csv")[1])
    point = awkward[0]
    point.function = "Renamed desk"
    point.save()
    again = read_csv(_download(client, "/contacts/export.csv")[1])
    assert first != again
    assert "Renamed desk" in [row[4] for row in again]


def _export_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        _download(client, url)
    return len(queries)


def _bulk_contact_points(authority, count):
    english = Language.objects.get(code="en")
    for number in range(count):
        point = ContactPoint.objects.create(
            authority=authority,
            function=f"Desk {number}",
            person_name=f"Sample Officer {number}",
            phone=f"+44207946{number % 1000:04d}",
            visibility="public" if number % 2 else "officials",
        )
        point.languages.add(english)


@pytest.mark.parametrize("persona", ["anonymous", "official"])
def test_an_export_runs_the_same_number_of_queries_for_5_and_50_contact_points(client, albania, official, persona):
    if persona == "official":
        client.force_login(official)
        client.get("/")  # signed in a moment ago: the user's row is now at hand (accounts/backends.py)
    authority = Authority.objects.create(country=albania, name="Sample Directorate", kind="police")
    urls = [f"/contacts/export.{fmt}?kind=police" for fmt in ("csv", "xlsx", "vcf")]
    urls += [f"/countries/albania/contacts.{fmt}" for fmt in ("csv", "xlsx", "vcf")]
    _bulk_contact_points(authority, 5)
    small = {url: _export_queries(client, url) for url in urls}
    _bulk_contact_points(authority, 45)
    large = {url: _export_queries(client, url) for url in urls}
    assert small == large
    # An official's session and user come from the cache and the worker's memory: no query.
    for url in urls[:3]:
        # the country, language, channel and organization choices of the FilterSet (one query); the
        # contact points with their authority, owner and languages in one query
        assert large[url] == 2, url
    for url in urls[3:]:
        # the country; its contact points
        assert large[url] == 2, url


# The country page's exports.


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "vcf"])
@pytest.mark.parametrize("persona", ["anonymous", "official"])
def test_country_export_holds_that_countrys_visible_contact_points(client, awkward, albania, official, fmt, persona):
    user = official if persona == "official" else None
    if user:
        client.force_login(user)
    response, content = _download(client, f"/countries/albania/contacts.{fmt}")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="contacts-AL-{today}.{fmt}"'
    assert response["Cache-Control"] == "private, no-store"
    expected = [point for point in _visible(user) if point.authority.country_id == albania.pk]
    assert len(expected) == (2 if user is None else 4)
    if fmt == "vcf":
        cards = [_sorted_languages_in_note(_card_fields(card)) for card in read_vcf(content)]
        assert cards == [_expected_card(point) for point in expected]
    else:
        assert SPREADSHEET_READERS[fmt](content) == [_expected_cells(point, fmt) for point in expected]


def test_country_export_of_an_unknown_country_is_404(client, db):
    assert client.get("/countries/atlantis/contacts.csv").status_code == 404


# Links on the pages.


def test_directory_links_to_the_downloads_with_the_filters_but_not_the_page(client, awkward, official):
    client.force_login(official)
    page = client.get("/contacts/?country=AL&kind=police&ordering=function&page=1").content.decode()
    assert "Download these 3 contact points:" in page
    for fmt in ("csv", "xlsx", "vcf"):
        assert f'href="/contacts/export.{fmt}?country=AL&amp;kind=police&amp;ordering=function"' in page
    page = client.get("/contacts/").content.decode()
    assert 'href="/contacts/export.csv"' in page
    assert "Download these 8 contact points:" in page


def test_anonymous_directory_offers_the_public_count(client, awkward):
    page = client.get("/contacts/?country=AL").content.decode()
    assert "Download these 2 contact points:" in page
    assert 'href="/contacts/export.vcf?country=AL"' in page


def test_country_page_links_to_its_downloads(client, awkward):
    page = client.get("/countries/albania/").content.decode()
    for fmt in ("csv", "xlsx", "vcf"):
        assert f'href="/countries/albania/contacts.{fmt}"' in page
    assert "/contacts.csv" not in client.get("/countries/albania/print/").content.decode()


# The management command.


def _command_output(tmp_path, fmt, *args, **options):
    path = tmp_path / f"out.{fmt}"
    call_command("export_contacts", *args, format=fmt, output=str(path), verbosity=0, **options)
    return path.read_bytes()


@pytest.mark.parametrize("fmt", ["csv", "vcf"])
def test_command_writes_what_the_directory_serves(client, awkward, official, tmp_path, fmt):
    anonymous = _download(client, f"/contacts/export.{fmt}")[1]
    assert _command_output(tmp_path, fmt) == anonymous
    client.force_login(official)
    officials = _download(client, f"/contacts/export.{fmt}")[1]
    assert _command_output(tmp_path, fmt, "--include-restricted") == officials
    country = _download(client, f"/countries/albania/contacts.{fmt}")[1]
    assert _command_output(tmp_path, fmt, "--include-restricted", "--country", "al") == country


def test_command_writes_the_same_xlsx_rows(client, awkward, official, tmp_path):
    assert read_xlsx(_command_output(tmp_path, "xlsx")) == read_xlsx(_download(client, "/contacts/export.xlsx")[1])
    client.force_login(official)
    assert read_xlsx(_command_output(tmp_path, "xlsx", "--include-restricted")) == read_xlsx(
        _download(client, "/contacts/export.xlsx")[1]
    )


def test_command_filters_by_countries_and_writes_to_stdout(awkward):
    out = io.StringIO()
    call_command("export_contacts", "--country", "AL", "RS", format="csv", output="-", stdout=out)
    rows = read_csv(out.getvalue().encode())
    assert {row[1] for row in rows} == {"AL", "RS"}
    assert len(rows) == 3  # the public ones of Albania and Serbia
    out = io.StringIO()
    call_command("export_contacts", "--country", "RS", "--include-restricted", format="vcf", output="-", stdout=out)
    assert {card.title.value for card in read_vcf(out.getvalue().encode())} == {"@SUM(1+1)", "\tTabbed desk"}


def test_command_refuses_bad_arguments(db, tmp_path):
    with pytest.raises(CommandError, match="Unknown country code: ZZ"):
        call_command("export_contacts", "--country", "ZZ", format="csv", output=str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="standard output"):
        call_command("export_contacts", format="xlsx", output="-")


def test_a_control_character_does_not_break_the_xlsx(client, albania):
    authority = Authority.objects.create(country=albania, name="Sample Directorate", kind="police")
    ContactPoint.objects.create(
        authority=authority, function="Desk\x0bwith a vertical tab", phone="+442079460120", visibility="public"
    )
    rows = read_xlsx(_download(client, "/contacts/export.xlsx")[1])
    assert [row[4] for row in rows] == ["Deskwith a vertical tab"]
    assert [row[4] for row in read_csv(_download(client, "/contacts/export.csv")[1])] == ["Desk\x0bwith a vertical tab"]


def test_the_temporary_xlsx_file_is_deleted_once_sent(client, awkward, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    response = client.get("/contacts/export.xlsx")
    assert [path.name for path in tmp_path.iterdir() if path.suffix == ".xlsx"], "written to a temporary file"
    read_xlsx(b"".join(response.streaming_content))
    response.close()
    assert not [path for path in tmp_path.iterdir() if path.suffix == ".xlsx"]
