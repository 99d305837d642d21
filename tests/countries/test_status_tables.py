"""Importing a depositary's status table (`countries.status_tables` and the admin's import view):
the UN Treaty Collection's shape and the Council of Europe's chart, names matched in their several
spellings, a preview of what it would add, change and leave alone, and a confirmed import that
records exactly that; a re-import changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from countries.models import Instrument, Party
from countries.status_tables import plan_import, read_table

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)
UN_SOURCE = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-12&chapter=18&clang=_en"
COE_SOURCE = "https://www.coe.int/en/web/conventions/full-list?module=signatures-by-treaty&treatynum=182"

# As copied from the UN Treaty Collection's status page (tab-separated, footnote numbers on names).
UN_TABLE = """Participant\tSignature\tRatification, Acceptance(A), Approval(AA), Accession(a), Succession(d)
Norway\t13 Dec 2000\t23 Sep 2003
Romania\t14 Dec 2000\t4 Dec 2002
Russian Federation\t12 Dec 2000\t26 May 2004
Angola\t13 Dec 2000\t1 Apr 2013
European Union\t12 Dec 2000\t21 May 2004 AA
Holy See\t\t25 Jan 2012 a
Montenegro5\t\t23 Oct 2006 d
Republic of Korea\t13 Dec 2000\t5 Nov 2015
Türkiye\t13 Dec 2000\t25 Mar 2003
United Kingdom of Great Britain and Northern Ireland\t14 Dec 2000\t9 Feb 2006
Atlantis\t12 Dec 2000\t1 Jan 2005
"""

# As copied from the Council of Europe's chart of signatures and ratifications (no tabs left).
COE_CHART = """Chart of signatures and ratifications of Treaty 182
States Signature Ratification Entry into force Notes R. D. A. T. C. O.
Andorra 5/5/2016 19/12/2016 1/4/2017 X
Greece 8/11/2001
Turkey 7/3/2003 29/6/2016 1/11/2016 X X
Republic of Moldova 4/11/2002 5/8/2013 1/12/2013 X
Total number of signatures not followed by ratifications: 2
"""


def _untoc():
    return Instrument.objects.get(short_name="UNTOC")


def test_un_shape_rows_bases_and_names():
    table = read_table(UN_TABLE)
    assert table.shape == "un"
    assert not table.errors
    rows = {row.code: row for row in table.rows}
    assert set(rows) == {"NO", "RO", "RU", "VA", "ME", "KR", "TR", "GB"}
    assert (rows["VA"].basis, rows["VA"].deposit) == (Party.Basis.ACCESSION, datetime.date(2012, 1, 25))
    assert rows["ME"].basis == Party.Basis.SUCCESSION
    assert rows["RO"].basis == Party.Basis.RATIFICATION
    assert table.outside == ["Angola"]
    assert table.unmatched == ["Atlantis"]  # the European Union is not a State: left out silently


def test_un_shape_entry_into_force_from_the_deposit():
    plan = plan_import(
        instrument=_untoc(), table=read_table(UN_TABLE), source_url=UN_SOURCE, source_kind="depositary", today=TODAY
    )
    values = {change.country.code: change.values for change in plan.add + plan.change + plan.unchanged}
    # Art. 38: the later of deposit + 30 days and the Convention's entry into force (29 September 2003).
    assert values["NO"]["bound_since"] == datetime.date(2003, 10, 23)
    assert values["RO"]["bound_since"] == datetime.date(2003, 9, 29)
    assert values["KR"]["bound_since"] == datetime.date(2015, 12, 5)
    # A succession takes effect from the succession, which the table does not give.
    assert values["ME"]["bound_since"] is None


def test_coe_shape_signatures_accessions_and_entry_into_force():
    table = read_table(COE_CHART)
    assert table.shape == "coe"
    assert not table.errors
    rows = {row.code: row for row in table.rows}
    assert (rows["AD"].status, rows["AD"].in_force) == (Party.Status.BOUND, datetime.date(2017, 4, 1))
    assert (rows["GR"].status, rows["GR"].basis) == (Party.Status.NOT_BOUND, Party.Basis.SIGNED_ONLY)
    assert rows["TR"].in_force == datetime.date(2016, 11, 1)
    assert rows["MD"].deposit == datetime.date(2013, 8, 5)


def test_rows_that_do_not_parse_are_listed_and_block_the_import():
    table = read_table(UN_TABLE + "Ruritania\t1 Foo 2001\t2 Bar 2002\n")
    assert [(reason) for _line, _text, reason in table.errors] == ["a date cannot be read"]
    plan = plan_import(instrument=_untoc(), table=table, source_url=UN_SOURCE, source_kind="depositary", today=TODAY)
    assert not plan.can_apply


def _post(client, text, *, instrument, source, confirm=False, complete=False):
    data = {
        "instrument": instrument.pk,
        "text": text,
        "source_url": source,
        "source_kind": "depositary",
        "source_date": "",
    }
    if complete:
        data["complete"] = "on"
    if confirm:
        data["confirm"] = "1"
    return client.post(reverse("admin:countries_party_import_status"), data, follow=True)


@pytest.mark.parametrize(
    ("short_name", "text", "source", "expected"),
    [
        ("UNTOC", UN_TABLE, UN_SOURCE, {"NO", "RO", "RU", "TR"}),
        ("ETS 182", COE_CHART, COE_SOURCE, {"AD"}),
    ],
)
def test_preview_then_confirm_then_a_reimport_changes_nothing(client, coordinator, short_name, text, source, expected):
    client.force_login(coordinator)
    instrument = Instrument.objects.get(short_name=short_name)
    before = Party.objects.count()
    preview = _post(client, text, instrument=instrument, source=source)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Preview" in page and "import-add" in page
    assert Party.objects.count() == before  # a preview writes nothing
    plan = preview.context["plan"]
    added = {change.country.code for change in plan.add}
    assert expected <= added
    if short_name == "UNTOC":
        assert "Atlantis" in page  # the name it could not match is shown
    confirmed = _post(client, text, instrument=instrument, source=source, confirm=True)
    assert confirmed.status_code == 200
    assert Party.objects.count() == before + len(plan.add)
    for code in expected:
        party = Party.objects.get(instrument=instrument, country__code=code)
        assert (party.source_url, party.source_kind, party.source_read_on) == (
            source,
            "depositary",
            timezone.localdate(),
        )
    again = _post(client, text, instrument=instrument, source=source)
    assert not again.context["plan"].add and not again.context["plan"].change
    assert not again.context["plan"].can_apply


def test_a_changed_fact_keeps_the_reservation(client, coordinator):
    client.force_login(coordinator)
    instrument = Instrument.objects.get(short_name="PCC SEE")
    austria = Party.objects.get(instrument=instrument, country__code="AT")
    assert austria.conditions
    text = "country,status,basis,bound_since\nAT,bound,accession,2011-10-11\n"
    _post(client, text, instrument=instrument, source="https://example.org/pcc-see", confirm=True)
    austria.refresh_from_db()
    assert austria.bound_since == datetime.date(2011, 10, 11) and austria.conditions


def test_a_complete_list_records_the_others_as_not_bound(coordinator):
    instrument = Instrument.objects.get(short_name="1988 Convention")
    plan = plan_import(
        instrument=instrument,
        table=read_table(UN_TABLE),
        source_url=UN_SOURCE,
        source_kind="depositary",
        complete=True,
        today=TODAY,
    )
    codes = {country.code for country in plan.absent}
    assert "US" in codes and "NO" not in codes


def test_focal_points_cannot_import(client, focal_point_a):
    client.force_login(focal_point_a)
    response = client.get(reverse("admin:countries_party_import_status"))
    assert response.status_code == 403


def test_the_coverage_view(client, coordinator, focal_point_a, django_assert_max_num_queries):
    client.force_login(coordinator)
    url = reverse("admin:countries_party_coverage")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == Instrument.objects.international().count()
    untoc = next(row for row in rows if row["coverage"].instrument.short_name == "UNTOC")
    assert len(untoc["cells"]) == 68
    cell = next(cell for cell in untoc["cells"] if cell["country"].code == "AL")
    assert cell["state"] == "bound" and "/admin/countries/party/" in cell["url"] and "/change/" in cell["url"]
    empty = next(cell for cell in untoc["cells"] if cell["state"] == "unrecorded")
    assert "/add/?instrument=" in empty["url"] and f"country={empty['country'].pk}" in empty["url"]
    # The add form opens filled with the instrument and the country.
    form = client.get(empty["url"])
    assert form.context["adminform"].form.initial["country"] == str(empty["country"].pk)
    # Filters: Asian Partners only, and the flagged cells.
    partners = client.get(url, {"osce_status": "asian_partner"}).context["countries"]
    assert {country.osce_status for country in partners} == {"asian_partner"}
    un_only = client.get(url, {"kind": "un_convention"}).context
    assert {row["coverage"].instrument.kind for row in un_only["rows"]} == {"un_convention"}
    assert len(un_only["kinds"]) > 1  # the other kinds stay on offer
    ets = next(row for row in rows if row["coverage"].instrument.short_name == "ETS 182")
    assert ets["flagged"] >= 2  # Greece and Iceland: "not bound" on a source of 2011
    # Focal points read it, without add links.
    client.force_login(focal_point_a)
    response = client.get(url)
    assert response.status_code == 200
    assert all(
        cell["url"] == "" or "/change/" in cell["url"] for row in response.context["rows"] for cell in row["cells"]
    )


def test_the_file_download_reloads_to_no_change(client, coordinator, tmp_path, monkeypatch):
    from countries import reference
    from countries.reference import load_reference

    client.force_login(coordinator)
    response = client.get(reverse("admin:countries_party_file"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.splitlines()[0].startswith("instrument,country,status,basis")
    # Reloading from the downloaded file changes nothing: it holds exactly the records.
    import shutil

    for path in reference.FOLDER.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "parties.csv").write_text(body, encoding="utf-8")
    monkeypatch.setattr(reference, "FOLDER", tmp_path)
    assert load_reference().total == 0
