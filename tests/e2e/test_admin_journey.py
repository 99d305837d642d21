"""A coordinator signs in to the admin in a real browser and finds a country."""

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def test_coordinator_signs_in_and_opens_a_country(page: Page, live_server, coordinator):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(coordinator.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Countries", exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/admin/countries/country/?q=Albania")
    page.get_by_role("link", name="Albania").click()
    # The name is stored in each language of the handbook, each in its own field.
    expect(page.get_by_label("Name [en]")).to_have_value("Albania")
    expect(page.get_by_label("Name [fr]")).to_have_value("Albanie")
    expect(page.get_by_label("Name [ru]")).to_have_value("Албания")
