"""Which instruments apply between two countries (`handbook.route.law`): the rule and its reasons on
made-up records, then on the real pairs that the reference data records."""

import datetime

import pytest

from countries.models import Country, Instrument, Membership, Organization, Party
from handbook.route import law

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)
SOURCE = "https://treaties.example.org/status"


@pytest.fixture
def treaty():
    return Instrument.objects.create(
        slug="test-treaty",
        short_name="Test Treaty",
        title="Test Treaty",
        kind="regional_convention",
        in_force=Instrument.InForce.IN_FORCE,
        in_force_on=datetime.date(2010, 1, 1),
        in_force_source_url=SOURCE,
        in_force_source_read_on=TODAY,
    )


def _country(code):
    return Country.objects.get(code=code)


def _party(instrument, code, **fields):
    values = {
        "basis": "ratification",
        "source_url": SOURCE,
        "source_kind": "depositary",
        "source_read_on": TODAY,
        **fields,
    }
    return Party.objects.create(instrument=instrument, country=_country(code), **values)


def _members(instrument):
    return set(
        Membership.objects.filter(organization=instrument.closed_to_id, kind="member").values_list(
            "country_id", flat=True
        )
    )


def _verdict(instrument, first="AL", second="RS", today=TODAY):
    parties = {party.country_id: party for party in Party.objects.filter(instrument=instrument)}
    return law.applicability(
        instrument=instrument,
        first=_country(first),
        second=_country(second),
        parties=parties,
        today=today,
        members=_members(instrument),
    )


def test_both_bound_applies_with_the_basis_and_the_source(treaty):
    _party(treaty, "AL", bound_since=datetime.date(2012, 3, 1))
    _party(treaty, "RS", basis="accession")
    verdict = _verdict(treaty)
    assert verdict.answer == law.APPLIES
    assert "Albania (ratification, in force for it since 1 March 2012)" in verdict.text
    assert "Serbia (accession)" in verdict.text
    # One page for both countries and the entry into force: one link, saying what it shows.
    assert verdict.sources == [("Albania, Serbia, entry into force", SOURCE, TODAY)]
    assert verdict.as_of == TODAY


def test_each_source_says_what_it_shows(treaty):
    _party(treaty, "AL", source_url="https://gazette.example.al/treaty")
    _party(treaty, "RS", source_url="https://gazette.example.rs/treaty")
    assert _verdict(treaty).sources == [
        ("Albania", "https://gazette.example.al/treaty", TODAY),
        ("Serbia", "https://gazette.example.rs/treaty", TODAY),
        ("entry into force", SOURCE, TODAY),
    ]


def test_unrecorded_names_the_countries_in_a_sentence(treaty):
    assert _verdict(treaty).text == "Not recorded whether Albania and Serbia are bound."
    _party(treaty, "AL")
    assert _verdict(treaty).text == "Not recorded whether Serbia is bound."


def test_one_unrecorded_country_leaves_it_open(treaty):
    _party(treaty, "AL")
    verdict = _verdict(treaty)
    assert (verdict.answer, verdict.reason) == (law.MAY_APPLY, law.UNRECORDED)
    assert "Serbia" in verdict.text


def test_membership_alone_never_makes_it_apply(treaty):
    # Both are EU Member States, but nothing records them as bound by this instrument.
    assert Membership.objects.filter(country__code__in=["AT", "DE"], organization__slug="eu").count() == 2
    verdict = _verdict(treaty, "AT", "DE")
    assert verdict.answer == law.MAY_APPLY


def test_a_member_that_does_not_take_part_is_not_bound(treaty):
    _party(treaty, "AT", basis="participation")
    _party(treaty, "DK", status=Party.Status.NOT_BOUND, basis="opt_out")
    verdict = _verdict(treaty, "AT", "DK")
    assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, law.NOT_BOUND)
    assert "Denmark is not bound" in verdict.text


