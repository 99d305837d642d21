"""The coordinators' review dashboard at /admin/review/: coordinators only, a fixed query budget."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Authority, ContactPoint
from countries.models import Country, FocalPointAssignment
from countries.scope import COORDINATORS, FOCAL_POINTS

URL = "/admin/review/"
LONG_AGO = datetime.date(2001, 2, 3)


def _focal_point(username, *countries, last_login=None):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", is_staff=True, last_login=last_login
    )
    user.groups.add(Group.objects.get(name=FOCAL_POINTS))
    for country in countries:
        FocalPointAssignment.objects.create(user=user, country=country)
    return user


@pytest.fixture
def alba(focal_point_a):
    focal_point_a.groups.add(Group.objects.get(name=FOCAL_POINTS))
    return focal_point_a


@pytest.fixture
def data(albania, serbia, alba, coordinator):
    """Serbia reviewed today by the coordinator; Albania never reviewed, with stale contacts."""
    serbia.mark_reviewed(coordinator)
    authority = Authority.objects.create(country=albania, name="Sample Anti-Drug Police", kind="police")
    ContactPoint.objects.create(authority=authority, function="Never verified desk", phone="+442079460111")
    ContactPoint.objects.create(
        authority=authority, function="Old duty desk", phone="+442079460112", last_verified_on=LONG_AGO
    )
    ContactPoint.objects.create(
        authority=authority, function="Fresh desk", phone="+442079460113", last_verified_on=timezone.localdate()
    )
    _focal_point("recent", serbia, last_login=timezone.now())
    return authority


def test_coordinator_sees_review_ages_stale_contacts_and_inactive_focal_points(client, coordinator, data, alba):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    countries = response.context["countries"]
    # Never reviewed countries first (by name), the one reviewed today last.
    assert [country.last_reviewed_on for country in countries] == [None] * (len(countries) - 1) + [timezone.localdate()]
    assert [country.name for country in countries[:-1]] == sorted(country.name for country in countries[:-1])
    assert countries[-1].name == "Serbia"
    albania = next(country for country in response.context["countries"] if country.name == "Albania")
    assert albania.contact_counts == {"authority__country": albania.pk, "total": 3, "never_verified": 1, "outdated": 1}
    assert albania.focal_point_names == "alba"
    assert '<th scope="col">Last reviewed</th>' in page
    assert "charlie" in page  # Serbia's reviewer
    oldest = [contact.function for contact in response.context["oldest_contacts"]]
    assert oldest == ["Never verified desk", "Old duty desk"]
    assert "3 Feb 2001" in page
    inactive = [person.username for person in response.context["inactive_focal_points"]]
    assert inactive == ["alba"]  # never signed in; "recent" signed in today
    assert response.context["inactive_focal_points"][0].country_names == "Albania"


def test_focal_point_is_refused(client, alba):
    client.force_login(alba)
    assert client.get(URL).status_code == 403


def test_official_and_anonymous_are_sent_to_sign_in(client, official):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/admin/review/")
    client.force_login(official)
    assert client.get(URL)["Location"].startswith("/admin/login/")


def test_admin_index_links_to_the_dashboard_for_coordinators_only(client, coordinator, alba):
    client.force_login(coordinator)
    assert 'href="/admin/review/"' in client.get("/admin/").content.decode()
    client.force_login(alba)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'href="/admin/review/"' not in response.content.decode()


def _count(client):
    from django.core.cache import cache

    cache.clear()  # cold: the user and the sample-data banner are read from the database
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def coordinator_by_role(db):
    """A coordinator through the group (not a superuser), so that the permission queries count."""
    user = get_user_model().objects.create_user(username="cora", email="cora@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


def test_dashboard_runs_a_fixed_number_of_queries(client, coordinator_by_role, data, albania):
    coordinator = coordinator_by_role
    client.force_login(coordinator)
    small = _count(client)
    for n, country in enumerate(Country.objects.exclude(pk=albania.pk)[:20]):
        country.mark_reviewed(coordinator, today=LONG_AGO + datetime.timedelta(days=n))
        authority = Authority.objects.create(country=country, name=f"Sample Authority {n}", kind="customs")
        for m in range(4):
            ContactPoint.objects.create(authority=authority, function=f"Desk {m}", phone="+442079460114")
        _focal_point(f"person{n}", country, albania)
    large = _count(client)
    # session and user (the cache is cold), the user's groups (role check), the user's own and group
    # permissions (admin app list), countries (reviewer joined, focal points as a subquery),
    # contact point counts per country, the sample-data banner's four "exists" (no sample data
    # here), the 50 oldest stale contact points, inactive focal points (countries as a subquery),
    # pending access requests
    assert small == large == 14
