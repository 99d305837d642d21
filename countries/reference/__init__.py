"""The reference data: the CSV files in this folder, one per table, and the one function that loads
them (`load_reference`), used by `manage.py load_reference` and by a data migration.

The files are the source of truth: a change to a party list is a change to `parties.csv`, reviewed
in the diff, then a reload that reports what it added, changed and removed. Loading is idempotent
(a second run changes nothing) and touches only the reference fields of each table: what focal
points enter (answers, national laws, summaries, request languages, review dates, their own
memberships and provisions) is never altered or removed. Only party records, which are pure
reference facts, are removed when they leave the file.
"""

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from countries.i18n import TRANSLATIONS

FOLDER = Path(__file__).resolve().parent


def read(name):
    """The rows of `<name>.csv` as dictionaries (empty cells as "")."""
    with open(FOLDER / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


# The columns of parties.csv: what `Loader.load_parties` reads and `party_row` writes.
PARTY_COLUMNS = [
    "instrument",
    "country",
    "status",
    "basis",
    "bound_since",
    "ceased_on",
    "conditions",
    "excludes_provision",
    "source_url",
    "source_kind",
    "source_date",
    "source_read_on",
    "note",
]


def party_row(party):
    """A `Party` record as a row of parties.csv (the admin offers every record as that file)."""
    row = {"instrument": party.instrument.short_name, "country": party.country.code}
    for name in PARTY_COLUMNS[2:]:
        value = getattr(party, name)
        row[name] = "" if value is None else value
    row["excludes_provision"] = "yes" if party.excludes_provision else ""
    return row


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _bool(value):
    return value.lower() in ("1", "yes", "true")


def translated(row, *names):
    """The English text of each field of `names` with its French and Russian versions from the
    row's `<name>_fr` and `<name>_ru` columns: `name`, `name_en`, `name_fr`, `name_ru`. A missing
    translation is stored as NULL, which readers see in English."""
    values = {}
    for name in names:
        values[name] = values[f"{name}_en"] = row[name]
        for language in TRANSLATIONS:
            values[f"{name}_{language}"] = row.get(f"{name}_{language}") or None
    return values


def _names(english, name_in):
    """`name` and `name_en` from the file, `name_fr` and `name_ru` from `name_in(language)`
    (maintained locale data; NULL where it has none)."""
    return {"name": english, "name_en": english, **{f"name_{lang}": name_in(lang) or None for lang in TRANSLATIONS}}


def country_names(code, english):
    """A country's name in English (the handbook's own, from countries.csv) and in French and
    Russian from django-countries' locale data."""
    from django.utils import translation
    from django_countries import countries

    def name_in(language):
        with translation.override(language):
            return str(countries.name(code))

    return _names(english, name_in)


def language_names(code, english):
    """A language's name in English (languages.csv) and in French and Russian from CLDR (Babel)."""
    from babel import Locale

    return _names(english, lambda language: Locale.parse(language).languages.get(code))


@dataclass
class Report:
    """What a load did, per table: added, changed, removed (lists of record labels)."""

    added: dict = field(default_factory=dict)
    changed: dict = field(default_factory=dict)
    removed: dict = field(default_factory=dict)

    def note(self, kind, table, label):
        getattr(self, kind).setdefault(table, []).append(label)

    @property
    def total(self):
        return sum(len(labels) for kinds in (self.added, self.changed, self.removed) for labels in kinds.values())

    def lines(self):
        tables = sorted({*self.added, *self.changed, *self.removed})
        lines = []
        for table in tables:
            added, changed, removed = (len(kinds.get(table, [])) for kinds in (self.added, self.changed, self.removed))
            lines.append(f"{table}: {added} added, {changed} changed, {removed} removed")
            for kinds, sign in ((self.added, "+"), (self.changed, "~"), (self.removed, "-")):
                lines += [f"  {sign} {label}" for label in kinds.get(table, [])]
        lines.append(f"{self.total} changes")
        return lines


class Loader:
    def __init__(self, apps, report):
        self.get = lambda name: apps.get_model("countries", name)
        self.report = report

    def sync(self, table, model, key, values, label):
        """Create the record matching `key` with `values`, or update the fields of `values` that
        differ. Returns the record."""
        record = model.objects.filter(**key).first()
        if record is None:
            record = model.objects.create(**key, **values)
            self.report.note("added", table, label)
            return record
        changed = [name for name, value in values.items() if getattr(record, name) != value]
        if changed:
            for name in changed:
                setattr(record, name, values[name])
            record.save()
            self.report.note("changed", table, f"{label} ({', '.join(changed)})")
        return record

    def load(self):
        Language, Country, Organization = self.get("Language"), self.get("Country"), self.get("Organization")
        for row in read("languages"):
            self.sync(
                "languages", Language, {"code": row["code"]}, language_names(row["code"], row["name"]), row["code"]
            )
        countries = {}
        for row in read("countries"):
            countries[row["code"]] = self.sync(
                "countries",
                Country,
                {"code": row["code"]},
                {**country_names(row["code"], row["name"]), "slug": row["slug"], "osce_status": row["osce_status"]},
                row["code"],
            )
        organizations = {}
        for row in read("organizations"):
            values = {name: row[name] for name in ("kind", "seat", "website", "members_source_url")}
            values["members_source_read_on"] = _date(row["members_source_read_on"])
            values.update(translated(row, "acronym", "name", "role"))
            organizations[row["slug"]] = self.sync(
                "organizations", Organization, {"slug": row["slug"]}, values, row["slug"]
            )
        for row in read("memberships"):
            self.sync(
                "memberships",
                self.get("Membership"),
                {"organization": organizations[row["organization"]], "country": countries[row["country"]]},
                {"kind": row["kind"]},
                f"{row['organization']} {row['country']}",
            )
        topics = {}
        for row in read("topics"):
            topics[row["slug"]] = self.sync(
                "topics", self.get("Topic"), {"slug": row["slug"]}, translated(row, "name"), row["slug"]
            )
        instruments = self.load_instruments(topics, organizations)
        self.load_parties(instruments, countries)
        self.load_questionnaire()

    def load_instruments(self, topics, organizations):
        Instrument, Provision = self.get("Instrument"), self.get("Provision")
        instruments = {}
        for row in read("instruments"):
            values = {
                "short_name": row["short_name"],
                **translated(row, "title"),
                "kind": row["kind"],
                "country": None,
                "adopted_on": _date(row["adopted_on"]),
                "in_force": row["in_force"],
                "in_force_on": _date(row["in_force_on"]),
                "applicable_from": _date(row["applicable_from"]),
                "transposition_deadline": _date(row["transposition_deadline"]),
                "in_force_source_url": row["in_force_source_url"],
                "in_force_source_read_on": _date(row["in_force_source_read_on"]),
                "closed_to": organizations[row["closed_to"]] if row["closed_to"] else None,
                "status_url": row["status_url"],
                "days_after_deposit": int(row["days_after_deposit"]) if row["days_after_deposit"] else None,
            }
            instruments[row["slug"]] = self.sync("instruments", Instrument, {"slug": row["slug"]}, values, row["slug"])
        for row in read("provisions"):
            label = f"{row['instrument']} {row['article']}"
            provision = self.sync(
                "provisions",
                Provision,
                {"instrument": instruments[row["instrument"]], "article": row["article"]},
                {**translated(row, "title", "summary"), "order": int(row["order"])},
                label,
            )
            wanted = {topics[slug].pk for slug in row["topics"].split()}
            if set(provision.topics.values_list("pk", flat=True)) != wanted:
                provision.topics.set(wanted)
                self.report.note("changed", "provisions", f"{label} (topics)")
        return instruments

    def load_parties(self, instruments, countries):
        Party = self.get("Party")
        by_short_name = {instrument.short_name: instrument for instrument in instruments.values()}
        kept = set()
        for row in read("parties"):
            instrument, country = by_short_name[row["instrument"]], countries[row["country"]]
            missing = [name for name in ("source_url", "source_kind", "source_read_on") if not row[name]]
            if missing:
                raise ValueError(f"parties.csv, {row['instrument']} {row['country']}: no {', '.join(missing)}")
            values = {
                "status": row["status"],
                "basis": row["basis"],
                "bound_since": _date(row["bound_since"]),
                "ceased_on": _date(row["ceased_on"]),
                "conditions": row["conditions"],
                "excludes_provision": _bool(row["excludes_provision"]),
                "source_url": row["source_url"],
                "source_kind": row["source_kind"],
                "source_date": _date(row["source_date"]),
                "source_read_on": _date(row["source_read_on"]),
                "note": row["note"],
            }
            party = self.sync(
                "parties",
                Party,
                {"instrument": instrument, "country": country},
                values,
                f"{row['instrument']} {row['country']}",
            )
            kept.add(party.pk)
        for party in (
            Party.objects.filter(instrument__in=instruments.values())
            .exclude(pk__in=kept)
            .select_related("instrument", "country")
        ):
            self.report.note("removed", "parties", f"{party.instrument.short_name} {party.country.code}")
            party.delete()

    def load_questionnaire(self):
        Section, Question = self.get("Section"), self.get("Question")
        sections = {}
        for row in read("sections"):
            values = {**translated(row, "title"), "order": int(row["order"])}
            sections[row["slug"]] = self.sync("sections", Section, {"slug": row["slug"]}, values, row["slug"])
        for row in read("questions"):
            values = {
                "section": sections[row["section"]],
                **translated(row, "text"),
                "kind": row["kind"],
                "order": int(row["order"]),
            }
            self.sync("questions", Question, {"key": row["key"]}, values, row["key"])


def load_reference(*, apps=None, dry_run=False):
    """Bring the reference tables in line with the files; returns a `Report`. `apps` is the
    migration's app registry when a migration calls it. A dry run reports and rolls back."""
    from django.utils import translation

    if apps is None:
        from django.apps import apps
    report = Report()
    # In English: with the models' translated fields, `name` is the English column then.
    with translation.override("en"), transaction.atomic():
        Loader(apps, report).load()
        if dry_run:
            transaction.set_rollback(True)
    return report