@pytest.mark.parametrize("status", [Instrument.InForce.NOT_IN_FORCE, Instrument.InForce.UNRECORDED])
def test_an_instrument_not_recorded_in_force_never_applies(treaty, status):
    _party(treaty, "AL")
    _party(treaty, "RS")
    treaty.in_force = status
    treaty.save()
    verdict = _verdict(treaty)
    assert verdict.answer != law.APPLIES
    expected = law.DOES_NOT_APPLY if status == Instrument.InForce.NOT_IN_FORCE else law.MAY_APPLY
    assert verdict.answer == expected


def test_an_instrument_applicable_only_later_does_not_apply_yet(treaty):
    _party(treaty, "AL")
    _party(treaty, "RS")
    treaty.applicable_from = TODAY + datetime.timedelta(days=1)
    treaty.save()
    assert (_verdict(treaty).answer, _verdict(treaty).reason) == (law.DOES_NOT_APPLY, law.NOT_IN_FORCE)


def test_not_yet_in_force_for_one_of_them(treaty):
    _party(treaty, "AL")
    _party(treaty, "RS", bound_since=TODAY + datetime.timedelta(days=30))
    verdict = _verdict(treaty)
    assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, law.NOT_YET_IN_FORCE_FOR)


def test_a_reservation_excluding_the_article_means_it_does_not_apply(treaty):
    _party(treaty, "AL")
    _party(treaty, "RS", conditions="Reserves the right not to apply the article.", excludes_provision=True)
    verdict = _verdict(treaty)
    assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, law.EXCLUDED_BY_RESERVATION)


def test_a_reservation_that_conditions_the_article_shows_as_a_condition(treaty):
    _party(treaty, "AL")
    _party(treaty, "RS", conditions="Only for offences punishable by at least one year.")
    verdict = _verdict(treaty)
    assert verdict.answer == law.APPLIES
    assert [(country.code, text) for country, text in verdict.conditions] == [
        ("RS", "Only for offences punishable by at least one year.")
    ]


def test_the_route_page_shows_a_condition(client, treaty):
    _party(treaty, "AL")
    _party(treaty, "RS", conditions="Only for offences punishable by at least one year.")
    page = client.get("/route/?c=AL&c=RS").content.decode()
    between = page.split("Between Albania and Serbia")[1]
    assert "Condition (Serbia):" in between
    assert "Only for offences punishable by at least one year." in between


# Real pairs from the recorded data ---------------------------------------------------------------


def _real(short_name, first, second):
    instrument = Instrument.objects.get(short_name=short_name)
    return _verdict(instrument, first, second)


def test_real_pairs_1988_convention():
    assert _real("1988 Convention", "AL", "AT").answer == law.APPLIES
    # Nothing recorded with an acceptable source for Serbia or the United States: open, never "applies".
    assert _real("1988 Convention", "AL", "RS").answer == law.MAY_APPLY
    assert _real("1988 Convention", "US", "CA").answer == law.MAY_APPLY


def test_real_pairs_the_examples_outside_the_eu_have_an_instrument_that_applies():
    assert _real("UNTOC", "US", "CA").answer == law.APPLIES
    assert _real("UNTOC", "AL", "RS").answer == law.APPLIES
    assert _real("PCC SEE", "AL", "RS").answer == law.APPLIES
    assert _real("UNCAC", "RU", "KZ").answer == law.APPLIES


def test_real_pairs_pcc_see_with_austrias_condition():
    assert _real("PCC SEE", "AL", "RS").answer == law.APPLIES
    verdict = _real("PCC SEE", "HU", "AT")
    assert verdict.answer == law.APPLIES
    assert [country.code for country, _text in verdict.conditions] == ["AT"]
    # The complete list of Contracting Parties decides the others: not bound.
    assert (_real("PCC SEE", "AL", "US").answer, _real("PCC SEE", "AL", "US").reason) == (
        law.DOES_NOT_APPLY,
        law.NOT_BOUND,
    )


def test_real_pairs_eio_directive_a_member_state_that_is_not_bound():
    assert _real("EIO Directive", "AT", "DE").answer == law.APPLIES
    verdict = _real("EIO Directive", "AT", "DK")
    assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, law.NOT_BOUND)
    assert _real("EIO Directive", "IE", "DE").reason == law.NOT_BOUND
    # Serbia is not an EU Member State and not associated: the Directive does not apply.
    verdict = _real("EIO Directive", "RS", "HU")
    assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, law.OUTSIDE_CLOSED_SET)


