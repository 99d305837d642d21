"""Spreadsheets in and out of the admin (django-import-export): scoped, strict, and nothing lost."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from contacts.models import Authority, ContactPoint
from contacts.resources import AuthorityResource, ContactPointResource
from countries.models import Answer, Instrument, Provision, Question
from countries.resources import AnswerResource, InstrumentResource, ProvisionResource

CSV, XLSX = "0", "1"  # positions in IMPORT_EXPORT_FORMATS

CONTACT_HEADER = ["uid", "authority", "function", "person_name", "phone", "email", "visibility", "is_24_7"]


def _csv(rows, encoding="utf-8"):
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode(encoding)


def _xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _import(client, model, content, *, fmt=CSV, name="contacts.csv", confirm=True):
    """Upload through the admin's import page (a dry run); confirm it when it offers to."""
    app_label = {"contactpoint": "contacts", "authority": "contacts"}.get(model, "countries")
    url = reverse(f"admin:{app_label}_{model}_import")
    response = client.post(url, {"import_file": SimpleUploadedFile(name, content), "format": fmt})
    page = response.content.decode()
    if confirm and "process_import" in page and 'name="import_file_name"' in page:
        confirm_form = page[page.index('action="' + reverse(f"admin:{app_label}_{model}_process_import")) :]
        data = dict(re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', confirm_form.split("</form>")[0]))
        data.update(
            {
                key: value
                for value, key in re.findall(r'value="([^"]*)"[^>]*name="([a-z_]+)"', confirm_form.split("</form>")[0])
            }
        )
        final = client.post(reverse(f"admin:{app_label}_{model}_process_import"), data)
        return page, final
    return page, None


@pytest.fixture
def albanian_authority(albania):
    return Authority.objects.create(country=albania, name="Drug Police Directorate", kind="police")


@pytest.fixture
def serbian_authority(serbia):
    return Authority.objects.create(country=serbia, name="Serbian Police", kind="police")


def _snapshot():
    return [
        sorted(model.objects.values_list("pk", "updated_at"))
        for model in (Authority, ContactPoint, Answer, Instrument, Provision)
    ]


def test_coordinator_imports_new_contact_points_and_a_second_import_changes_nothing(
    client, coordinator, albanian_authority
):
    client.force_login(coordinator)
    content = _csv(
        [
            CONTACT_HEADER,
            ["", albanian_authority.uid, "24/7 duty desk", "", "+44 20 7946 0111", "desk@example.org", "public", "1"],
            ["", albanian_authority.uid, "Head of unit", "Sample Officer", "", "head@example.org", "officials", "0"],
        ]
    )
    page, final = _import(client, "contactpoint", content)
    assert "Confirm import" in page or "confirm" in page.lower()
    assert final.status_code == 302
    assert set(albanian_authority.contact_points.values_list("function", flat=True)) == {
        "24/7 duty desk",
        "Head of unit",
    }
    desk = albanian_authority.contact_points.get(function="24/7 duty desk")
    assert str(desk.phone) == "+44 20 7946 0111" and desk.is_24_7 and desk.visibility == "public"

    # Export what is there and import it again: nothing changes.
    exported = ContactPointResource().export(ContactPoint.objects.all()).csv.encode()
    before = _snapshot()
    page, final = _import(client, "contactpoint", exported)
    assert final.status_code == 302
    assert _snapshot() == before


def test_focal_point_import_for_another_country_is_a_row_error_and_writes_nothing(
    client, focal_point_a, albanian_authority, serbian_authority
):
    client.force_login(focal_point_a)
    content = _csv(
        [
            CONTACT_HEADER,
            ["", albanian_authority.uid, "Albanian desk", "", "", "al@example.org", "public", "0"],
            ["", serbian_authority.uid, "Planted desk", "", "", "rs@example.org", "public", "0"],
        ]
    )
    page, final = _import(client, "contactpoint", content)
    assert final is None
    assert "a country you do not manage" in page
    assert ContactPoint.objects.count() == 0


def test_focal_point_cannot_overwrite_another_countrys_record_by_its_identifier(
    client, focal_point_a, albanian_authority, serbian_authority
):
    contact = ContactPoint.objects.create(authority=serbian_authority, function="Serbian desk", email="rs@example.org")
    client.force_login(focal_point_a)
    content = _csv(
        [CONTACT_HEADER, [contact.uid, albanian_authority.uid, "Moved", "", "", "rs@example.org", "public", "0"]]
    )
    page, final = _import(client, "contactpoint", content)
    assert final is None and "a country you do not manage" in page
    contact.refresh_from_db()
    assert (contact.function, contact.authority) == ("Serbian desk", serbian_authority)


BAD_FILES = {
    "missing columns": (_csv([["uid", "function"], ["", "Desk"]]), CSV, "missing columns: authority"),
    "unknown columns": (
        _csv([[*CONTACT_HEADER, "salary"], ["", "", "Desk", "", "", "a@example.org", "public", "0", "1"]]),
        CSV,
        "unknown columns: salary",
    ),
    "latin-1 text": (
        _csv(
            [CONTACT_HEADER, ["", "", "Bureau de liaison à Tirana", "", "", "b@example.org", "public", "0"]], "latin-1"
        ),
        CSV,
        "not UTF-8 text",
    ),
    "empty file": (b"", CSV, "The submitted file is empty."),
    "formula cell": (None, CSV, "holds a spreadsheet formula"),
    "unknown authority": (
        _csv(
            [
                CONTACT_HEADER,
                ["", "6f1c1d7e-0000-4000-8000-000000000000", "Desk", "", "", "c@example.org", "public", "0"],
            ]
        ),
        CSV,
        "does not exist",
    ),
    "duplicated rows": (None, CSV, "The same record appears on several rows"),
    "bad identifier": (
        _csv([CONTACT_HEADER, ["not-a-uid", "", "Desk", "", "", "d@example.org", "public", "0"]]),
        CSV,
        "not a valid identifier",
    ),
    "invalid email in xlsx": (None, XLSX, "Enter a valid email address."),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_contact_point_files_get_a_clear_message_and_write_nothing(client, coordinator, albanian_authority, case):
    content, fmt, message = BAD_FILES[case]
    uid = str(albanian_authority.uid)
    existing = ContactPoint.objects.create(authority=albanian_authority, function="Existing", email="e@example.org")
    if case == "formula cell":
        content = _csv(
            [CONTACT_HEADER, ["", uid, '=HYPERLINK("http://evil.example","x")', "", "", "f@example.org", "public", "0"]]
        )
    if case == "duplicated rows":
        row = [existing.uid, uid, "Existing", "", "", "e@example.org", "public", "0"]
        content = _csv([CONTACT_HEADER, row, row])
    if case == "invalid email in xlsx":
        content = _xlsx([CONTACT_HEADER, ["", uid, "Desk", "", "", "not an address", "public", "0"]])
    client.force_login(coordinator)
    before = _snapshot()
    page, final = _import(client, "contactpoint", content, fmt=fmt, name="bad.xlsx" if fmt == XLSX else "bad.csv")
    assert final is None, case
    assert message in page, (case, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))[:3000])
    assert _snapshot() == before


