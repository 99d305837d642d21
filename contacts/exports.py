"""Exports of contact points: CSV, XLSX and vCard 3.0, from any ContactPoint queryset.

The directory, the country page and `manage.py export_contacts` pass their own queryset (already
limited to what the requester may see and to the page's filters), so a download holds exactly what
the page lists, in the page's order.

Memory stays flat whatever the number of rows: contact points are read as tuples
(`values_list`, no model instances, no phone-number parsing) in chunks of `CHUNK_SIZE` through
`.iterator()`, with their authority, its country or organization and their languages joined in,
so an export is a single query whatever its size. CSV and vCard are generators; XLSX is written
through `contacts.spreadsheets` (XlsxWriter's constant-memory mode, which streams rows to disk),
which fits its columns to the text as the rows go by and lays it out for printing.

The country or organization is named in the reader's language (the stored translation, else
English), as the directory lists and sorts it; so is the country of a vCard's address.

Formula injection: text a spreadsheet would read as a formula gets a leading single quote
(`neutralise`, see `contacts.spreadsheets`); phone numbers in E.164 stay as they are. The XLSX
holds the CSV's neutralised values, less what the XML of an XLSX file cannot hold (the cell-text
rule of `contacts.spreadsheets`); the vCard holds the values as entered.
"""

import csv
import datetime
import io
from typing import NamedTuple

from django.db.models import CharField, ExpressionWrapper, F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts import spreadsheets
from contacts.models import Authority, ContactPoint
from contacts.spreadsheets import FORMULA_TRIGGERS, neutralise
from countries.expressions import JoinedStrings
from countries.i18n import translated_column
from countries.models import Country, Organization

FORMATS = ("csv", "xlsx", "vcf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "vcf": "text/vcard; charset=utf-8",
}
CHUNK_SIZE = 2000
# Rows per string yielded by the CSV and vCard generators: a few hundred lines per write rather
# than one, without holding more than a few tens of kilobytes.
ROWS_PER_CHUNK = 200

# (header, narrowest and widest width in characters) of each spreadsheet column, in the order of
# `rows()`. The XLSX fits each column to its text within these widths and wraps longer text: the
# widest widths add up to what a landscape page shows at half size (`contacts.spreadsheets`); the
# authority, which a reader looks for first, is never narrow. What the contact point says; its
# authority's own switchboard, email and address are on the country page (and the address in the
# vCard), not repeated on every row.
COLUMNS = [
    (gettext_lazy("Country or organization"), 0, 22),
    (gettext_lazy("Code"), 0, 10),
    (gettext_lazy("Authority"), 30, 50),
    (gettext_lazy("Kind of authority"), 0, 18),
    (gettext_lazy("Function"), 0, 28),
    (gettext_lazy("Person"), 0, 20),
    (gettext_lazy("Phone"), 0, 16),
    (gettext_lazy("Mobile"), 0, 16),
    (gettext_lazy("Fax"), 0, 16),
    (gettext_lazy("Email"), 0, 26),
    (gettext_lazy("Languages"), 0, 20),
    (gettext_lazy("24/7"), 0, 6),
    (gettext_lazy("Hours"), 0, 18),
    (gettext_lazy("Visibility"), 0, 14),
    (gettext_lazy("Last verified"), 0, 12),
]


class Record(NamedTuple):
    """One contact point with what an export shows of its authority and owner."""

    pk: int
    country_name: str | None
    country_code: str | None
    organization_name: str | None
    organization_acronym: str | None
    authority: str
    authority_kind: str
    authority_address: str
    function: str
    person_name: str
    phone: str
    mobile: str
    fax: str
    email: str
    languages: str | None
    is_24_7: bool
    hours: str
    visibility: str
    last_verified_on: datetime.date | None


def _raw(path):
    # Phone fields would parse every value into a PhoneNumber on the way out; the database holds
    # E.164 text already, which is what the exports show.
    return ExpressionWrapper(F(path), output_field=CharField())


def records(queryset):
    """The contact points of `queryset`, in its order, as `Record`s; one query, streamed.

    The languages are joined and aggregated in that one query (GROUP BY the contact point) rather
    than fetched by a correlated subquery per row (`joined_names`, which the pages use for a page
    of 50): PostgreSQL runs such a subquery once per contact point, which at 50,000 of them made
    the query take 1.5 s instead of 0.5 s. The page's filters go into a `pk__in` subquery, so that
    a filter on a language (a join of its own) cannot narrow the joined languages down to the one
    filtered on. The country's and organization's names are in the language active when the
    records are read.
    """
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    queryset = (
        queryset.model.objects.filter(pk__in=queryset.values("pk"))
        .order_by(*ordering)
        .annotate(
            export_languages=JoinedStrings("languages__name"),
            export_phone=_raw("phone"),
            export_mobile=_raw("mobile"),
            export_fax=_raw("fax"),
            export_country=translated_column(Country, "name", "authority__country__"),
            export_organization=translated_column(Organization, "name", "authority__organization__"),
        )
        .values_list(
            "pk",
            "export_country",
            "authority__country__code",
            "export_organization",
            "authority__organization__acronym",
            "authority__name",
            "authority__kind",
            "authority__address",
            "function",
            "person_name",
            "export_phone",
            "export_mobile",
            "export_fax",
            "email",
            "export_languages",
            "is_24_7",
            "hours",
            "visibility",
            "last_verified_on",
        )
    )
    for row in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield Record._make(row)


def owner_name(record):
    return record.country_name or record.organization_name


def owner_code(record):
    """The country's ISO code, or the organization's acronym."""
    return record.country_code or record.organization_acronym


