"""A staff member enrols an authenticator app in a real browser: the QR code is drawn (a browser
draws an SVG file only with its XML namespace), the Content Security Policy lets it through, and
the first code from the app opens the admin, which then signs in with one code field."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts import enrolment
from tests.conftest import PASSWORD


@pytest.fixture
def require_2fa(settings):
    settings.HANDBOOK_REQUIRE_2FA = True


def _code(device, drift=0):
    return f"{totp(device.bin_key, drift=drift):06d}"


def test_the_enrolment_qr_code_is_drawn_and_its_code_opens_the_admin(
    page: Page, live_server, require_2fa, focal_point_a, browser_problems
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(focal_point_a.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # What opening the emailed enrolment link does (accounts/enrolment.py sends it).
    page.goto(f"{live_server.url}/accounts/two-factor/enrol/{enrolment.make_token(focal_point_a)}/")

    qr = page.get_by_role("img", name="QR code to add the handbook to your authenticator app")
    expect(qr).to_be_visible()
    qr.evaluate("image => image.decode()")  # waits for the image; rejects if it cannot be drawn
    assert qr.evaluate("image => image.complete && image.naturalWidth") > 0
    box = qr.bounding_box()
    assert box["width"] > 0 and box["height"] > 0

    device = TOTPDevice.objects.get(user=focal_point_a, confirmed=False)
    page.get_by_label("Six-digit code from your authenticator app").fill(_code(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="Contact points", exact=True)).to_be_visible()  # the admin's index
    assert browser_problems == []

    # Signing in again, in a fresh browser: username, password and one code, nothing to choose.
    context = page.context.browser.new_context()
    admin = context.new_page()
    admin.goto(f"{live_server.url}/admin/login/")
    expect(admin.locator("select")).to_have_count(0)
    expect(admin.get_by_role("button", name="Get OTP Challenge")).to_have_count(0)
    admin.get_by_label("Username").fill(focal_point_a.username)
    admin.get_by_label("Password").fill(PASSWORD)
    code = admin.get_by_label("6-digit code from your authenticator app")
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    expect(code).to_have_attribute("inputmode", "numeric")
    code.fill(_code(device, drift=1))  # the next step's code: the enrolment used this one
    admin.get_by_role("button", name="Log in").click()
    expect(admin.get_by_role("link", name="Contact points", exact=True)).to_be_visible()
    context.close()
