"""`load_reference`: the data files in `countries/reference/` loaded idempotently, reporting what
it added, changed and removed, and never touching what focal points entered; an upgrade from the
schema before party records keeps every entry."""

import csv
import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from countries.models import Answer, Country, Instrument, Language, Party, Question
from countries.reference import FOLDER, load_reference, read

pytestmark = pytest.mark.django_db


def test_a_second_load_changes_nothing():
    # The migration loaded the files already: a load now reports no change, twice.
    assert load_reference().total == 0
    assert load_reference().total == 0


def test_the_command_reports_per_table(capsys):
    call_command("load_reference")
    out = capsys.readouterr().out
    assert "0 changes" in out


def test_a_reload_restores_changed_added_and_removed_party_records():
    party = Party.objects.select_related("instrument", "country").first()
    assert party is not None, "parties.csv records no party"
    original = (party.basis, party.source_url)
    party.source_url = "https://wrong.example.org/"
    party.save()
    gone = Party.objects.exclude(pk=party.pk).select_related("instrument", "country").first()
    gone_key = (gone.instrument_id, gone.country_id)
    gone.delete()
    instrument = Instrument.objects.international().get(short_name="UNTOC")
    stray_country = Country.objects.exclude(
        pk__in=Party.objects.filter(instrument=instrument).values("country_id")
    ).first()
    Party.objects.create(
        instrument=instrument,
        country=stray_country,
        basis="ratification",
        source_url="https://wrong.example.org/",
        source_read_on=datetime.date(2026, 12, 4),
    )

    report = load_reference()

    assert len(report.changed["parties"]) == 1
    assert len(report.added["parties"]) == 1
    assert report.removed["parties"] == [f"UNTOC {stray_country.code}"]
    party.refresh_from_db()
    assert (party.basis, party.source_url) == original
    assert Party.objects.filter(instrument_id=gone_key[0], country_id=gone_key[1]).exists()
    assert not Party.objects.filter(instrument=instrument, country=stray_country).exists()
    assert load_reference().total == 0


def test_a_dry_run_reports_and_writes_nothing():
    Party.objects.all().delete()
    report = load_reference(dry_run=True)
    assert report.added["parties"]
    assert not Party.objects.exists()


def test_a_load_never_touches_what_focal_points_entered(official):
    albania = Country.objects.get(code="AL")
    albania.summary = "Entered by the focal point."
    albania.last_reviewed_on = datetime.date(2026, 1, 5)
    albania.save()
    albania.request_languages.set(Language.objects.filter(code__in=["sq", "en"]))
    question = Question.objects.get(key="permitted")
    Answer.objects.create(country=albania, question=question, value="yes", details="Entered.")
    national = Instrument.objects.create(
        slug="al-code", short_name="Code", title="Criminal Procedure Code", kind="national_law", country=albania
    )

    assert load_reference().total == 0

    albania.refresh_from_db()
    assert albania.summary == "Entered by the focal point."
    assert albania.last_reviewed_on == datetime.date(2026, 1, 5)
    assert set(albania.request_languages.values_list("code", flat=True)) == {"sq", "en"}
    assert Answer.objects.get(country=albania, question=question).details == "Entered."
    assert Instrument.objects.filter(pk=national.pk).exists()


# Sources ------------------------------------------------------------------------------------------


def test_every_party_record_has_a_source_url_and_an_as_of_date():
    rows = read("parties")
    assert rows, "parties.csv is empty"
    for row in rows:
        where = f"{row['instrument']} {row['country']}"
        assert row["source_url"].startswith(("https://", "http://")), where
        assert datetime.date.fromisoformat(row["source_read_on"]), where
        assert row["status"] in Party.Status.values, where
        assert row["basis"] in Party.Basis.values, where
        assert row["source_kind"] in Party.SourceKind.values, where
        for name in ("bound_since", "ceased_on", "source_date"):
            assert not row[name] or datetime.date.fromisoformat(row[name]), where
    assert not Party.objects.filter(source_url="").exists()
    assert not Party.objects.filter(source_read_on__isnull=True).exists()
    assert not Party.objects.filter(source_kind="").exists()


