"""Importing a depositary's status table into party records.

A coordinator pastes (or uploads) the participants table of an instrument as copied from its
depositary: the UN Treaty Collection's status page ("Albania 12 Dec 2000 21 Aug 2002", suffixes a,
A, AA, c, d), the Council of Europe's chart of signatures and ratifications ("Albania 8/11/2001
20/10/2003 1/2/2004"), or a CSV (`country,status,basis,bound_since`). `read_table` parses it and
matches the names to countries (English, French and Russian names, old and UN-style names);
`plan_import` compares it with the recorded parties and says what it would add, change and leave
alone; `apply_plan` records exactly that, with the given source and today's date, in one
transaction. Rows that do not parse are listed with the reason and block the import, so nothing is
half-imported; names of States outside the handbook are listed and create nothing.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from countries.models import Country, Party

# UN-style and other official names that the country data does not spell.
ALIASES = {
    "republic of korea": "KR",
    "korea, republic of": "KR",
    "republique de coree": "KR",
    "republic of moldova": "MD",
    "republique de moldova": "MD",
    "united kingdom of great britain and northern ireland": "GB",
    "royaume-uni de grande-bretagne et d'irlande du nord": "GB",
    "united states of america": "US",
    "etats-unis d'amerique": "US",
    "russian federation": "RU",
    "federation de russie": "RU",
    "netherlands (kingdom of the)": "NL",
    "kingdom of the netherlands": "NL",
    "pays-bas (royaume des)": "NL",
    "holy see": "VA",
    "saint-siege": "VA",
    "the former yugoslav republic of macedonia": "MK",
    "ex-republique yougoslave de macedoine": "MK",
    "turkiye": "TR",
    "turkey": "TR",
    "czech republic": "CZ",
    "republique tcheque": "CZ",
    "iran (islamic republic of)": "IR",
    "bolivia (plurinational state of)": "BO",
    "venezuela (bolivarian republic of)": "VE",
    "micronesia (federated states of)": "FM",
    "democratic people's republic of korea": "KP",
    "lao people's democratic republic": "LA",
    "syrian arab republic": "SY",
    "united republic of tanzania": "TZ",
    "state of palestine": "PS",
    "viet nam": "VN",
    "brunei darussalam": "BN",
    "cote d'ivoire": "CI",
}
# Participants that are not States: never a country's record.
NOT_STATES = {"european union", "european community", "union europeenne", "communaute europeenne"}

UN_SUFFIXES = {
    "": Party.Basis.RATIFICATION,
    "a": Party.Basis.ACCESSION,
    "A": Party.Basis.ACCEPTANCE,
    "AA": Party.Basis.APPROVAL,
    "d": Party.Basis.SUCCESSION,
    "c": Party.Basis.RATIFICATION,  # formal confirmation, the act of an international organization
}
MONTHS = {
    "jan": 1, "janv": 1, "feb": 2, "fev": 2, "fevr": 2, "mar": 3, "mars": 3, "apr": 4, "avr": 4, "may": 5,
    "mai": 5, "jun": 6, "juin": 6, "jul": 7, "juil": 7, "aug": 8, "aout": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
UN_DATE = r"\d{1,2}\s+[^\W\d_]{3,5}\.?\s+\d{4}"
UN_ROW = re.compile(
    rf"^(?P<name>.*?[^\W\d_].*?)\d*\s+(?:(?P<signed>{UN_DATE})\s+)??(?:(?P<deposit>{UN_DATE})(?:\s+(?P<suffix>AA|a|A|c|d))?)?\s*$"
)
COE_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
COE_ROW = re.compile(
    rf"^(?P<name>.*?[^\W\d_].*?)\d*\s+(?P<signed>{COE_DATE})?\s*(?P<deposit>{COE_DATE})?\s*(?P<suffix>a)?\s*(?P<in_force>{COE_DATE})?(?:\s.*)?$"
)
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def fold(text):
    """Lower case, accents and footnote marks off, one space: the form names are matched in."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("’", "'").lower().strip()
    text = re.sub(r"[\d*]+$", "", text).strip(" ,;:")
    text = re.sub(r"\s+", " ", text)
    return text.removeprefix("the ")


def name_index():
    """{folded name: ISO code} for every country django-countries knows, in the three languages,
    with their old and common names and the UN-style names above."""
    from django_countries import Countries, countries

    index = {}
    for language in ("en", "fr", "ru"):
        with translation.override(language):
            for code, name in countries:
                index.setdefault(fold(str(name)), code)
    for code, names in {**Countries.COMMON_NAMES, **Countries.OLD_NAMES}.items():
        for name in names if isinstance(names, list | tuple) else [names]:
            index.setdefault(fold(str(name)), code)
    for code, name in Country.objects.values_list("code", "name"):
        index.setdefault(fold(name), code)
    index.update(ALIASES)
    return index


