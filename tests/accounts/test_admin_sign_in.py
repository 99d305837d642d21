"""The admin's sign-in with HANDBOOK_REQUIRE_2FA on: username, password and one field for the
authenticator app's code; the account's authenticators are tried without a choice of device."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin_site import OneStepOTPAuthenticationForm
from tests.conftest import PASSWORD

CODE_LABEL = "6-digit code from your authenticator app"


@pytest.fixture
def require_2fa(settings):
    settings.HANDBOOK_REQUIRE_2FA = True


@pytest.fixture
def device(coordinator):
    return TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)


def _code(device):
    return f"{totp(device.bin_key):06d}"


def _sign_in(username, token, ip="203.0.113.30"):
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": username, "password": PASSWORD, "otp_token": token}, REMOTE_ADDR=ip
    )
    return client, response


def test_the_form_has_one_code_field_besides_username_and_password(rf):
    form = OneStepOTPAuthenticationForm(rf.get("/admin/login/"))
    assert list(form.fields) == ["username", "password", "otp_token"]
    assert form.fields["otp_token"].label == CODE_LABEL


def test_the_sign_in_page_asks_for_the_code_like_an_authenticator_prompt(db, client, require_2fa):
    page = client.get(reverse("admin:login")).content.decode()
    assert CODE_LABEL in page
    assert 'inputmode="numeric"' in page and 'autocomplete="one-time-code"' in page
    for stock in ["<select", "otp_device", "otp_challenge", "OTP Device", "OTP Token", "Get OTP Challenge"]:
        assert stock not in page


def test_a_valid_code_signs_in(require_2fa, coordinator, device):
    client, response = _sign_in(coordinator.username, _code(device))
    assert response.status_code == 302, response.content.decode()[:1500]
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_code_copied_with_its_space_signs_in(require_2fa, coordinator, device):
    code = _code(device)
    client, response = _sign_in(coordinator.username, f"{code[:3]} {code[3:]}")
    assert response.status_code == 302


def test_a_wrong_code_does_not_sign_in_and_counts_as_a_failure(require_2fa, coordinator, device):
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    client, response = _sign_in(coordinator.username, wrong)
    assert response.status_code == 200
    assert "six-digit code" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_no_code_does_not_sign_in(require_2fa, coordinator, device):
    client, response = _sign_in(coordinator.username, "")
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_an_account_without_an_authenticator_does_not_sign_in(require_2fa, coordinator):
    client, response = _sign_in(coordinator.username, "123456")
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_an_unconfirmed_authenticator_does_not_sign_in(require_2fa, coordinator):
    pending = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=False)
    client, response = _sign_in(coordinator.username, _code(pending))
    assert response.status_code == 200


def test_another_accounts_authenticator_does_not_sign_in(require_2fa, coordinator, focal_point_a):
    theirs = TOTPDevice.objects.create(user=focal_point_a, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    client, response = _sign_in(coordinator.username, _code(theirs))
    assert response.status_code == 200


def test_with_several_authenticators_the_code_of_any_signs_in_and_fails_none(require_2fa, coordinator):
    first = TOTPDevice.objects.create(user=coordinator, name="old phone", confirmed=True)
    second = TOTPDevice.objects.create(user=coordinator, name="new phone", confirmed=True)
    client, response = _sign_in(coordinator.username, _code(second))
    assert response.status_code == 302, response.content.decode()[:1500]
    first.refresh_from_db()
    second.refresh_from_db()
    # The first was tried and did not match: that is no failure of it.
    assert first.throttling_failure_count == 0 and first.throttling_failure_timestamp is None
    assert second.last_used_at is not None


def test_with_several_authenticators_a_wrong_code_throttles_each(require_2fa, coordinator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    first = TOTPDevice.objects.create(user=coordinator, name="old phone", confirmed=True)
    second = TOTPDevice.objects.create(user=coordinator, name="new phone", confirmed=True)
    wrong = next(
        f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in {_code(first), _code(second)}
    )  # neither app's current code
    _sign_in(coordinator.username, wrong)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.throttling_failure_count == second.throttling_failure_count == 1
    # Throttled, even the right code of either is refused until the delay has passed.
    client, response = _sign_in(coordinator.username, _code(second))
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302