def test_real_pairs_cisa_binds_an_associated_state():
    verdict = _real("CISA", "CH", "HU")
    assert verdict.answer == law.APPLIES
    assert "association with Schengen" in verdict.text
    verdict = _real("CISA", "RS", "HU")
    assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, law.OUTSIDE_CLOSED_SET)


def test_real_pairs_eu_instruments_between_member_states():
    assert _real("Naples II", "AT", "DE").answer == law.APPLIES
    assert _real("EU MLA Convention 2000", "AT", "DE").answer == law.APPLIES


def test_real_pairs_wco_2003_is_not_in_force_and_never_applies():
    for first, second in (("AT", "DE"), ("AL", "RS"), ("US", "CA")):
        verdict = _real("WCO Convention 2003", first, second)
        assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, law.NOT_IN_FORCE)


# Every instrument: one real border where it applies today, one where it does not (today where the
# recorded data has such a pair, otherwise on a day the records decide), with the reason.
REAL_BORDERS = {
    "1988 Convention": (("AL", "AT"), ("AL", "AT", datetime.date(1990, 6, 1), law.NOT_IN_FORCE)),
    "UNCAC": (("AL", "AT"), ("AL", "BE", datetime.date(2008, 1, 1), law.NOT_YET_IN_FORCE_FOR)),
    "UNTOC": (("ES", "JP"), ("ES", "JP", datetime.date(2017, 8, 9), law.NOT_YET_IN_FORCE_FOR)),
    "ETS 182": (("AL", "AT"), ("AL", "GR", TODAY, law.NOT_BOUND)),
    "EU MLA Convention 2000": (("AT", "DE"), ("AT", "IT", datetime.date(2017, 1, 1), law.NOT_YET_IN_FORCE_FOR)),
    "EIO Directive": (("AT", "DE"), ("AT", "DK", TODAY, law.NOT_BOUND)),
    "Naples II": (("AT", "DE"), ("AT", "DE", datetime.date(2009, 1, 1), law.NOT_IN_FORCE)),
    "CISA": (("FR", "IT"), ("FR", "IT", datetime.date(1996, 1, 1), law.NOT_YET_IN_FORCE_FOR)),
    "PCC SEE": (("AL", "RS"), ("AL", "GR", TODAY, law.NOT_BOUND)),
    "WCO Convention 2003": (None, ("AT", "DE", TODAY, law.NOT_IN_FORCE)),
}


def test_every_international_instrument_has_real_borders_in_these_tests():
    assert set(Instrument.objects.international().values_list("short_name", flat=True)) == set(REAL_BORDERS)


@pytest.mark.parametrize("short_name", sorted(name for name, (applies, _) in REAL_BORDERS.items() if applies))
def test_real_border_where_it_applies_today(short_name):
    # Not the WCO 2003 convention: it is not in force and applies nowhere (tested above).
    verdict = _real(short_name, *REAL_BORDERS[short_name][0])
    assert (verdict.answer, verdict.reason) == (law.APPLIES, "")
    assert verdict.sources and all(
        shows and url.startswith("http") and read_on for shows, url, read_on in verdict.sources
    )


@pytest.mark.parametrize("short_name", sorted(REAL_BORDERS))
def test_real_border_where_it_does_not_apply(short_name):
    _applies, (first, second, day, reason) = REAL_BORDERS[short_name]
    verdict = _verdict(Instrument.objects.get(short_name=short_name), first, second, today=day)
    assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, reason)
    assert verdict.text


# Closed sets: the EU instruments and CISA bind only the members that take part and the associates --


EU_INSTRUMENTS = ("EU MLA Convention 2000", "EIO Directive", "Naples II", "CISA")


