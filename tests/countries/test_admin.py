"""The countries admin: every page answers for a coordinator, and the list filters select what the
models' own querysets select.

The rows are made with get_or_create, so the tests pass with or without the reference data.
"""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from countries.admin import CountryAdmin, InstrumentAdmin, ProvisionAdmin
from countries.models import (
    Answer,
    Country,
    FocalPointAssignment,
    Instrument,
    Language,
    Membership,
    Organization,
    Party,
    Provision,
    Question,
    Section,
    Topic,
)
from tests.admin_pages import admin_page_tests


def get_country(code="AL", name="Albania"):
    country, _created = Country.objects.get_or_create(
        code=code, defaults={"name": name, "slug": name.lower(), "osce_status": "participating_state"}
    )
    return country


def get_international_instrument():
    instrument, _created = Instrument.objects.get_or_create(
        slug="test-convention",
        defaults={"short_name": "Test Convention", "title": "Test Convention on Admin Pages", "kind": "un_convention"},
    )
    return instrument


def changelist_queryset(model_admin_class, model, user, rf, **params):
    """The rows a changelist shows for `params`, as the admin computes them for `user`."""
    request = rf.get("/", params)
    request.user = user
    model_admin = model_admin_class(model, admin.site)
    return model_admin.get_changelist_instance(request).get_queryset(request)


@pytest.fixture
def records(db):
    """One row of every model of the app."""
    country = get_country()
    language, _created = Language.objects.get_or_create(code="sq", defaults={"name": "Albanian"})
    topic, _created = Topic.objects.get_or_create(slug="test-topic", defaults={"name": "Test topic"})
    organization, _created = Organization.objects.get_or_create(
        slug="test-organization",
        defaults={"acronym": "TESTORG", "name": "Test Organization", "kind": "intergovernmental"},
    )
    membership, _created = Membership.objects.get_or_create(organization=organization, country=country)
    user = get_user_model().objects.create_user(username="fiona", email="fiona@example.org")
    assignment = FocalPointAssignment.objects.create(user=user, country=country)
    instrument = get_international_instrument()
    provision, _created = Provision.objects.get_or_create(instrument=instrument, article="Art. 1")
    provision.topics.add(topic)
    section, _created = Section.objects.get_or_create(slug="test-section", defaults={"title": "Test section"})
    question, _created = Question.objects.get_or_create(
        key="test-question", defaults={"section": section, "text": "Is this a test?", "kind": "yes_no"}
    )
    answer, _created = Answer.objects.get_or_create(country=country, question=question, defaults={"value": "yes"})
    answer.provisions.add(provision)
    party, _created = Party.objects.get_or_create(
        instrument=instrument,
        country=country,
        defaults={
            "basis": "ratification",
            "source_url": "https://treaties.example.org/status",
            "source_read_on": datetime.date(2026, 12, 4),
        },
    )
    return {
        Party: party,
        Language: language,
        Country: country,
        FocalPointAssignment: assignment,
        Organization: organization,
        Membership: membership,
        Topic: topic,
        Instrument: instrument,
        Provision: provision,
        Section: section,
        Question: question,
        Answer: answer,
    }


test_every_model_is_registered, test_admin_page_answers, test_changelist_search_answers = admin_page_tests(
    "countries", search_term="test"
)


def test_review_filter_splits_stale_and_reviewed_countries(rf, coordinator):
    today = timezone.localdate()
    reviewed = get_country("AL", "Albania")
    outdated = get_country("RS", "Serbia")
    never = get_country("MT", "Malta")
    Country.objects.filter(pk=reviewed.pk).update(last_reviewed_on=today)
    Country.objects.filter(pk=outdated.pk).update(last_reviewed_on=today - datetime.timedelta(days=800))
    Country.objects.filter(pk=never.pk).update(last_reviewed_on=None)

    stale = changelist_queryset(CountryAdmin, Country, coordinator, rf, review="stale")
    assert outdated in stale
    assert never in stale
    assert reviewed not in stale

    current = changelist_queryset(CountryAdmin, Country, coordinator, rf, review="current")
    assert list(current.filter(pk__in=[reviewed.pk, outdated.pk, never.pk])) == [reviewed]

    everything = changelist_queryset(CountryAdmin, Country, coordinator, rf)
    assert {reviewed, outdated, never} <= set(everything)


def test_review_filter_names_the_staleness_period(client, coordinator, settings):
    settings.HANDBOOK_STALE_AFTER_MONTHS = 6
    get_country()
    client.force_login(coordinator)
    response = client.get(reverse("admin:countries_country_changelist"))
    assert "Reviewed within 6 months" in response.content.decode()


def _months_ago(today, months):
    year, month = divmod(today.month - 1 - months, 12)
    return datetime.date(today.year + year, month + 1, min(today.day, 28))


