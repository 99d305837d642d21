"""The reference data that the data migrations ship: present after `migrate`, with the counts of
the reference files they were copied from."""

from collections import Counter

import pytest

from contacts.models import Channel
from countries.models import (
    Country,
    Instrument,
    Language,
    Membership,
    Organization,
    Provision,
    Question,
    Section,
    Topic,
)

pytestmark = pytest.mark.django_db


def test_countries_by_osce_status():
    assert Country.objects.count() == 68
    statuses = Counter(Country.objects.values_list("osce_status", flat=True))
    assert statuses == {
        Country.OsceStatus.PARTICIPATING_STATE: 57,
        Country.OsceStatus.ASIAN_PARTNER: 5,
        Country.OsceStatus.MEDITERRANEAN_PARTNER: 6,
    }


def test_turkiye_is_found_by_code_with_an_ascii_slug():
    turkiye = Country.objects.get(code="TR")
    assert turkiye.name == "Türkiye"
    assert turkiye.slug == "turkiye"


def test_country_slugs_are_unique_and_ascii():
    slugs = list(Country.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == len(slugs) == 68
    assert all(slug.isascii() and slug for slug in slugs)


def test_organizations():
    assert Organization.objects.count() == 9
    selec = Organization.objects.get(slug="selec")
    assert selec.acronym == "SELEC"
    assert selec.kind == Organization.Kind.REGIONAL_LAW_ENFORCEMENT
    assert selec.seat == "Bucharest"
    assert selec.website == "https://www.selec.org"
    assert selec.role


def test_memberships():
    # The reference file holds 141 certain rows although its README mentions 142.
    assert Membership.objects.count() == 141
    by_organization = Counter(Membership.objects.values_list("organization__slug", "kind"))
    assert by_organization == {
        ("osce", Membership.Kind.PARTICIPATING_STATE): 57,
        ("eu", Membership.Kind.MEMBER): 27,
        ("coe", Membership.Kind.MEMBER): 46,
        ("selec", Membership.Kind.MEMBER): 11,
    }
    # Every participating State, and only they, is an OSCE participating State.
    osce_members = set(Membership.objects.filter(organization__slug="osce").values_list("country__code", flat=True))
    participating = set(
        Country.objects.filter(osce_status=Country.OsceStatus.PARTICIPATING_STATE).values_list("code", flat=True)
    )
    assert osce_members == participating


def test_instruments_and_provisions():
    assert Instrument.objects.count() == 10
    assert Instrument.objects.international().count() == 10
    assert Provision.objects.count() == 11
    assert Provision.objects.filter(official_url="").count() == 11
    convention = Instrument.objects.get(slug="1988-convention")
    assert list(convention.provisions.values_list("article", flat=True)) == ["Art. 1(g)", "Art. 11"]
    assert convention.in_force_on.isoformat() == "1990-11-11"
    eio = Instrument.objects.get(slug="eio-directive")
    # Recorded with its source: in force since 21 May 2014, to be transposed by 22 May 2017.
    assert (eio.in_force, eio.in_force_on.isoformat(), eio.transposition_deadline.isoformat()) == (
        "in_force",
        "2014-05-21",
        "2017-05-22",
    )
    assert eio.in_force_source_url
    assert Instrument.objects.get(slug="wco-convention-2003").in_force == "not_in_force"


def test_every_provision_is_about_controlled_delivery():
    controlled_delivery = Topic.objects.get(slug="controlled-delivery")
    assert controlled_delivery.provisions.count() == 11
    definition = Provision.objects.get(instrument__slug="1988-convention", article="Art. 1(g)")
    assert set(definition.topics.values_list("slug", flat=True)) == {"controlled-delivery", "definitions"}
    assert Topic.objects.get(slug="mutual-legal-assistance").provisions.count() == 3
    assert Topic.objects.get(slug="customs-co-operation").provisions.count() == 2
    assert Topic.objects.get(slug="police-co-operation").provisions.count() == 2
    assert Topic.objects.get(slug="special-investigative-techniques").provisions.count() == 2


def test_questionnaire():
    assert list(Section.objects.values_list("title", "order")) == [
        ("Legal framework", 1),
        ("Authorisation", 2),
        ("Execution", 3),
        ("Evidence and follow-up", 4),
        ("Contacts", 5),
    ]
    assert Question.objects.count() == 22
    # Counted in the table of questionnaire.md: 10 yes/no questions, 12 text questions.
    assert Question.objects.filter(kind=Question.Kind.YES_NO).count() == 10
    assert Question.objects.filter(kind=Question.Kind.TEXT).count() == 12
    first = Question.objects.first()
    assert (first.key, first.section.slug, first.order) == ("permitted", "legal-framework", 1)


def test_channels():
    assert set(Channel.objects.values_list("slug", flat=True)) == {
        "interpol-i24-7",
        "europol-siena",
        "selec",
        "liaison-officers",
        "judicial-channel",
    }


def test_languages():
    codes = set(Language.objects.values_list("code", flat=True))
    assert {"en", "fr", "de", "ru"} <= codes
    assert Language.objects.get(code="en").name == "English"
