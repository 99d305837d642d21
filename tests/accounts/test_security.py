"""Doors an attacker would try: lockout, second factor, CSRF, open redirects, stored markup,
session fixation, headers and error pages."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import enrolment
from contacts.models import Authority, ContactPoint
from countries.models import Answer, Instrument, Provision, Question
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"


def _login(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


# Lockout --------------------------------------------------------------------------------------------


def test_five_failures_lock_the_username_and_address_out(client, official):
    for _ in range(4):
        assert _login(client, official.username, "wrong-password").status_code == 200
    assert _login(client, official.username, "wrong-password").status_code == 429  # the fifth locks
    locked = _login(client, official.username, PASSWORD)
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(official, focal_point_a):
    attacker = Client()
    for _ in range(5):
        _login(attacker, official.username, "wrong-password", ip="203.0.113.7")
    # The same person from another address, and another person from the attacker's address.
    assert _login(Client(), official.username, PASSWORD, ip="198.51.100.20").status_code == 302
    assert _login(Client(), focal_point_a.username, PASSWORD, ip="203.0.113.7").status_code == 302


def test_four_failures_do_not_lock_out(client, official):
    for _ in range(4):
        _login(client, official.username, "wrong-password")
    assert _login(client, official.username, PASSWORD).status_code == 302


def test_client_address_behind_a_proxy(rf, settings):
    from accounts.throttling import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    assert client_ip(request) == "10.0.0.2"  # no proxy configured: the header is not trusted
    settings.HANDBOOK_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.9"  # the address our proxy saw, not what the client wrote


# Second factor --------------------------------------------------------------------------------------


@pytest.fixture
def require_2fa(settings):
    settings.HANDBOOK_REQUIRE_2FA = True


@pytest.fixture
def device(coordinator):
    return TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)


def _code(device, drift=0):
    return f"{totp(device.bin_key, drift=drift):06d}"


def test_staff_without_a_verified_device_cannot_reach_the_admin(client, require_2fa, coordinator, albania):
    client.force_login(coordinator)
    for url in [reverse("admin:index"), reverse("admin:countries_country_change", args=[albania.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), url


def test_a_valid_code_opens_the_admin_and_a_replayed_code_is_refused(require_2fa, coordinator, device, albania):
    code = _code(device)
    first = Client()
    response = first.post(
        reverse("admin:login"),
        {"username": coordinator.username, "password": PASSWORD, "otp_device": device.persistent_id, "otp_token": code},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert first.get(reverse("admin:countries_country_change", args=[albania.pk])).status_code == 200

    replay = Client()
    response = replay.post(
        reverse("admin:login"),
        {"username": coordinator.username, "password": PASSWORD, "otp_device": device.persistent_id, "otp_token": code},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200  # the form again, with an error
    assert replay.get(reverse("admin:index")).status_code == 302


def test_the_admin_signs_in_with_password_and_code_in_one_step_without_choosing_a_device(
    require_2fa, coordinator, device
):
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": coordinator.username, "password": PASSWORD, "otp_token": _code(device)},
        REMOTE_ADDR="203.0.113.11",
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert client.get(reverse("admin:index")).status_code == 200


def _admin_sign_in_page(username, password, token, ip):
    response = Client().post(
        reverse("admin:login"), {"username": username, "password": password, "otp_token": token}, REMOTE_ADDR=ip
    )
    assert response.status_code == 200
    # The page as a whole, less its CSRF token and the values sent back in its fields.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r' value="[^"]*"', "", page.replace(username, ""))


def test_the_admin_sign_in_does_not_tell_whether_the_password_was_right(require_2fa, coordinator, device):
    wrong_password = _admin_sign_in_page(coordinator.username, "not-the-password", "123456", "203.0.113.12")
    right_password_wrong_code = _admin_sign_in_page(coordinator.username, PASSWORD, "123456", "203.0.113.13")
    right_password_no_code = _admin_sign_in_page(coordinator.username, PASSWORD, "", "203.0.113.14")

    assert wrong_password == right_password_wrong_code == right_password_no_code
    assert "six-digit code" in wrong_password and device.name not in wrong_password


def test_wrong_codes_are_throttled(require_2fa, coordinator, device, settings):
    # A delay that a slow machine cannot outlast between the two requests (production: 1 s, doubling).
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    client = Client()
    data = {"username": coordinator.username, "password": PASSWORD, "otp_device": device.persistent_id}
    client.post(reverse("admin:login"), {**data, "otp_token": "000000"}, REMOTE_ADDR="203.0.113.10")
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # Even the right code is refused while the throttle delay runs.
    response = client.post(reverse("admin:login"), {**data, "otp_token": _code(device)}, REMOTE_ADDR="203.0.113.10")
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def _enrolment_link_from_mail():
    link = re.search(r"https?://\S+/accounts/two-factor/enrol/\S+/", mail.outbox[-1].body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_enrolment_goes_through_the_emailed_link_and_confirms_a_device_with_a_first_code(
    client, require_2fa, focal_point_a
):
    focal_point_a.email = "fiona@example.org"
    focal_point_a.save()
    client.force_login(focal_point_a)
    page = client.get(reverse("two-factor")).content.decode()
    assert "Send me the link" in page and "Six-digit code" not in page

    assert client.post(reverse("two-factor")).status_code == 302
    assert mail.outbox[-1].to == ["fiona@example.org"]
    assert client.get(_enrolment_link_from_mail()).status_code == 302

    page = client.get(reverse("two-factor"))
    assert page.status_code == 200 and "Six-digit code" in page.content.decode()
    qr = client.get(reverse("two-factor-qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    device = TOTPDevice.objects.get(user=focal_point_a)
    assert not device.confirmed
    assert client.post(reverse("two-factor"), {"token": "123"}).status_code == 200
    response = client.post(reverse("two-factor"), {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200  # verified in this session
    assert "added to your handbook account" in mail.outbox[-1].subject  # the owner is told


def test_a_password_alone_binds_no_authenticator(client, require_2fa, focal_point_a):
    focal_point_a.email = ""
    focal_point_a.save()
    client.force_login(focal_point_a)  # what a stolen password gives
    client.get(reverse("two-factor"))
    assert client.get(reverse("two-factor-qr")).status_code == 403
    response = client.post(reverse("two-factor"), {"token": "123456"})
    assert response.status_code == 200 and "has no email address" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=focal_point_a, confirmed=True).exists()
    forged = enrolment.make_token(focal_point_a)[:-3] + "abc"
    client.get(reverse("two-factor-enrol", args=[forged]))
    assert client.get(reverse("two-factor-qr")).status_code == 403


def test_an_enrolment_link_works_once_for_its_own_account_and_expires(
    client, require_2fa, focal_point_a, coordinator, settings
):
    token = enrolment.make_token(focal_point_a)
    assert enrolment.is_valid(token, focal_point_a)
    assert not enrolment.is_valid(token, coordinator)

    device = TOTPDevice.objects.create(user=focal_point_a, name="phone", confirmed=True)
    assert not enrolment.is_valid(token, focal_point_a)  # used: an authenticator is bound
    device.delete()
    assert "removed from your handbook account" in mail.outbox[-1].subject

    settings.HANDBOOK_ENROLMENT_LINK_HOURS = 0
    stale = enrolment.make_token(focal_point_a)
    time.sleep(1.1)
    assert not enrolment.is_valid(stale, focal_point_a)


def test_officials_have_no_enrolment_page(client, official):
    client.force_login(official)
    assert client.get(reverse("two-factor")).status_code == 403


def test_grant_totp_prints_a_provisioning_uri(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("grant", "first", "--role", "coordinator", "--email", "first@example.org", "--totp", stdout=out)
    assert "otpauth://totp/" in out.getvalue()
    assert TOTPDevice.objects.get(user__username="first").confirmed


# CSRF, redirects, session -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [LOGIN, "/accounts/logout/", "/accounts/request/", "/accounts/password_reset/", "/accounts/password_change/"],
)
def test_posts_without_a_csrf_token_are_refused(url, official):
    client = Client(enforce_csrf_checks=True)
    client.force_login(official)
    response = client.post(url, {"username": "x", "password": "y", "email": "a@example.org"})
    assert response.status_code == 403
    assert "security token" in response.content.decode()


def test_admin_change_without_a_csrf_token_changes_nothing(coordinator, albania):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    url = reverse("admin:countries_country_change", args=[albania.pk])
    assert client.post(url, {"summary": "Changed"}).status_code == 403
    albania.refresh_from_db()
    assert albania.summary == ""


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "https:evil.example", "javascript:alert(1)"],
)
def test_sign_in_never_redirects_off_site(client, official, next_url):
    response = client.post(
        LOGIN, {"username": official.username, "password": PASSWORD, "next": next_url}, REMOTE_ADDR="203.0.113.11"
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_sign_in_follows_a_local_next(client, official):
    response = client.post(
        LOGIN,
        {"username": official.username, "password": PASSWORD, "next": "/contacts/?country=AL"},
        REMOTE_ADDR="203.0.113.12",
    )
    assert response["Location"] == "/contacts/?country=AL"


def test_session_key_changes_at_sign_in(client, official):
    client.get(LOGIN)
    session = client.session
    session["planted"] = "by an attacker"
    session.save()
    fixated = session.session_key
    client.cookies["sessionid"] = fixated
    _login(client, official.username, PASSWORD, ip="203.0.113.13")
    assert client.session.session_key != fixated
    assert client.cookies["sessionid"].value != fixated


# Stored markup ---------------------------------------------------------------------------------------

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_in_every_free_text_field_is_escaped_on_public_pages(client, albania, official):
    albania.summary = PAYLOAD
    albania.save()
    authority = Authority.objects.create(
        country=albania, name=PAYLOAD, kind="police", address=PAYLOAD, notes=PAYLOAD, is_24_7=True
    )
    ContactPoint.objects.create(
        authority=authority,
        function=PAYLOAD,
        person_name=PAYLOAD,
        hours=PAYLOAD,
        email="x@example.org",
        visibility="public",
    )
    for question in Question.objects.all():
        Answer.objects.create(
            country=albania, question=question, value="yes" if question.has_value else "", details=PAYLOAD
        )
    law = Instrument.objects.create(
        country=albania, slug="law-x", short_name=PAYLOAD, title=PAYLOAD, kind="national_law"
    )
    Provision.objects.create(instrument=law, article=PAYLOAD[:60], title=PAYLOAD, summary=PAYLOAD, excerpt=PAYLOAD)

    pages = [
        "/",
        "/countries/",
        "/countries/albania/",
        "/countries/albania/print/",
        "/contacts/",
        "/legislation/",
        "/search/?q=alert",
        "/changes/",
        "/changes/feed/",
        "/compare/?c=AL&c=RS",
        "/route/?c=AL&c=RS",
        "/route/print/?c=AL&c=RS",
        "/organizations/osce/",
    ]
    for signed_in in (False, True):
        if signed_in:
            client.force_login(official)
        for url in pages:
            content = client.get(url).content.decode()
            assert "<script>alert" not in content, url
            assert "<img src=x" not in content, url
    assert "&lt;script&gt;alert" in client.get("/countries/albania/").content.decode()
    # Exports carry the text as data, with formula-like cells neutralised (see tests/contacts).
    for url in ["/countries/albania/contacts.csv", "/countries/albania/contacts.vcf", "/route/contacts.csv?c=AL"]:
        response = client.get(url)
        assert response.status_code == 200, url


# Headers and error pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/countries/", "/countries/albania/", "/contacts/", "/legislation/", "/search/?q=x", "/admin/login/"]
)
def test_pages_carry_a_strict_content_security_policy(client, db, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_deploy_check_is_clean_with_production_settings():
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    environment.update(DEBUG="0", SECRET_KEY="k" * 20 + "Xy7-" * 10 + "z" * 15, ALLOWED_HOSTS="handbook.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    warnings = [line for line in output.splitlines() if "(security." in line]
    assert [w.split(")")[0] for w in warnings] == ["?: (security.W021"], output


def test_not_found_page_is_in_the_site_layout(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "This page does not exist" in page and "site-header" in page


def test_server_error_page_reveals_nothing(rf, db):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "Traceback" not in page and "settings" not in page.lower()
