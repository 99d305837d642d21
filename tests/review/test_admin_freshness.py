"""Keeping entries current in the admin: no lost updates, review and verification stamps."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts.models import Authority, ContactPoint


@pytest.fixture
def contact(albania):
    authority = Authority.objects.create(country=albania, name="Police Directorate", kind="police")
    return ContactPoint.objects.create(authority=authority, function="Duty desk", email="desk@example.org")


def _open_form(client, url):
    """GET a change page and return its form data as a browser would submit it (the fields we use)."""
    page = client.get(url).content.decode()
    token = re.search(r'name="concurrency_token" value="([^"]*)"', page).group(1)
    return page, token


def _post(client, url, contact, token, **changes):
    data = {
        "authority": contact.authority_id,
        "function": contact.function,
        "email": contact.email,
        "visibility": contact.visibility,
        "concurrency_token": token,
        **changes,
    }
    return client.post(url, data)


def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(contact, focal_point_a, coordinator):
    url = reverse("admin:contacts_contactpoint_change", args=[contact.pk])
    first, second = Client(), Client()
    first.force_login(focal_point_a)
    second.force_login(coordinator)
    _, first_token = _open_form(first, url)
    _, second_token = _open_form(second, url)

    assert _post(first, url, contact, first_token, function="24/7 duty desk").status_code == 302
    response = _post(second, url, contact, second_token, function="Night desk")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this record" in page
    assert 'value="Night desk"' in page  # the second person's input stays on the form
    contact.refresh_from_db()
    assert contact.function == "24/7 duty desk"  # the database holds the first edit only

    # Saving again from the refused form is a deliberate overwrite.
    new_token = re.search(r'name="concurrency_token" value="([^"]*)"', page).group(1)
    assert new_token != second_token
    assert _post(second, url, contact, new_token, function="Night desk").status_code == 302
    contact.refresh_from_db()
    assert contact.function == "Night desk"


def test_a_form_without_its_token_is_refused(contact, coordinator, client):
    client.force_login(coordinator)
    url = reverse("admin:contacts_contactpoint_change", args=[contact.pk])
    response = _post(client, url, contact, "", function="Changed")
    assert response.status_code == 200 and "Someone else saved this record" in response.content.decode()
    contact.refresh_from_db()
    assert contact.function == "Duty desk"


def test_mark_as_reviewed_button(client, albania, serbia, focal_point_a):
    client.force_login(focal_point_a)
    page = client.get(reverse("admin:countries_country_change", args=[albania.pk])).content.decode()
    assert "Mark as reviewed" in page
    url = reverse("admin:countries_country_mark_reviewed", args=[albania.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    albania.refresh_from_db()
    assert albania.last_reviewed_on == timezone.localdate()
    assert albania.last_reviewed_by == focal_point_a
    assert albania.history.first().last_reviewed_by_id == focal_point_a.pk
    # Another country's button does not exist for this focal point.
    assert client.post(reverse("admin:countries_country_mark_reviewed", args=[serbia.pk])).status_code == 404
    serbia.refresh_from_db()
    assert serbia.last_reviewed_by is None


def test_verified_checkbox_stamps_date_and_user(client, contact, focal_point_a):
    client.force_login(focal_point_a)
    url = reverse("admin:contacts_contactpoint_change", args=[contact.pk])
    _, token = _open_form(client, url)
    assert _post(client, url, contact, token, verified_now="on").status_code == 302
    contact.refresh_from_db()
    assert (contact.last_verified_on, contact.last_verified_by) == (timezone.localdate(), focal_point_a)


def test_mark_verified_action_stays_within_scope(client, contact, serbia, focal_point_a):
    authority = Authority.objects.create(country=serbia, name="Serbian police", kind="police")
    foreign = ContactPoint.objects.create(authority=authority, function="Desk", email="rs@example.org")
    client.force_login(focal_point_a)
    client.post(
        reverse("admin:contacts_contactpoint_changelist"),
        {"action": "mark_verified", "_selected_action": [contact.pk, foreign.pk]},
    )
    contact.refresh_from_db()
    foreign.refresh_from_db()
    assert contact.last_verified_on == timezone.localdate()
    assert foreign.last_verified_on is None
