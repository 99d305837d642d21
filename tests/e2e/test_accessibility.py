"""Accessibility of the public pages in a real browser: axe-core finds no serious or critical
violation, the pages fit a 360 px wide phone, the keyboard reaches the search box and the filters,
and the browser console stays free of errors and failed loads."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

HOME = "/"
COUNTRY_LIST = "/countries/"
COUNTRY_PAGE = "/countries/albania/"
DIRECTORY = "/contacts/"
LEGISLATION = "/legislation/"
SEARCH = "/search/?q=police"
PAGES = [HOME, COUNTRY_LIST, COUNTRY_PAGE, DIRECTORY, LEGISLATION, SEARCH]
OFFICIAL_PAGES = [COUNTRY_PAGE, DIRECTORY]
PHONE = {"width": 360, "height": 740}
BLOCKING_IMPACTS = {"serious", "critical"}
MAX_TABS = 60


def open_page(page: Page, live_server, path: str):
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    page.wait_for_load_state("networkidle")


def sign_in(page: Page, live_server, user):
    open_page(page, live_server, "/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=f"Sign out ({user.username})")).to_be_visible()


def blocking_axe_violations(page: Page, label: str) -> list[str]:
    """One line per node with a serious or critical axe violation: rule id, impact, selector, fix."""
    violations = Axe().run(page).response["violations"]
    lines = []
    for violation in violations:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            target = " ".join(map(str, node.get("target", [])))
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"{label}: {violation['id']} [{violation['impact']}] {target}: {summary}")
    return lines


def horizontal_scroll(page: Page, label: str) -> list[str]:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE["width"] + 2:
        return []
    return [f"{label}: the page scrolls sideways, scrollWidth {width} px"]


def check_desktop_and_phone(page: Page, path: str, label: str) -> list[str]:
    """axe at the default (desktop) viewport, then axe and sideways scrolling at 360 px."""
    problems = blocking_axe_violations(page, f"{path} {label}")
    page.set_viewport_size(PHONE)
    page.wait_for_function(f"document.documentElement.clientWidth <= {PHONE['width']}")
    problems += horizontal_scroll(page, f"{path} {label} at 360 px")
    problems += blocking_axe_violations(page, f"{path} {label} at 360 px")
    return problems


def active_element(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, href: el.getAttribute("href")};
        }"""
    )


@pytest.mark.parametrize("path", PAGES)
def test_page_is_accessible_to_an_anonymous_visitor(page: Page, live_server, sample_data, browser_problems, path):
    open_page(page, live_server, path)
    problems = check_desktop_and_phone(page, path, "(anonymous)")
    assert not problems + browser_problems, "\n".join(problems + browser_problems)


@pytest.mark.parametrize("path", OFFICIAL_PAGES)
def test_page_is_accessible_to_a_signed_in_official(
    page: Page, live_server, sample_data, official, browser_problems, path
):
    sign_in(page, live_server, official)
    open_page(page, live_server, path)
    problems = check_desktop_and_phone(page, path, "(official)")
    assert not problems + browser_problems, "\n".join(problems + browser_problems)


def test_stylesheet_is_served(page: Page, live_server):
    response = page.request.get(f"{live_server.url}/static/css/handbook.css")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/css")


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page: Page, live_server, sample_data):
    open_page(page, live_server, DIRECTORY)
    page.keyboard.press("Tab")
    first = active_element(page)
    assert first["href"] == "#main" and "skip-link" in first["cls"], f"first Tab stop is {first}"
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert active_element(page)["id"] == "main"


def tab_until(page: Page, predicate, what: str) -> list[dict]:
    """Press Tab until `predicate(active element)` holds; return the stops on the way."""
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        stops.append(active_element(page))
        if predicate(stops[-1]):
            return stops
    visited = ", ".join(f"{stop['tag']}#{stop['id'] or stop['href'] or ''}" for stop in stops)
    raise AssertionError(f"{MAX_TABS} Tab presses never reached {what}; visited: {visited}")


def test_keyboard_reaches_the_search_box_and_then_the_filters(page: Page, live_server, sample_data):
    open_page(page, live_server, DIRECTORY)
    tab_until(page, lambda el: el["id"] == "site-search-q", "the site search box")
    page.keyboard.type("police")
    expect(page.locator("#site-search-q")).to_have_value("police")
    tab_until(page, lambda el: el["id"] == "id_country", 'the "Country" filter')
    expect(page.get_by_label("Country", exact=True)).to_be_focused()


def test_keyboard_opens_the_closed_filters_on_a_phone(page: Page, live_server, sample_data):
    page.set_viewport_size(PHONE)
    open_page(page, live_server, DIRECTORY)
    tab_until(page, lambda el: el["id"] == "site-search-q", "the site search box")
    tab_until(page, lambda el: el["tag"] == "summary", 'the "Filters" toggle')
    page.keyboard.press("Enter")
    tab_until(page, lambda el: el["id"] == "id_country", 'the "Country" filter')
    expect(page.get_by_label("Country", exact=True)).to_be_focused()
