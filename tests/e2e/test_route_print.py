"""The route's print view on paper, as Chromium prints it to PDF: the call sheet starts on page 1
under the title (it used to be pushed whole to page 2, leaving page 1 blank) and breaks between
countries, never inside one country's row."""

import re
import subprocess

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from countries.models import Country
from countries.scope import OFFICIALS
from handbook.route.plan import plan_route
from tests.conftest import PASSWORD
from tests.e2e.test_accessibility import open_page, sign_in

ROUTE = ["AL", "MK", "RS", "HU"]
PRINT_VIEW = "/route/print/?" + "&".join(f"c={code}" for code in ROUTE)


def _pdf_pages(pdf_path):
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True)
    return text.stdout.split("\f")


def test_the_call_sheet_starts_on_page_one_and_breaks_between_countries(
    page: Page, live_server, sample_data, tmp_path, browser_problems
):
    official = get_user_model().objects.create_user(username="olivia", password=PASSWORD)
    official.groups.add(Group.objects.get(name=OFFICIALS))
    sign_in(page, live_server, official)
    open_page(page, live_server, PRINT_VIEW)
    expect(page.get_by_role("heading", name="Call sheet")).to_be_visible()

    page.emulate_media(media="print")
    pdf = tmp_path / "route.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    pages = _pdf_pages(pdf)

    # Page 1: the title, then the call sheet: its list of first numbers and Albania's card.
    countries = {country.code: country for country in Country.objects.filter(code__in=ROUTE)}
    stops = plan_route(countries=[countries[code] for code in ROUTE], user=official, mode="").stops
    first = stops[0]
    number = next(entry["number"] for entry in first.round_the_clock_numbers if entry["number"])
    digits = re.sub(r"\D", "", str(number))
    first_page = pages[0]
    assert "Route plan" in first_page and "Call sheet" in first_page
    assert f"1. Albania ({first.role_label})" in first_page.split("Call sheet", 1)[1]
    assert digits[-6:] in re.sub(r"\D", "", first_page.split("Call sheet", 1)[1]), "Albania's first 24/7 number"

    # Each country is on one page: its card's heading (name and role) and its last 24/7 number
    # are on the same page.
    for stop in stops:
        heading = f"{stop.number}. {stop.country.name} ({stop.role_label})"
        holding = [index for index, text in enumerate(pages) if heading in text]
        assert holding, heading
        last_number = next(
            (entry["number"] for entry in reversed(stop.round_the_clock_numbers) if entry["number"]), None
        )
        if last_number:
            last_digits = re.sub(r"\D", "", str(last_number))[-6:]
            assert last_digits in re.sub(r"\D", "", pages[holding[0]]), (heading, last_number)
    assert browser_problems == []