def test_review_column_warns_of_a_stale_review_and_says_current_otherwise(db, settings):
    settings.HANDBOOK_STALE_AFTER_MONTHS = 12
    today = timezone.localdate()
    model_admin = CountryAdmin(Country, admin.site)
    country = get_country()

    country.last_reviewed_on = _months_ago(today, 14)
    assert country.is_stale
    column = model_admin.review_status(country)
    assert "Stale — reviewed 14 months ago" in column and 'class="freshness freshness--stale"' in column

    country.last_reviewed_on = today - datetime.timedelta(days=7)
    assert not country.is_stale
    assert model_admin.review_status(country) == "Current"

    country.last_reviewed_on = None
    assert "Never reviewed" in model_admin.review_status(country)
    assert "freshness--stale" in model_admin.review_status(country)


def test_countries_list_shows_the_code_and_the_truth_about_reviews(client, coordinator, settings):
    settings.HANDBOOK_STALE_AFTER_MONTHS = 12
    today = timezone.localdate()
    outdated, recent, never = get_country("AL", "Albania"), get_country("RS", "Serbia"), get_country("MT", "Malta")
    Country.objects.filter(pk=outdated.pk).update(last_reviewed_on=_months_ago(today, 14))
    Country.objects.filter(pk=recent.pk).update(last_reviewed_on=today - datetime.timedelta(days=7))
    Country.objects.filter(pk=never.pk).update(last_reviewed_on=None)
    # The column and the model's rule agree.
    assert set(Country.objects.stale().filter(pk__in=[outdated.pk, recent.pk, never.pk])) == {outdated, never}

    client.force_login(coordinator)
    page = client.get(reverse("admin:countries_country_changelist"), {"q": "a"}).content.decode()
    rows = {
        country.name: re.search(rf"<tr>(?:(?!</tr>).)*>{country.name}</a>.*?</tr>", page, re.S).group(0)
        for country in (outdated, recent, never)
    }
    assert "Stale — reviewed 14 months ago" in rows["Albania"]
    assert ">Current<" in rows["Serbia"] and "Stale" not in rows["Serbia"]
    assert "Never reviewed" in rows["Malta"]
    for row in rows.values():
        assert "icon-yes" not in row and "icon-no" not in row  # no tick or cross for a state
    assert '<td class="field-iso_code">AL</td>' in rows["Albania"]
    assert "css/admin-freshness.css" in page


def test_mark_reviewed_action_records_who_and_when(client, coordinator):
    country = get_country()
    Country.objects.filter(pk=country.pk).update(last_reviewed_on=None, last_reviewed_by=None)
    versions = country.history.count()
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:countries_country_changelist"),
        {"action": "mark_reviewed", "_selected_action": [country.pk]},
    )

    assert response.status_code == 302
    country.refresh_from_db()
    assert country.last_reviewed_on == timezone.localdate()
    assert country.last_reviewed_by == coordinator
    assert country.history.count() == versions + 1


def test_scope_filter_splits_international_and_national_instruments(rf, coordinator):
    international = get_international_instrument()
    national = Instrument.objects.create(
        slug="test-national-law", short_name="Test Law", title="Test Law", kind="national_law", country=get_country()
    )

    result = changelist_queryset(InstrumentAdmin, Instrument, coordinator, rf, scope="international")
    assert international in result
    assert national not in result

    result = changelist_queryset(InstrumentAdmin, Instrument, coordinator, rf, scope="national")
    assert national in result
    assert international not in result

    national_article = Provision.objects.create(instrument=national, article="Art. 7")
    result = changelist_queryset(ProvisionAdmin, Provision, coordinator, rf, scope="national")
    assert national_article in result
    assert not result.filter(instrument=international).exists()


def test_answer_change_page_keeps_the_yes_no_rule(client, coordinator, records):
    """The admin form runs Answer.clean(): a yes/no question needs a value."""
    answer = records[Answer]
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:countries_answer_change", args=[answer.pk]),
        {"country": answer.country.pk, "question": answer.question.pk, "value": "", "details": "No value"},
    )
    assert response.status_code == 200
    assert "Choose a value for this yes/no question" in response.content.decode()


def test_coordinators_edit_an_instruments_parties_and_focal_points_read_them(client, coordinator, focal_point_a):
    pcc_see = Instrument.objects.get(slug="pcc-see")
    url = reverse("admin:countries_instrument_change", args=[pcc_see.pk])
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert 'name="parties-0-source_url"' in page
    client.force_login(focal_point_a)
    page = client.get(url).content.decode()
    assert "pccseesecretariat.si" in page
    assert 'name="parties-0-source_url"' not in page
    # Nor can a focal point change them through the party admin.
    party = pcc_see.parties.first()
    response = client.post(
        reverse("admin:countries_party_change", args=[party.pk]), {"source_url": "https://x.example.org/"}
    )
    assert response.status_code == 403
    party.refresh_from_db()
    assert party.source_url != "https://x.example.org/"