def _cell(value):
    """A spreadsheet cell's text: neutralised, None when empty. (The common case, text that starts
    with no trigger, costs one set lookup: this runs for every cell of 50,000-row exports.)"""
    if not value:
        return None
    if value[0] in FORMULA_TRIGGERS:
        return neutralise(value)
    return value


def headers():
    return [str(header) for header, _narrowest, _widest in COLUMNS]


def rows(queryset, *, neutralised=True):
    """Spreadsheet rows of `queryset`: neutralised text, `None` for an empty cell, a date for the
    last verification. The 24/7 column says "Yes" or nothing, as the pages show a 24/7 badge or
    nothing (and an empty cell costs an XLSX nothing).

    `neutralised=False` gives the text as entered (an empty cell None or empty), for the XLSX
    writer, which applies the whole cell-text rule of `contacts.spreadsheets` itself."""
    kinds = {value: str(label) for value, label in Authority.Kind.choices}
    visibilities = {value: str(label) for value, label in ContactPoint.Visibility.choices}
    yes = _("Yes")
    for record in records(queryset):
        text = [
            owner_name(record),
            owner_code(record),
            record.authority,
            kinds.get(record.authority_kind, record.authority_kind),
            record.function,
            record.person_name,
            record.phone,
            record.mobile,
            record.fax,
            record.email,
            record.languages,
            yes if record.is_24_7 else None,
            record.hours,
            visibilities.get(record.visibility, record.visibility),
        ]
        row = [_cell(value) for value in text] if neutralised else text
        row.append(record.last_verified_on)
        yield row


def _batches(iterable, size=ROWS_PER_CHUNK):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def stream_csv(queryset):
    """CSV text of `queryset`: a byte-order mark first (spreadsheet programs then read UTF-8), a
    header row, then the rows, `ROWS_PER_CHUNK` rows per string."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    yield "\ufeff" + buffer.getvalue()
    for batch in _batches(rows(queryset)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(batch)
        yield buffer.getvalue()


def write_xlsx(queryset, *, path):
    """Write `queryset` to an XLSX file at `path`: one sheet laid out by `contacts.spreadsheets`
    (bold frozen header row repeated on every printed page, columns fitted to their text, landscape
    and one page wide), dates as dates, text by its cell-text rule (the CSV's neutralised values,
    with what XML cannot hold dropped). Memory stays flat whatever the number of rows."""
    with spreadsheets.open_workbook(path) as workbook:
        sheet = spreadsheets.Sheet(
            workbook,
            title=_("Contact points"),
            headers=headers(),
            min_widths=[narrowest for _header, narrowest, _widest in COLUMNS],
            max_widths=[widest for _header, _narrowest, widest in COLUMNS],
        )
        write_row = sheet.write_row
        for row in rows(queryset, neutralised=False):
            write_row(row)


# vCard 3.0 (RFC 2426 on RFC 2425's directory format).

_VCARD_ESCAPES = str.maketrans({"\\": "\\\\", ",": "\\,", ";": "\\;", "\n": "\\n"})
FOLD_OCTETS = 75


def vcard_escape(value):
    """Escape a text value: backslash, comma, semicolon and newline (any CRLF or CR as a newline)."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_VCARD_ESCAPES)


def fold(line):
    """`line` folded into physical lines of at most 75 octets, each ending in CRLF.

    A continuation line starts with one space, which counts in its 75 octets. Lines are cut on
    UTF-8 character boundaries, never inside a multi-byte character (RFC 2425 section 5.8.1).
    """
    encoded = line.encode()
    parts = []
    start, limit = 0, FOLD_OCTETS
    while len(encoded) - start > limit:
        end = start + limit
        while encoded[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: step back to the lead byte
            end -= 1
        parts.append(encoded[start:end])
        start, limit = end, FOLD_OCTETS - 1
    parts.append(encoded[start:])
    return b"\r\n ".join(parts).decode() + "\r\n"


def vcard(record):
    """The vCard 3.0 text of one contact point. Properties without a value are left out."""
    lines = ["BEGIN:VCARD", "VERSION:3.0"]
    # A desk has no person: its card is named after the function and the authority.
    name = record.person_name or f"{record.function} ({record.authority})"
    lines.append("FN:" + vcard_escape(name))
    # N is required in vCard 3.0. Names are not split into parts: which part is the family name
    # differs between countries, so the whole name goes in the family-name component.
    lines.append(f"N:{vcard_escape(record.person_name)};;;;")
    lines.append("ORG:" + vcard_escape(record.authority))
    lines.append("TITLE:" + vcard_escape(record.function))
    for number, types in ((record.phone, "work,voice"), (record.mobile, "cell"), (record.fax, "fax")):
        if number:
            lines.append(f"TEL;TYPE={types}:{vcard_escape(number)}")
    if record.email:
        lines.append("EMAIL;TYPE=internet:" + vcard_escape(record.email))
    if record.authority_address:
        # The address is free text: it goes whole in the street component, the country in its own.
        country = vcard_escape(record.country_name or "")
        lines.append(f"ADR;TYPE=work:;;{vcard_escape(record.authority_address)};;;;{country}")
    note = [_("Reachable 24/7") if record.is_24_7 else (_("Hours: %s") % record.hours if record.hours else "")]
    if record.languages:
        note.append(_("Languages: %s") % record.languages)
    note.append(_("Visibility: %s") % ContactPoint.Visibility(record.visibility).label)
    lines.append("NOTE:" + vcard_escape("\n".join(line for line in note if line)))
    lines.append("CATEGORIES:" + vcard_escape(owner_name(record) if record.country_name else owner_code(record)))
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def vcards(queryset):
    """vCard 3.0 text of `queryset`, one card per contact point, `ROWS_PER_CHUNK` cards per string."""
    for batch in _batches(records(queryset)):
        yield "".join(vcard(record) for record in batch)