def test_a_file_over_the_size_limit_is_refused_before_reading(client, coordinator, settings):
    settings.HANDBOOK_IMPORT_MAX_BYTES = 5 * 1024 * 1024
    client.force_login(coordinator)
    big = b"uid,authority,function\n" + b"x" * (10 * 1024 * 1024)
    page, final = _import(client, "contactpoint", big)
    assert final is None and "the limit is 5.0" in page
    assert ContactPoint.objects.count() == 0


def test_unknown_country_code_in_authorities_is_a_clear_row_error(client, coordinator):
    client.force_login(coordinator)
    content = _csv([["uid", "country", "name", "kind"], ["", "ZZ", "Nowhere Police", "police"]])
    page, final = _import(client, "authority", content)
    assert final is None and "Unknown country code “ZZ”" in page
    assert Authority.objects.count() == 0


def test_answers_import_matches_on_country_and_question(client, focal_point_a, albania):
    client.force_login(focal_point_a)
    header = ["country", "question", "value", "details"]
    content = _csv([header, ["AL", "permitted", "yes", "Decided case by case."], ["al", "transit", "partly", ""]])
    page, final = _import(client, "answer", content)
    assert final is not None and final.status_code == 302, page[:2000]
    assert dict(Answer.objects.filter(country=albania).values_list("question__key", "value")) == {
        "permitted": "yes",
        "transit": "partly",
    }
    content = _csv([header, ["AL", "permitted", "no", "Changed."]])
    _import(client, "answer", content)
    assert Answer.objects.get(country=albania, question__key="permitted").value == "no"
    assert Answer.objects.filter(country=albania).count() == 2


