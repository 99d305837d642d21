"""An official at short notice: signed in as the demo official that `make run` prints, the 24/7
number of a country, and of every country of a four-country route, is on the first screen, on a
desktop and on a phone."""

import pytest
from playwright.sync_api import Page, expect

from contacts.models import ContactPoint
from tests.e2e.test_accessibility import open_page

SCREENS = [{"width": 1280, "height": 800}, {"width": 360, "height": 740}]
ROUTE = "/route/?c=AL&c=MK&c=RS&c=HU"


def _on_first_screen(page: Page, locator, screen):
    box = locator.bounding_box()
    assert box is not None, locator
    assert box["y"] >= 0 and box["y"] + box["height"] <= screen["height"], (box, screen)


@pytest.mark.parametrize("screen", SCREENS, ids=["desktop", "phone"])
def test_the_demo_official_finds_the_24_7_numbers_on_the_first_screen(
    page: Page,
    live_server,
    demo_official,
    screen,
    browser_problems,
):
    page.set_viewport_size(screen)
    username, password = demo_official
    open_page(page, live_server, "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=f"Sign out ({username})")).to_be_attached()

    # The country page: the first 24/7 contact, officials-only ones included, is on the first screen.
    open_page(page, live_server, "/countries/albania/")
    card = page.locator("#call")
    restricted = ContactPoint.objects.filter(authority__country__code="AL", is_24_7=True, visibility="officials")
    assert restricted.exists()
    expect(card).to_contain_text(restricted.first().function)
    _on_first_screen(page, card.locator("a.tel").first, screen)

    # The route: the call sheet opens with one 24/7 number per country, in route order, each on
    # the first screen and the same as the first of its country's row.
    open_page(page, live_server, ROUTE)
    quick = page.locator(".call-quick li")
    expect(quick).to_have_count(4)
    rows = page.locator(".call-sheet tbody tr")
    for index, country in enumerate(["Albania", "North Macedonia", "Serbia", "Hungary"]):
        expect(quick.nth(index)).to_contain_text(country)
        number = quick.nth(index).locator("a.tel")
        expect(number).to_be_visible()
        _on_first_screen(page, number, screen)
        first_in_row = rows.nth(index).locator("td").first.locator("a.tel").first
        assert number.get_attribute("href") == first_in_row.get_attribute("href")
    assert browser_problems == []
