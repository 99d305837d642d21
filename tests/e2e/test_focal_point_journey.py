"""A focal point keeps their country current, in a real browser: signs in, edits a contact point,
marks the country reviewed, and the public page shows both at once."""

from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from contacts.models import Authority, ContactPoint
from tests.conftest import PASSWORD


def test_focal_point_edits_a_contact_and_marks_the_country_reviewed(page: Page, live_server, focal_point_a, albania):
    authority = Authority.objects.create(country=albania, name="Drug Police Directorate", kind="police")
    contact = ContactPoint.objects.create(
        authority=authority, function="Duty desk", phone="+442079460100", visibility="public"
    )

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(focal_point_a.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_server.url}/admin/contacts/contactpoint/{contact.pk}/change/")
    page.get_by_label("Function").fill("24/7 duty desk")
    page.get_by_label("I have verified this contact point today").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{live_server.url}/admin/countries/country/{albania.pk}/change/")
    page.get_by_role("button", name="Mark as reviewed").click()
    expect(page.locator(".messagelist")).to_contain_text("Albania is marked as reviewed today.")

    # The public page, as an anonymous visitor in a fresh browser context.
    visitor = page.context.browser.new_context()
    public = visitor.new_page()
    public.goto(f"{live_server.url}/countries/albania/")
    expect(public.get_by_text("24/7 duty desk")).to_be_visible()
    today = date_format(timezone.localdate(), "j F Y")
    expect(public.get_by_text(f"Last reviewed on {today}")).to_be_visible()
    visitor.close()
