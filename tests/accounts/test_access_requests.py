"""Accounts are issued: an official asks, a coordinator approves or rejects, the official sets a
password through the emailed link."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccessRequest
from countries.scope import OFFICIALS

FORM = {
    "name": "Ana Example",
    "organization": "Sample Drug Police",
    "email": "Ana.Example@example.org",
    "reason": "I prepare controlled deliveries with neighbouring countries.",
}


@pytest.fixture
def form_data(albania):
    return {**FORM, "country": albania.pk}


def _request(client, data, ip="192.0.2.1"):
    return client.post(reverse("access-request"), data, REMOTE_ADDR=ip)


def _decide(client, coordinator, access_request, action):
    client.force_login(coordinator)
    return client.post(
        reverse("admin:accounts_accessrequest_changelist"),
        {"action": action, "_selected_action": [access_request.pk]},
    )


def test_request_approve_and_set_password(client, form_data, coordinator):
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    response = _request(client, form_data)
    assert response.status_code == 302 and response["Location"] == reverse("access-request-sent")
    access_request = AccessRequest.objects.get()
    assert (access_request.status, access_request.email) == ("pending", "ana.example@example.org")
    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]  # coordinators are told

    # A second request for the same address is answered as the first (nothing tells the sender
    # that a request waits) and adds nothing to decide on.
    response = _request(client, form_data)
    assert response.status_code == 302 and response["Location"] == reverse("access-request-sent")
    assert AccessRequest.objects.count() == 1

    # The pending request shows on the coordinator's dashboard.
    admin = Client()
    admin.force_login(coordinator)
    assert "Ana Example" in admin.get(reverse("review-dashboard")).content.decode()

    mail.outbox.clear()
    _decide(admin, coordinator, access_request, "approve")
    access_request.refresh_from_db()
    user = access_request.account
    assert access_request.status == "approved" and access_request.decided_by == coordinator
    assert list(user.groups.values_list("name", flat=True)) == [OFFICIALS]
    assert not user.is_staff and not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana.example@example.org"]

    # The link in the email sets the password, once.
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    official = Client()
    response = official.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = official.post(
        form_url, {"new_password1": "a long and new passphrase", "new_password2": "a long and new passphrase"}
    )
    assert response.status_code == 302
    response = official.post(
        reverse("login"), {"username": user.username, "password": "a long and new passphrase"}, REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 302
    reused = Client().get("/" + path, follow=True).content.decode()
    assert "no longer valid" in reused


def test_reject_sends_one_note_and_creates_no_account(client, form_data, coordinator):
    _request(client, form_data)
    access_request = AccessRequest.objects.get()
    mail.outbox.clear()
    users_before = get_user_model().objects.count()
    _decide(client, coordinator, access_request, "reject")
    access_request.refresh_from_db()
    assert access_request.status == "rejected"
    assert get_user_model().objects.count() == users_before
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana.example@example.org"]
    assert "could not be approved" in mail.outbox[0].body


def test_a_decided_request_is_not_decided_again(client, form_data, coordinator):
    _request(client, form_data)
    access_request = AccessRequest.objects.get()
    _decide(client, coordinator, access_request, "reject")
    mail.outbox.clear()
    _decide(client, coordinator, access_request, "approve")
    access_request.refresh_from_db()
    assert access_request.status == "rejected" and access_request.account is None
    assert mail.outbox == []


def test_bad_input_gets_clear_errors(client, form_data):
    response = _request(client, {**form_data, "email": "not an address", "name": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in page and "This field is required." in page
    assert _request(client, {**form_data, "country": "999999"}).status_code == 200
    assert AccessRequest.objects.count() == 0


def test_every_sender_is_pointed_to_password_reset_without_saying_whether_the_address_has_an_account(
    client, form_data, official
):
    response = _request(client, {**form_data, "email": official.email}, ip="192.0.2.20")
    page = client.get(response["Location"]).content.decode()
    assert "Forgotten your password?" in page and reverse("password_reset") in page


def test_floods_are_rate_limited_per_address_and_per_email(client, form_data, settings):
    settings.HANDBOOK_ACCESS_REQUESTS_PER_IP_PER_HOUR = 3
    settings.HANDBOOK_ACCESS_REQUESTS_PER_EMAIL_PER_DAY = 2
    for n in range(3):
        assert _request(client, {**form_data, "email": f"person{n}@example.org"}, ip="192.0.2.50").status_code == 302
    response = _request(client, {**form_data, "email": "person9@example.org"}, ip="192.0.2.50")
    assert response.status_code == 429 and "Try again in an hour" in response.content.decode()
    # Per email, from changing addresses.
    assert _request(client, {**form_data, "email": "x@example.org"}, ip="192.0.2.60").status_code == 302
    _request(client, {**form_data, "email": "x@example.org"}, ip="192.0.2.61")  # duplicate, refused as such
    response = _request(client, {**form_data, "email": "x@example.org"}, ip="192.0.2.62")
    assert response.status_code == 429
    assert AccessRequest.objects.count() == 4


def test_signed_in_users_do_not_see_the_form(client, official):
    client.force_login(official)
    assert client.get(reverse("access-request")).status_code == 302


def _answer(client, data, ip):
    response = _request(client, data, ip=ip)
    return response.status_code, response.get("Location"), response.content


def test_the_form_answers_alike_for_a_known_and_an_unknown_address(client, form_data, official, albania):
    official.email = "olivia@example.org"
    official.save()
    unknown = _answer(client, {**form_data, "email": "nobody@example.org"}, ip="192.0.2.10")
    known = _answer(client, {**form_data, "email": "Olivia@example.org"}, ip="192.0.2.11")
    waiting = _answer(client, {**form_data, "email": "nobody@example.org"}, ip="192.0.2.12")

    assert unknown == known == waiting == (302, reverse("access-request-sent"), b"")


def test_the_coordinator_sees_that_an_address_has_an_account_and_cannot_approve_a_second(
    client, form_data, official, coordinator
):
    official.email = "olivia@example.org"
    official.save()
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    _request(client, {**form_data, "email": "olivia@example.org"})
    access_request = AccessRequest.objects.get()

    assert access_request.existing_account == official
    assert official.get_username() in mail.outbox[0].body  # the coordinators' notice says so

    admin = Client()
    admin.force_login(coordinator)
    changelist = admin.get(reverse("admin:accounts_accessrequest_changelist")).content.decode()
    assert official.get_username() in changelist

    response = _decide(admin, coordinator, access_request, "approve")
    access_request.refresh_from_db()
    assert access_request.status == "pending"
    assert get_user_model().objects.filter(email__iexact="olivia@example.org").count() == 1
    assert "already has an account" in admin.get(response["Location"]).content.decode()


def test_password_reset_sends_at_most_a_few_emails_per_address_and_answers_alike(client, official, settings):
    settings.HANDBOOK_PASSWORD_RESETS_PER_EMAIL_PER_HOUR = 3
    official.email = "olivia@example.org"
    official.save()

    answers = {
        client.post(reverse("password_reset"), {"email": "olivia@example.org"}, REMOTE_ADDR=f"192.0.2.{n}")["Location"]
        for n in range(12)
    }

    assert answers == {reverse("password_reset_done")}
    assert len(mail.outbox) == 3


def test_password_reset_floods_from_one_client_are_refused(client, db, settings):
    settings.HANDBOOK_PASSWORD_RESETS_PER_IP_PER_HOUR = 5
    statuses = [
        client.post(reverse("password_reset"), {"email": f"x{n}@example.org"}, REMOTE_ADDR="192.0.2.99").status_code
        for n in range(7)
    ]
    assert statuses == [302] * 5 + [429] * 2


def test_the_requests_list_finds_existing_accounts_in_its_own_query(
    client, form_data, coordinator, django_assert_num_queries
):
    client.force_login(coordinator)
    url = reverse("admin:accounts_accessrequest_changelist")
    fields = {**FORM, "country_id": form_data["country"]}
    AccessRequest.objects.create(**{**fields, "email": "a1@example.org"})
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(2, 6):
        AccessRequest.objects.create(**{**fields, "email": f"a{n}@example.org"})
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)