def test_focal_point_exports_only_their_countries(client, focal_point_a, albanian_authority, serbian_authority):
    client.force_login(focal_point_a)
    response = client.post(
        reverse("admin:contacts_authority_export"),
        {
            "format": CSV,
            "resource": "0",
            **{f"authorityresource_{name}": "on" for name in ["uid", "country", "name", "kind"]},
        },
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Drug Police Directorate" in text and "Serbian Police" not in text


def test_exports_neutralise_formulae(coordinator, albanian_authority):
    albanian_authority.name = "=1+2"
    albanian_authority.save()
    from import_export.formats.base_formats import CSV as CsvFormat

    dataset = AuthorityResource().export(Authority.objects.all())
    assert "=1+2" not in CsvFormat().export_data(dataset)


def _resources():
    return [
        (InstrumentResource, Instrument.objects.national()),
        (ProvisionResource, Provision.objects.filter(instrument__country__isnull=False)),
        (AuthorityResource, Authority.objects.all()),
        (ContactPointResource, ContactPoint.objects.all()),
        (AnswerResource, Answer.objects.all()),
    ]


def _state():
    """Everything a round trip must preserve, without database ids or timestamps."""
    return {
        "instruments": sorted(
            (slug, short_name, title, kind, str(code))
            for slug, short_name, title, kind, code in Instrument.objects.national().values_list(
                "slug", "short_name", "title", "kind", "country__code"
            )
        ),
        "provisions": sorted(
            Provision.objects.filter(instrument__country__isnull=False).values_list(
                "uid", "instrument__slug", "article", "title", "summary", "excerpt", "order"
            )
        ),
        "authorities": sorted(
            (
                a.uid,
                str(a.country.code) if a.country else None,
                a.organization_id,
                a.name,
                a.kind,
                a.is_24_7,
                a.receives_requests,
                a.authorises,
                a.executes,
                a.is_single_point_of_contact,
                a.address,
                str(a.switchboard),
                a.email,
                a.website,
                a.notes,
                a.last_verified_on,
                tuple(sorted(a.languages.values_list("code", flat=True))),
                tuple(sorted(a.channels.values_list("slug", flat=True))),
            )
            for a in Authority.objects.select_related("country")
        ),
        "contacts": sorted(
            (
                c.uid,
                c.authority.uid,
                c.function,
                c.person_name,
                str(c.phone),
                str(c.mobile),
                str(c.fax),
                c.email,
                c.is_24_7,
                c.hours,
                c.visibility,
                c.last_verified_on,
                tuple(sorted(c.languages.values_list("code", flat=True))),
            )
            for c in ContactPoint.objects.select_related("authority")
        ),
        "answers": sorted(
            (
                str(a.country.code),
                a.question.key,
                a.value,
                a.details,
                tuple(sorted(str(p.uid) for p in a.provisions.all())),
            )
            for a in Answer.objects.select_related("country", "question")
        ),
    }


@pytest.mark.django_db
def test_round_trip_export_everything_import_into_an_empty_database(db):
    call_command("seed_sample", scale=1, verbosity=0)
    before = _state()
    exported = [(resource, resource().export(queryset).csv) for resource, queryset in _resources()]

    # An empty database: no national data at all (reference data stays, as after `migrate`).
    Answer.objects.all().delete()
    ContactPoint.objects.all().delete()
    Authority.objects.all().delete()
    Instrument.objects.national().delete()
    assert ContactPoint.objects.count() == Authority.objects.count() == Answer.objects.count() == 0

    import tablib

    for resource, text in exported:
        result = resource().import_data(tablib.Dataset().load(text, format="csv"), dry_run=False, raise_errors=True)
        assert not result.has_errors() and not result.has_validation_errors(), resource
    assert _state() == before
    assert Question.objects.count() == 22


@pytest.mark.parametrize(
    ("value", "is_formula"),
    [
        ("+44 20 7946 0111", False),
        ("+1 202-555-0172", False),
        ("-12.5", False),
        ("Duty desk", False),
        ("=1+2", True),
        ("@SUM(A1)", True),
        ("+SUM(A1:A9)", True),
        ("-cmd|' /C calc'!A0", True),
        ("\t=1", True),
    ],
)
def test_formula_detection_lets_phone_numbers_through(value, is_formula):
    from countries.resources import FORMULA_START

    assert bool(FORMULA_START.match(value)) is is_formula


@pytest.mark.django_db
def test_round_trip_through_the_admins_xlsx_written_by_the_sites_one_writer(db):
    """The admin's XLSX exports are written by contacts/spreadsheets.py (XlsxWriter, inline text,
    no formula read from text) and its imports read them back to the same records."""
    import zipfile

    from django.conf import settings

    from contacts.spreadsheets import AdminXLSX

    assert AdminXLSX in settings.IMPORT_EXPORT_FORMATS
    call_command("seed_sample", scale=1, verbosity=0)
    Authority.objects.filter(pk=Authority.objects.first().pk).update(notes='=HYPERLINK("http://x")\x01')
    before = _state()
    exported = [(resource, AdminXLSX().export_data(resource().export(queryset))) for resource, queryset in _resources()]
    for _resource, content in exported:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml")
        assert b"inlineStr" in sheet and b"<f>" not in sheet

    Answer.objects.all().delete()
    ContactPoint.objects.all().delete()
    Authority.objects.all().delete()
    Instrument.objects.national().delete()
    for resource, content in exported:
        result = resource().import_data(AdminXLSX().create_dataset(content), dry_run=False, raise_errors=True)
        assert not result.has_errors() and not result.has_validation_errors(), resource
    after = _state()
    # The notes that looked like a formula come back quoted (and without the control character).
    notes = {row[0]: row[14] for row in before["authorities"]}
    assert any(note == '\'=HYPERLINK("http://x")' for note in (row[14] for row in after["authorities"]))
    assert [row[:14] for row in after["authorities"]] == [row[:14] for row in before["authorities"]]
    assert {key: value for key, value in after.items() if key != "authorities"} == {
        key: value for key, value in before.items() if key != "authorities"
    }
    assert len(notes) == len(after["authorities"])


# Every write path keeps a focal point to their countries, related columns included.


@pytest.fixture
def laws(albania, serbia):
    """An Albanian, a Serbian and an international provision."""

    def provision(country, slug):
        instrument = Instrument.objects.create(
            country=country,
            slug=slug,
            short_name=slug.upper(),
            title=f"{slug} act",
            kind="national_law" if country else "un_convention",
        )
        return Provision.objects.create(instrument=instrument, article="Art. 1", title=f"{slug} article")

    return provision(albania, "al-cpc"), provision(serbia, "rs-cpc"), provision(None, "intl-conv")


def test_a_focal_point_cannot_link_another_countrys_provision_to_their_answer(client, focal_point_a, albania, laws):
    albanian, serbian, international = laws
    client.force_login(focal_point_a)
    header = ["country", "question", "value", "details", "provisions"]

    page, final = _import(client, "answer", _csv([header, ["AL", "permitted", "yes", "", f"{serbian.uid}"]]))
    assert final is None
    assert "a country you do not manage" in page
    assert not Answer.objects.filter(provisions=serbian).exists()

    page, final = _import(
        client, "answer", _csv([header, ["AL", "permitted", "yes", "", f"{albanian.uid},{international.uid}"]])
    )
    assert final is not None and final.status_code == 302, page[:2000]
    answer = Answer.objects.get(country=albania, question__key="permitted")
    assert set(answer.provisions.all()) == {albanian, international}


def test_an_unknown_identifier_in_a_linked_column_is_a_row_error_not_dropped(client, coordinator, albania, laws):
    client.force_login(coordinator)
    header = ["country", "question", "value", "details", "provisions"]
    page, final = _import(
        client, "answer", _csv([header, ["AL", "permitted", "yes", "", "00000000-0000-0000-0000-000000000000"]])
    )
    assert final is None and "No such record" in page
    assert not Answer.objects.exists()

    page, final = _import(
        client,
        "authority",
        _csv([["uid", "country", "name", "kind", "languages"], ["", "AL", "Police", "police", "en,xx"]]),
    )
    assert final is None and "No such record: xx" in page


@pytest.mark.parametrize(
    "model, header, row",
    [
        ("contactpoint", ["uid", "authority", "function"], lambda serbian: ["", serbian.uid, "Planted desk"]),
        ("authority", ["uid", "country", "name", "kind"], lambda serbian: ["", "RS", "Planted police", "police"]),
        (
            "provision",
            ["uid", "instrument", "article"],
            lambda serbian: ["", "rs-cpc", "Art. 99"],
        ),
        ("answer", ["country", "question", "value", "details"], lambda serbian: ["RS", "permitted", "no", ""]),
    ],
)
def test_each_import_refuses_a_row_that_points_at_another_country(
    client, focal_point_a, serbian_authority, laws, model, header, row
):
    client.force_login(focal_point_a)
    before = _snapshot()
    page, final = _import(client, model, _csv([header, row(serbian_authority)]))
    assert final is None
    assert "a country you do not manage" in page
    assert _snapshot() == before


def test_a_linked_identifier_in_capitals_finds_its_record(client, coordinator, albania, laws):
    albanian, _serbian, _international = laws
    client.force_login(coordinator)
    header = ["country", "question", "value", "details", "provisions"]
    page, final = _import(client, "answer", _csv([header, ["AL", "permitted", "yes", "", str(albanian.uid).upper()]]))
    assert final is not None and final.status_code == 302, page[:2000]
    assert list(Answer.objects.get(country=albania).provisions.all()) == [albanian]
