"""Browser journeys through the route planner and the comparison: build a four-country route with
the form (with and without JavaScript), reorder it, download its vCard, open the print view; and
the same axe check on the comparison and the route plan as on the other public pages."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accessibility import check_desktop_and_phone, open_page

ROUTE = ["Albania", "North Macedonia", "Serbia", "Hungary"]
# Printable width of an A4 page with the stylesheet's 12 mm side margins, in CSS pixels (96 per inch).
A4_PRINTABLE_WIDTH = round((210 - 2 * 12) / 25.4 * 96)


@pytest.fixture
def sample_data(transactional_db):
    call_command("seed_sample", scale=1, verbosity=0)


def chosen_countries(page: Page) -> list[str]:
    return page.locator("[data-chosen-countries] .chosen-countries__name").all_inner_texts()


def build_route(page: Page, live_server, countries):
    open_page(page, live_server, "/route/")
    expect(page.get_by_text("The route is empty")).to_be_visible()
    for country in countries:
        page.get_by_label("Add a country").select_option(label=country)
        page.get_by_role("button", name="Update the route").click()
        expect(page.locator("[data-chosen-countries] li").last).to_contain_text(country)
    assert chosen_countries(page) == countries


def test_build_reorder_download_and_print_a_route(page: Page, live_server, sample_data, browser_problems):
    build_route(page, live_server, ROUTE)
    expect(page.get_by_role("heading", name="1. Albania (Origin)")).to_be_visible()

    # Serbia before North Macedonia; focus stays on the country that moved and the change is announced.
    page.get_by_role("button", name="Move up Serbia").click()
    expect(page).to_have_url(re.compile(r"/route/\?c=AL&c=RS&c=MK&c=HU$"))
    assert chosen_countries(page) == ["Albania", "Serbia", "North Macedonia", "Hungary"]
    expect(page.get_by_role("button", name="Move up Serbia")).to_be_focused()
    expect(page.locator("[data-planner-status]")).to_have_text("Serbia is now number 2 of 4 on the route.")
    expect(page.get_by_role("heading", name="4. Hungary (Destination)")).to_be_visible()
    expect(page.get_by_role("heading", name="Between Serbia and North Macedonia")).to_be_visible()

    page.get_by_label("Mode of transport (optional)").select_option("road")
    page.get_by_role("button", name="Update the route").click()
    expect(page).to_have_url(re.compile(r"/route/\?c=AL&c=RS&c=MK&c=HU&mode=road$"))
    expect(page.get_by_text("Mode of transport: Road")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Contacts as vCard").click()
    download = download_info.value
    assert re.fullmatch(r"route-AL-RS-MK-HU-\d{4}-\d{2}-\d{2}\.vcf", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as file:
        vcard = file.read()
    assert vcard.startswith("BEGIN:VCARD") and vcard.count("BEGIN:VCARD") == vcard.count("END:VCARD") > 4

    page.get_by_role("link", name="Print view of the whole plan").click()
    expect(page).to_have_url(re.compile(r"/route/print/\?c=AL&c=RS&c=MK&c=HU&mode=road$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Route plan: Albania → Serbia → North Macedonia → Hungary"
    )
    # The call sheet first, on page one; the full lists are on each country's page, named there.
    expect(page.get_by_role("heading", name="Call sheet")).to_be_visible()
    assert page.locator("main h2").first.inner_text() == "Call sheet"
    expect(
        page.get_by_text(re.compile(r"Albania: \d+ authorities and \d+ contact points in the handbook"))
    ).to_be_visible()

    # On paper: no header, navigation or form, and nothing wider than an A4 page.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_PRINTABLE_WIDTH, "height": 1000})
    expect(page.locator(".site-header")).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= A4_PRINTABLE_WIDTH + 2, f"the print view is {width} px wide"
    # A download ends its navigation as "aborted": that is how Chromium reports it, not a failure.
    problems = [problem for problem in browser_problems if not problem.startswith(f"failed load: {download.url}")]
    assert not problems, "\n".join(problems)


def test_the_route_form_works_without_javascript(browser: Browser, live_server, sample_data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        build_route(page, live_server, ROUTE)
        page.get_by_role("button", name="Move down Albania").click()
        assert chosen_countries(page) == ["North Macedonia", "Albania", "Serbia", "Hungary"]
        page.get_by_role("button", name="Remove Serbia").click()
        assert chosen_countries(page) == ["North Macedonia", "Albania", "Hungary"]
        expect(page).to_have_url(re.compile(r"/route/\?c=MK&c=AL&c=HU$"))
        expect(page.get_by_role("heading", name="Between Albania and Hungary")).to_be_visible()
    finally:
        context.close()


def test_the_comparison_filters_differing_rows_in_place(page: Page, live_server, sample_data, browser_problems):
    open_page(page, live_server, "/compare/?c=AL&c=RS&c=HU")
    same_rows = page.locator("tr[data-same]")
    assert same_rows.count() > 0 or page.locator("tr[data-differs]").count() > 0
    page.get_by_label("Show only the questions where the countries differ").check()
    expect(page).to_have_url(re.compile(r"differing=1"))
    for index in range(same_rows.count()):
        expect(same_rows.nth(index)).to_be_hidden()
    expect(page.get_by_role("link", name="Download as CSV")).to_have_attribute("href", re.compile(r"differing=1"))
    assert not browser_problems, "\n".join(browser_problems)


@pytest.mark.parametrize(
    "path",
    ["/compare/?c=AL&c=RS&c=HU", "/route/?c=AL&c=MK&c=RS&c=HU", "/route/print/?c=AL&c=MK&c=RS&c=HU"],
)
def test_planning_pages_are_accessible(page: Page, live_server, sample_data, browser_problems, path):
    open_page(page, live_server, path)
    # Open every detail, so that axe checks what they hide too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    problems = check_desktop_and_phone(page, path, "(anonymous)")
    assert not problems + browser_problems, "\n".join(problems + browser_problems)
