"""The handbook in French and Russian in a real browser: the switcher keeps the route, and the
translated pages hold at 360 px with no serious or critical axe violation."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import check_desktop_and_phone, open_page

ROUTE = "/route/?c=AL&c=MK&c=RS"


def _chosen_codes(page: Page):
    return page.locator("input[type=hidden][name=c]").evaluate_all("inputs => inputs.map(input => input.value)")


def test_the_switcher_keeps_the_route_from_english_to_french_to_russian(page: Page, live_server, sample_data):
    open_page(page, live_server, ROUTE)
    assert _chosen_codes(page) == ["AL", "MK", "RS"]
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator(".language-switcher").get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.url == f"{live_server.url}/fr{ROUTE}"
    assert _chosen_codes(page) == ["AL", "MK", "RS"]
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Route planner")

    page.locator(".language-switcher").get_by_role("link", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert page.url == f"{live_server.url}/ru{ROUTE}"
    assert _chosen_codes(page) == ["AL", "MK", "RS"]

    # Remembered: an English address shared before opens in Russian.
    page.goto(f"{live_server.url}/countries/albania/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert page.url == f"{live_server.url}/ru/countries/albania/"


@pytest.mark.parametrize("language", ["fr", "ru"])
@pytest.mark.parametrize(
    "path", ["/", "/countries/albania/", "/contacts/", "/search/?q=police", ROUTE, "/accounts/request/"]
)
def test_translated_pages_are_accessible_and_fit_a_phone(
    page: Page, live_server, sample_data, browser_problems, language, path
):
    open_page(page, live_server, f"/{language}{path}")
    problems = check_desktop_and_phone(page, f"/{language}{path}", "(anonymous)")
    assert not problems + browser_problems, "\n".join(problems + browser_problems)