def match(name, index):
    """The ISO code for a participant's name, or None."""
    folded = fold(name)
    if folded in index:
        return index[folded]
    without = fold(re.sub(r"\(.*?\)", "", folded))
    return index.get(without)


def _un_date(text):
    day, month, year = text.replace(".", "").split()
    month = MONTHS.get(fold(month)[:4]) or MONTHS.get(fold(month)[:3])
    if month is None:
        raise ValueError(text)
    return datetime.date(int(year), month, int(day))


def _coe_date(text):
    day, month, year = (int(part) for part in text.split("/"))
    return datetime.date(year, month, day)


@dataclass
class Row:
    """One participant as read: `deposit` the date of its instrument, `in_force` where the table
    gives it; `status` and `basis` as a party record would hold them."""

    line: int
    name: str
    status: str
    basis: str
    deposit: datetime.date | None = None
    in_force: datetime.date | None = None
    code: str | None = None


@dataclass
class Table:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [(line number, text, reason)]
    outside: list = field(default_factory=list)  # names of States the handbook does not cover
    unmatched: list = field(default_factory=list)  # names no country data matches
    shape: str = ""


def _looks_like_csv(lines):
    header = fold(lines[0]) if lines else ""
    return "," in header and "country" in header and "status" in header


def _read_csv(text, table):
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [fold(name) for name in reader.fieldnames or []]
    for number, record in enumerate(reader, start=2):
        name, status = (record.get("country") or "").strip(), (record.get("status") or "").strip()
        if status not in Party.Status.values:
            table.errors.append((number, name, _("status must be bound or not_bound")))
            continue
        basis = (record.get("basis") or "").strip() or (
            Party.Basis.RATIFICATION if status == Party.Status.BOUND else Party.Basis.NOT_PARTY
        )
        if basis not in Party.Basis.values:
            table.errors.append((number, name, _("unknown basis “%(basis)s”") % {"basis": basis}))
            continue
        try:
            in_force = datetime.date.fromisoformat(record["bound_since"]) if record.get("bound_since") else None
        except ValueError:
            table.errors.append((number, name, _("bound_since is not a date (YYYY-MM-DD)")))
            continue
        table.rows.append(Row(number, name, status, basis, in_force=in_force))


def _cells(text, coe):
    """(name, signed, deposit, suffix, in force) as text from one line: by its tab-separated
    columns where the copy kept them, else by the order of its dates."""
    if "\t" in text:
        cells = [cell.strip() for cell in text.split("\t")] + [""] * 5
        name, signed, deposit = cells[0], cells[1], cells[2]
        if coe:
            notes = " ".join(cells[4:]).split()
            return name, signed, deposit, "a" if "a" in notes else "", cells[3]
        found = re.fullmatch(rf"({UN_DATE})?\s*(AA|a|A|c|d)?", deposit)
        if not found:
            return name, signed, deposit, "", ""
        return name, signed, found[1] or "", found[2] or "", ""
    text = re.sub(r"\s+", " ", text).strip()
    found = (COE_ROW if coe else UN_ROW).match(text)
    if not found:
        return None
    name, signed, deposit, suffix = found["name"], found["signed"] or "", found["deposit"] or "", found["suffix"] or ""
    if coe:
        dates = [date for date in (signed, deposit, found["in_force"] or "") if date]
        if suffix and len(dates) == 2:  # an accession: no signature
            return name, "", dates[0], suffix, dates[1]
        return name, signed, deposit, suffix, found["in_force"] or ""
    if deposit and not signed and not suffix:  # one date without a suffix: a signature only
        return name, deposit, "", "", ""
    return name, signed, deposit, suffix, ""


def _read_lines(lines, table):
    coe = any(re.search(COE_DATE, line) for line in lines)
    table.shape = "coe" if coe else "un"
    parse = _coe_date if coe else _un_date
    for number, line in enumerate(lines, start=1):
        if not line.strip() or not YEAR.search(line):
            continue  # headings, footnotes, blank lines
        text = line.strip(" \n")
        cells = _cells(text, coe)
        if cells is None or not re.search(r"[^\W\d_]", cells[0]) or not (cells[1] or cells[2]):
            table.errors.append((number, text, _("no participant and date in the expected columns")))
            continue
        name, signed, deposit, suffix, in_force = cells
        try:
            dates = [parse(value) if value else None for value in (signed, deposit, in_force)]
        except ValueError:
            table.errors.append((number, text, _("a date cannot be read")))
            continue
        name = re.sub(r"[\d*]+$", "", name).strip()
        if dates[1] is None:
            table.rows.append(Row(number, name, Party.Status.NOT_BOUND, Party.Basis.SIGNED_ONLY))
            continue
        basis = Party.Basis.ACCESSION if coe and suffix else UN_SUFFIXES[suffix]
        table.rows.append(Row(number, name, Party.Status.BOUND, basis, deposit=dates[1], in_force=dates[2]))


