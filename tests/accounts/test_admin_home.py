"""The admin's home tells a focal point what waits in their countries, and nothing of the others."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.admin_index import LIMIT, focal_point_home
from contacts.models import Authority, ContactPoint
from countries.models import Country


def _months_ago(months):
    today = timezone.localdate()
    year, month = divmod(today.month - 1 - months, 12)
    return datetime.date(today.year + year, month + 1, min(today.day, 28))


@pytest.fixture
def stale_albania(albania, serbia, settings):
    """Albania (focal point A's) and Serbia (focal point B's), each with stale and current entries."""
    settings.HANDBOOK_STALE_AFTER_MONTHS = 12
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    Country.objects.filter(pk=albania.pk).update(last_reviewed_on=_months_ago(14))
    Country.objects.filter(pk=serbia.pk).update(last_reviewed_on=None)
    police = Authority.objects.create(
        country=albania, name="Sample State Police", kind="police", last_verified_on=_months_ago(20)
    )
    Authority.objects.create(country=albania, name="Sample Customs", kind="customs", last_verified_on=last_week)
    ContactPoint.objects.create(authority=police, function="Sample duty desk", email="duty@example.org")
    ContactPoint.objects.create(
        authority=police, function="Sample night desk", email="night@example.org", last_verified_on=last_week
    )
    serbian = Authority.objects.create(country=serbia, name="Sample Serbian Police", kind="police")
    ContactPoint.objects.create(authority=serbian, function="Sample Serbian desk", email="desk@example.org")
    return albania


def _stale_module(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    module = re.search(r'<div class="module stale-entries".*?</div>', page, re.S)
    return module.group(0) if module else None


def test_the_focal_points_home_lists_their_stale_entries_oldest_first(client, focal_point_a, stale_albania):
    module = _stale_module(client, focal_point_a)
    assert module is not None
    entries = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a>', module.split("<caption>")[1])
    # Never verified first, then the oldest date.
    assert [name for _url, name in entries] == ["Sample duty desk", "Sample State Police", "Albania"]
    duty_desk = ContactPoint.objects.get(function="Sample duty desk")
    police = Authority.objects.get(name="Sample State Police")
    assert [url for url, _name in entries] == [
        reverse("admin:contacts_contactpoint_change", args=[duty_desk.pk]),
        reverse("admin:contacts_authority_change", args=[police.pk]),
        reverse("admin:countries_country_change", args=[stale_albania.pk]),
    ]
    assert "Never verified" in module
    assert "Stale — verified 20 months ago" in module
    assert "Stale — reviewed 14 months ago" in module
    # Current entries are not listed; the full lists are linked, filtered to what is stale.
    assert "Sample Customs" not in module and "Sample night desk" not in module
    assert reverse("admin:contacts_contactpoint_changelist") + "?verification=stale" in module


def test_the_focal_points_home_shows_nothing_of_another_country(client, focal_point_a, focal_point_b, stale_albania):
    module = _stale_module(client, focal_point_a)
    assert "Serbia" not in module and "Sample Serbian" not in module

    module = _stale_module(client, focal_point_b)
    assert "Albania" not in module and "Sample State Police" not in module and "Sample duty desk" not in module
    assert "Sample Serbian Police" in module and "Sample Serbian desk" in module and "Never reviewed" in module


def test_the_list_is_cut_at_the_limit_and_says_so(client, focal_point_a, stale_albania):
    police = Authority.objects.get(name="Sample State Police")
    ContactPoint.objects.bulk_create(
        ContactPoint(authority=police, function=f"Sample desk {n:02d}", email="desk@example.org")
        for n in range(LIMIT + 5)
    )
    module = _stale_module(client, focal_point_a)
    listed = re.findall(r'<th scope="row"><a href="[^"]+">', module.split("<caption>")[1])
    assert len(listed) == LIMIT
    total = 1 + 1 + 1 + LIMIT + 5  # Albania's review, the police, the duty desk and the new desks
    assert f"The {LIMIT} oldest of {total} stale entries are shown." in module


def test_a_current_country_says_so(client, focal_point_a, albania):
    Country.objects.filter(pk=albania.pk).update(last_reviewed_on=timezone.localdate())
    module = _stale_module(client, focal_point_a)
    assert "Everything in your countries is current." in module and "Current" in module


def test_a_coordinator_keeps_the_review_dashboards_module(client, coordinator, stale_albania):
    client.force_login(coordinator)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="review-dashboard-module"' in page and "stale-entries" not in page


def test_the_list_takes_a_fixed_number_of_queries(django_assert_num_queries, stale_albania, serbia):
    # The countries; stale authorities and contact points counted per country; the oldest of each.
    with django_assert_num_queries(5):
        home = focal_point_home({stale_albania.pk, serbia.pk})
    assert home.total == 3 + 3  # each country's review, police and desk
    assert len(home.entries) == 6