@pytest.mark.parametrize("short_name", EU_INSTRUMENTS)
def test_real_pairs_a_non_member_gets_does_not_apply_for_each_eu_instrument(short_name):
    verdict = _real(short_name, "AL", "MK")
    assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, law.OUTSIDE_CLOSED_SET)
    assert verdict.text == "Albania is not a member of the European Union and is not associated with it."
    # The reason rests on the list of the organization's members, with its source.
    eu = Organization.objects.get(slug="eu")
    assert verdict.sources == [("members of the European Union", eu.members_source_url, eu.members_source_read_on)]
    # Between a member and a non-member too (Türkiye–Georgia has neither; Ukraine–Poland has one).
    assert _real(short_name, "UA", "PL").reason == law.OUTSIDE_CLOSED_SET
    assert _real(short_name, "TR", "GE").reason == law.OUTSIDE_CLOSED_SET


def test_real_pairs_associated_states_get_applies_for_cisa():
    for associate in ("CH", "NO", "IS", "LI"):
        verdict = _real("CISA", associate, "DE")
        assert verdict.answer == law.APPLIES, associate
        assert "association with Schengen" in verdict.text
    # Associated with Schengen is not associated with the EIO Directive.
    assert _real("EIO Directive", "NO", "DE").reason == law.OUTSIDE_CLOSED_SET


def test_real_pairs_united_kingdom_france_eio_directive_ceased_with_its_date():
    verdict = _real("EIO Directive", "GB", "FR")
    assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, law.CEASED)
    assert verdict.text == (
        "United Kingdom is a former member of the European Union: it has not applied to it since 1 January 2021."
    )
    assert verdict.sources and verdict.sources[0][1].startswith("http")
    # Before that day it applied between them.
    assert _verdict(
        Instrument.objects.get(short_name="EIO Directive"), "GB", "FR", datetime.date(2019, 6, 1)
    ).answer == (law.APPLIES)
    # The other EU instruments no longer bind it either: it is not a member.
    for short_name in ("EU MLA Convention 2000", "Naples II", "CISA"):
        assert _real(short_name, "GB", "FR").answer == law.DOES_NOT_APPLY, short_name


def test_real_pairs_a_recorded_non_participant_keeps_its_reason():
    verdict = _real("EIO Directive", "DK", "DE")
    assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, law.NOT_BOUND)
    assert verdict.text == "Denmark is not bound: does not take part although a member."


def test_real_pairs_an_open_convention_with_one_party_unrecorded_stays_may_apply():
    assert not Party.objects.filter(instrument__short_name="UNTOC", country__code="NO").exists()
    verdict = _real("UNTOC", "NO", "DE")
    assert (verdict.answer, verdict.reason) == (law.MAY_APPLY, law.UNRECORDED)
    # Open conventions are never decided by membership: Norway is in no organization that closes them.
    for short_name in ("UNTOC", "1988 Convention", "ETS 182"):
        assert Instrument.objects.get(short_name=short_name).closed_to is None


def test_which_instruments_are_closed_is_data(treaty):
    # The same treaty, open: a country without a record stays "may apply".
    assert _verdict(treaty, "AL", "RS").answer == law.MAY_APPLY
    selec = Organization.objects.get(slug="selec")
    treaty.closed_to = selec
    treaty.save()
    members = set(Membership.objects.filter(organization=selec, kind="member").values_list("country__code", flat=True))
    outsider = Country.objects.exclude(code__in=members).order_by("code").first()
    member = Country.objects.filter(code__in=members).order_by("code").first()
    verdict = _verdict(treaty, member.code, outsider.code)
    assert (verdict.answer, verdict.reason) == (law.DOES_NOT_APPLY, law.OUTSIDE_CLOSED_SET)
    assert verdict.outside == outsider
    # A member without a record is not bound by membership alone.
    _party(treaty, outsider.code, basis="association")
    assert _verdict(treaty, member.code, outsider.code).answer == law.MAY_APPLY


def test_a_weaker_source_is_named_beside_the_fact(treaty):
    _party(treaty, "AL", source_kind="secondary")
    _party(treaty, "RS", source_kind="depositary")
    verdict = _verdict(treaty)
    assert verdict.answer == law.APPLIES
    assert [(country.code, kind) for country, kind in verdict.weaker_sources] == [("AL", "secondary report")]