def test_a_party_row_without_its_source_kind_is_refused(tmp_path, monkeypatch):
    """The load stops on a row that lacks the kind of its source: nothing is recorded without it."""
    import shutil

    from countries import reference

    for path in reference.FOLDER.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    rows = (tmp_path / "parties.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    cells = next(csv.reader([rows[1]]))
    cells[header.index("source_kind")] = ""
    rows[1] = ",".join(f'"{cell}"' for cell in cells)
    (tmp_path / "parties.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(reference, "FOLDER", tmp_path)
    with pytest.raises(ValueError, match="source_kind"):
        load_reference()


def test_party_records_name_known_instruments_and_countries_once_each():
    instruments = {row["short_name"] for row in read("instruments")}
    countries = {row["code"] for row in read("countries")}
    seen = set()
    for row in read("parties"):
        key = (row["instrument"], row["country"])
        assert row["instrument"] in instruments, key
        assert row["country"] in countries, key
        assert key not in seen, f"{key} is listed twice"
        seen.add(key)


def test_an_instrument_in_force_has_its_date_and_source():
    for row in read("instruments"):
        assert row["in_force"] in Instrument.InForce.values, row["slug"]
        if row["in_force"] == Instrument.InForce.IN_FORCE:
            assert row["in_force_on"] or row["applicable_from"], row["slug"]
        if row["in_force"] != Instrument.InForce.UNRECORDED:
            assert row["in_force_source_url"].startswith(("https://", "http://")), row["slug"]
            assert row["in_force_source_read_on"], row["slug"]


@pytest.mark.parametrize(
    "table, model_name",
    [
        ("languages", "Language"),
        ("countries", "Country"),
        ("organizations", "Organization"),
        ("topics", "Topic"),
        ("instruments", "Instrument"),
        ("provisions", "Provision"),
        ("parties", "Party"),
        ("sections", "Section"),
        ("questions", "Question"),
    ],
)
def test_every_value_fits_its_column(table, model_name):
    # SQLite does not enforce a column's length, PostgreSQL refuses the load: check on both.
    from django.apps import apps

    model = apps.get_model("countries", model_name)
    limits = {
        field.name: field.max_length
        for field in model._meta.get_fields()
        if getattr(field, "max_length", None) and not field.is_relation
    }
    for number, row in enumerate(read(table), start=2):
        for column, value in row.items():
            if column in limits:
                assert len(value) <= limits[column], f"{table}.csv line {number}: {column} is {len(value)} long"


def test_the_files_are_plain_utf8_csv_with_a_header():
    for path in sorted(FOLDER.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header and all(header), path.name


# Upgrade ------------------------------------------------------------------------------------------

BEFORE = [("countries", "0005_provision_uid"), ("contacts", "0003_stable_identifiers")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    # Every app's latest migration: going back to BEFORE unapplies the migrations of other apps
    # that depend on later ones of countries or contacts, and the tests after this one need them.
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def _restore_after_flush(django_db_blocker):
    # A transactional test is flushed afterwards, reference data included: put it back for the
    # tests that run later on this worker.
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_upgrade_from_the_schema_before_parties_keeps_focal_points_entries(_restore_after_flush):
    latest = _latest()
    old = _migrate(BEFORE)
    OldCountry, OldAnswer = old.get_model("countries", "Country"), old.get_model("countries", "Answer")
    OldQuestion, OldInstrument = old.get_model("countries", "Question"), old.get_model("countries", "Instrument")
    OldProvision, OldAuthority = old.get_model("countries", "Provision"), old.get_model("contacts", "Authority")
    albania = OldCountry.objects.get(code="AL")
    albania.summary = "Entered before the upgrade."
    albania.save()
    answer = OldAnswer.objects.create(
        country=albania, question=OldQuestion.objects.get(key="permitted"), value="partly", details="Kept."
    )
    law = OldInstrument.objects.create(
        slug="al-cpc", short_name="CPC", title="Criminal Procedure Code", kind="national_law", country=albania
    )
    article = OldProvision.objects.create(instrument=law, article="Art. 294/b", summary="Kept.")
    answer.provisions.add(article, OldProvision.objects.get(instrument__slug="1988-convention", article="Art. 11"))
    authority = OldAuthority.objects.create(country=albania, name="Kept Directorate", kind="police")
    counts = {name: old.get_model("countries", name).objects.count() for name in ("Country", "Question", "Provision")}

    _migrate(latest)

    albania = Country.objects.get(code="AL")
    assert albania.summary == "Entered before the upgrade."
    answer = Answer.objects.get(pk=answer.pk)
    assert (answer.value, answer.details) == ("partly", "Kept.")
    assert sorted(answer.provisions.values_list("article", flat=True)) == ["Art. 11", "Art. 294/b"]
    assert Instrument.objects.get(slug="al-cpc").provisions.get().summary == "Kept."
    from contacts.models import Authority

    assert Authority.objects.get(pk=authority.pk).name == "Kept Directorate"
    assert {name: model.objects.count() for name, model in (("Country", Country), ("Question", Question))} == {
        "Country": counts["Country"],
        "Question": counts["Question"],
    }
    from countries.models import Provision

    assert Provision.objects.count() == counts["Provision"]
    # The upgrade brought the party records and the entry into force.
    assert Party.objects.count() == len(read("parties"))
    assert load_reference().total == 0