def read_table(text):
    """A `Table` from the pasted or uploaded text: rows with their countries matched."""
    table = Table()
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = text.split("\n")
    if _looks_like_csv([line for line in lines if line.strip()][:1]):
        table.shape = "csv"
        _read_csv(text.strip(), table)
    else:
        _read_lines(lines, table)
    index = name_index()
    handbook = set(Country.objects.values_list("code", flat=True))
    kept = []
    for row in table.rows:
        code = row.name.upper() if row.name.upper() in handbook else match(row.name, index)
        if fold(row.name) in NOT_STATES:
            continue
        if code is None:
            table.unmatched.append(row.name)
        elif code not in handbook:
            table.outside.append(row.name)
        else:
            row.code = code
            kept.append(row)
    table.rows = kept
    return table


def entry_into_force(*, instrument, row):
    """(the date the instrument entered into force for the row's State, how it was worked out):
    the table's own date; else from the deposit by the instrument's rule; else none (a succession
    takes effect from the date of succession, which a status table does not give)."""
    if row.in_force or row.status != Party.Status.BOUND:
        return row.in_force, ""
    if row.deposit is None or row.basis == Party.Basis.SUCCESSION or instrument.days_after_deposit is None:
        return None, ""
    days = instrument.days_after_deposit
    computed = row.deposit + datetime.timedelta(days=days)
    how = _("deposit %(date)s + %(days)d days") % {"date": row.deposit.isoformat(), "days": days}
    if instrument.in_force_on and computed < instrument.in_force_on:
        # Instruments deposited before the entry into force bind from it (1988 Convention art.
        # 29, UNTOC art. 38: whichever is later).
        return instrument.in_force_on, how + _(", before the entry into force")
    return computed, how


@dataclass
class Change:
    country: Country
    row: Row
    values: dict
    party: Party | None  # the record it changes, None for a new one
    changed: list  # the fields that differ


@dataclass
class Plan:
    table: Table
    add: list = field(default_factory=list)
    change: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    absent: list = field(default_factory=list)  # countries not in a complete list: added as not bound
    repeated: list = field(default_factory=list)

    @property
    def can_apply(self):
        return not self.table.errors and not self.repeated and bool(self.add or self.change)


COMPARED = ("status", "basis", "bound_since")


def plan_import(*, instrument, table, source_url, source_kind, source_date=None, complete=False, today):
    """What importing `table` would do to `instrument`'s party records. With `complete`, the table
    is the whole list of participants: a handbook country missing from it is recorded as not
    bound."""
    plan = Plan(table)
    countries = {country.code: country for country in Country.objects.all()}
    parties = {party.country_id: party for party in Party.objects.filter(instrument=instrument)}
    seen = {}
    wanted = []
    for row in table.rows:
        if row.code in seen:
            plan.repeated.append(row.name)
            continue
        seen[row.code] = row
        wanted.append(row)
    if complete:
        for code, country in countries.items():
            if code not in seen:
                row = Row(0, country.name, Party.Status.NOT_BOUND, Party.Basis.NOT_PARTY, code=code)
                wanted.append(row)
                plan.absent.append(country)
    for row in wanted:
        country = countries[row.code]
        bound_since, how = entry_into_force(instrument=instrument, row=row)
        note = (
            _("Imported from the status table; %(how)s.") % {"how": how}
            if how
            else _("Imported from the status table.")
        )
        if row.line == 0:
            note = _("Not in the complete list of participants imported from the status table.")
        values = {
            "status": row.status,
            "basis": row.basis,
            "bound_since": bound_since,
            "source_url": source_url,
            "source_kind": source_kind,
            "source_date": source_date,
            "source_read_on": today,
            "note": note,
        }
        party = parties.get(country.pk)
        if party is None:
            plan.add.append(Change(country, row, values, None, list(COMPARED)))
            continue
        changed = [name for name in COMPARED if getattr(party, name) != values[name]]
        if changed:
            plan.change.append(Change(country, row, values, party, changed))
        else:
            plan.unchanged.append(Change(country, row, values, party, []))
    for changes in (plan.add, plan.change, plan.unchanged):
        changes.sort(key=lambda change: change.country.name)
    return plan


@transaction.atomic
def apply_plan(*, instrument, plan):
    """Record the plan's additions and changes (a changed record keeps its reservation); returns
    how many records it wrote."""
    for change in plan.add:
        Party.objects.create(instrument=instrument, country=change.country, **change.values)
    for change in plan.change:
        for name, value in change.values.items():
            setattr(change.party, name, value)
        change.party.save()
    return len(plan.add) + len(plan.change)
