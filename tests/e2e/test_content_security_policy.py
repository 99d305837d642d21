"""The browser enforces the Content Security Policy and finds nothing to block on the public pages,
the sign-in pages and the admin login."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

PAGES = [
    "/",
    "/countries/",
    "/countries/albania/",
    "/countries/albania/print/",
    "/organizations/",
    "/organizations/europol/",
    "/contacts/",
    "/legislation/",
    "/search/?q=police",
    "/changes/",
    "/compare/?c=AL&c=RS&c=HU",
    "/route/?c=AL&c=MK&c=RS&c=HU",
    "/route/print/?c=AL&c=MK&c=RS&c=HU",
    "/accounts/login/",
    "/accounts/request/",
    "/accounts/password_reset/",
    "/admin/login/",
]


@pytest.fixture
def sample_data(transactional_db):
    call_command("seed_sample", scale=1, verbosity=0)


def test_no_content_security_policy_violation(page: Page, live_server, sample_data):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    # Violations also fire as DOM events; record them in the page and read them back.
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e => "
        "window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    for path in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        violations += page.evaluate("window.__csp")
    assert violations == []
