"""The contacts admin: every page answers for a coordinator, the verification filter selects what
`ContactPoint.objects.stale()` selects, and the lists run a constant number of queries.

The rows are made with get_or_create, so the tests pass with or without the reference data.
"""

import datetime
import json

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from contacts.admin import AuthorityAdmin, ContactPointAdmin
from contacts.models import Authority, Channel, ContactPoint
from countries.models import Organization
from tests.admin_pages import admin_page_tests
from tests.countries.test_admin import _months_ago, changelist_queryset, get_country


def get_organization():
    organization, _created = Organization.objects.get_or_create(
        slug="test-organization",
        defaults={"acronym": "TESTORG", "name": "Test Organization", "kind": "intergovernmental"},
    )
    return organization


@pytest.fixture
def authority(db):
    return Authority.objects.create(country=get_country(), name="Sample Police Directorate", kind="police")


@pytest.fixture
def records(authority):
    """One row of every model of the app."""
    channel, _created = Channel.objects.get_or_create(slug="test-channel", defaults={"name": "Test channel"})
    authority.channels.add(channel)
    contact_point = ContactPoint.objects.create(authority=authority, function="Duty desk", phone="+442079460123")
    return {Channel: channel, Authority: authority, ContactPoint: contact_point}


test_every_model_is_registered, test_admin_page_answers, test_changelist_search_answers = admin_page_tests(
    "contacts", search_term="sample"
)


def test_verification_filter_splits_stale_and_verified_contact_points(rf, coordinator, authority):
    today = timezone.localdate()
    verified = ContactPoint.objects.create(
        authority=authority, function="Verified desk", phone="+442079460123", last_verified_on=today
    )
    outdated = ContactPoint.objects.create(
        authority=authority,
        function="Outdated desk",
        phone="+442079460124",
        last_verified_on=today - datetime.timedelta(days=800),
    )
    never = ContactPoint.objects.create(authority=authority, function="Unverified desk", email="desk@example.org")

    stale = changelist_queryset(ContactPointAdmin, ContactPoint, coordinator, rf, verification="stale")
    assert set(stale) == {outdated, never}

    current = changelist_queryset(ContactPointAdmin, ContactPoint, coordinator, rf, verification="current")
    assert list(current) == [verified]

    everything = changelist_queryset(ContactPointAdmin, ContactPoint, coordinator, rf)
    assert set(everything) == {verified, outdated, never}


def test_verification_filter_on_authorities(rf, coordinator, authority):
    verified = Authority.objects.create(
        country=authority.country, name="Sample Customs", kind="customs", last_verified_on=timezone.localdate()
    )
    stale = changelist_queryset(AuthorityAdmin, Authority, coordinator, rf, verification="stale")
    assert authority in stale
    assert verified not in stale


def test_owner_column_shows_country_or_organization(authority):
    body = Authority.objects.create(organization=get_organization(), name="Sample Operational Centre", kind="liaison")
    contact_point = ContactPoint(authority=body, function="Operations room", phone="+442079460125")

    assert AuthorityAdmin(Authority, admin.site).owner(authority) == authority.country
    assert AuthorityAdmin(Authority, admin.site).owner(body) == body.organization
    assert ContactPointAdmin(ContactPoint, admin.site).owner(contact_point) == body.organization


def _changelist_queries(client, url):
    # A first request refills what the site caches per data version (any save makes a new one),
    # so that the second one counts the changelist's own queries.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", [Authority, ContactPoint], ids=lambda model: model._meta.model_name)
def test_changelist_queries_do_not_grow_with_rows(client, coordinator, records, model):
    """list_select_related loads each row's owner in the list query itself."""
    client.force_login(coordinator)
    url = reverse(f"admin:contacts_{model._meta.model_name}_changelist")
    before = _changelist_queries(client, url)

    for number, owner in enumerate([{"country": get_country("RS", "Serbia")}, {"organization": get_organization()}]):
        authority = Authority.objects.create(name=f"Sample Authority {number}", kind="police", **owner)
        ContactPoint.objects.create(authority=authority, function="Duty desk", phone=f"+44207946012{number}")

    assert _changelist_queries(client, url) == before


def _authority_autocomplete(client, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "contacts", "model_name": "contactpoint", "field_name": "authority", "term": term},
    )
    assert response.status_code == 200
    return json.loads(response.content)["results"]


def test_authority_autocomplete_finds_authorities(client, coordinator, authority):
    client.force_login(coordinator)
    results = _authority_autocomplete(client, "Police")
    assert {"id": str(authority.pk), "text": f"{authority.name} ({authority.country.name})"} in results


def test_authority_autocomplete_tells_namesakes_apart_by_owner(client, coordinator):
    albanian = Authority.objects.create(country=get_country(), name="Police Directorate", kind="police")
    serbian = Authority.objects.create(country=get_country("RS", "Serbia"), name="Police Directorate", kind="police")
    body = Authority.objects.create(organization=get_organization(), name="Police Directorate", kind="liaison")
    client.force_login(coordinator)

    results = _authority_autocomplete(client, "Police Directorate")
    assert {"id": str(albanian.pk), "text": "Police Directorate (Albania)"} in results
    assert {"id": str(serbian.pk), "text": "Police Directorate (Serbia)"} in results
    assert {"id": str(body.pk), "text": "Police Directorate (TESTORG)"} in results


def test_authority_autocomplete_queries_do_not_grow_with_rows(client, coordinator, authority):
    """The owner is joined in the search query: the name's country costs no query per row."""
    client.force_login(coordinator)
    _authority_autocomplete(client, "Sample")  # fills what the site caches per request and data version
    with CaptureQueriesContext(connection) as queries:
        _authority_autocomplete(client, "Sample")
    before = len(queries)

    for number, owner in enumerate([{"country": get_country("RS", "Serbia")}, {"organization": get_organization()}]):
        Authority.objects.create(name=f"Sample Authority {number}", kind="police", **owner)
    _authority_autocomplete(client, "Sample")
    with CaptureQueriesContext(connection) as queries:
        results = _authority_autocomplete(client, "Sample")
    assert len(results) == 3
    assert len(queries) == before


def test_contact_point_list_shows_the_authoritys_owner_without_extra_queries(client, coordinator, records):
    """The list's authority column names the owner, from the rows the list query already joins."""
    client.force_login(coordinator)
    url = reverse("admin:contacts_contactpoint_changelist")
    before = _changelist_queries(client, url)
    serbian = Authority.objects.create(country=get_country("RS", "Serbia"), name="Police Directorate", kind="police")
    ContactPoint.objects.create(authority=serbian, function="Duty desk", phone="+442079460127")

    assert _changelist_queries(client, url) == before
    assertContains(client.get(url), "Police Directorate (Serbia)")


def test_contact_point_inline_saves_with_the_authority(client, coordinator, authority):
    client.force_login(coordinator)
    prefix = "contact_points"
    response = client.post(
        reverse("admin:contacts_authority_change", args=[authority.pk]),
        {
            "name": authority.name,
            "kind": authority.kind,
            "country": authority.country.pk,
            # The change form carries the record's version as it was opened (lost-update guard).
            "concurrency_token": authority.updated_at.isoformat(),
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-function": "Night desk",
            f"{prefix}-0-phone": "+442079460126",
            f"{prefix}-0-visibility": "officials",
        },
    )
    assert response.status_code == 302
    assert authority.contact_points.get().function == "Night desk"


@pytest.mark.parametrize(
    ("model_admin_class", "model"), [(AuthorityAdmin, Authority), (ContactPointAdmin, ContactPoint)]
)
def test_the_last_verified_column_warns_at_the_date(settings, records, model_admin_class, model):
    """A contact verified 14 months ago shows its date with the warning beside it, one verified last
    week its date alone, one never verified says so: the list never shows a stale date plainly."""
    settings.HANDBOOK_STALE_AFTER_MONTHS = 12
    model_admin = model_admin_class(model, admin.site)
    assert "verification" in model_admin.list_display and "last_verified_on" not in model_admin.list_display
    record = records[model]
    today = timezone.localdate()

    record.last_verified_on = _months_ago(today, 14)
    column = model_admin.verification(record)
    assert record.last_verified_on.isoformat() in column
    assert "Stale — verified 14 months ago" in column and 'class="freshness freshness--stale"' in column

    record.last_verified_on = today - datetime.timedelta(days=7)
    assert model_admin.verification(record) == record.last_verified_on.isoformat()

    record.last_verified_on = None
    assert "Never verified" in model_admin.verification(record)
