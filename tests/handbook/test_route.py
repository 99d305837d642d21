"""The route planner: every warning rule and the applicability of international instruments on
crafted data, bad input, the form's buttons without JavaScript, a fixed query budget whatever the
number of countries, and officials-only contacts kept from visitors on the page and in the exports."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from contacts.models import Authority, ContactPoint
from countries.models import Answer, Country, Question
from handbook.route import plan as route

ROUTE = ["AL", "MK", "RS", "HU"]
ROUTE_URL = "/route/?c=AL&c=MK&c=RS&c=HU"


def set_answer(country, key, value="", details=""):
    question = Question.objects.get(key=key)
    Answer.objects.update_or_create(country=country, question=question, defaults={"value": value, "details": details})


def give_clean_profile(country):
    """A country with nothing to warn about: every route question answered favourably, a public
    24/7 desk, reviewed today."""
    for key in ("permitted", "transit", "outgoing", "substitution"):
        set_answer(country, key, "yes", "Sample details.")
    set_answer(country, "mla_request_required", "no")
    for key in ("authorising_authority", "request_languages", "channels"):
        set_answer(country, key, details=f"Sample answer to {key}.")
    authority = Authority.objects.create(
        country=country, name=f"Sample police of {country.code}", kind="police", is_single_point_of_contact=True
    )
    ContactPoint.objects.create(
        authority=authority, function="Duty desk", phone="+442079460100", is_24_7=True, visibility="public"
    )
    country.last_reviewed_on = timezone.localdate()
    country.save()


@pytest.fixture
def route_countries(db):
    countries = [Country.objects.get(code=code) for code in ROUTE]
    for country in countries:
        give_clean_profile(country)
    return countries


def plan(codes=ROUTE, user=None):
    from django.contrib.auth.models import AnonymousUser

    countries = [Country.objects.get(code=code) for code in codes]
    return route.plan_route(countries=countries, user=user or AnonymousUser())


def rules(plan_, code=None):
    """{(rule, level)} of the plan's warnings, optionally for one country."""
    return {
        (warning.rule, warning.level)
        for warning in plan_.warnings
        if code is None or str(warning.stop.country.code) == code
    }


# Warnings -----------------------------------------------------------------------------------------


def test_a_route_with_clean_entries_has_no_warning(route_countries):
    assert plan().warnings == []


def test_a_transit_country_that_does_not_permit_transit(route_countries):
    macedonia = Country.objects.get(code="MK")
    set_answer(macedonia, "transit", "no")
    assert rules(plan()) == {("transit_not_permitted", route.SERIOUS)}
    assert rules(plan(), "MK") == {("transit_not_permitted", route.SERIOUS)}

    set_answer(macedonia, "transit", "partly")
    assert rules(plan()) == {("transit_not_permitted", route.CAUTION)}


def test_transit_answers_of_the_origin_and_the_destination_do_not_matter(route_countries):
    set_answer(Country.objects.get(code="AL"), "transit", "no")
    set_answer(Country.objects.get(code="HU"), "transit", "no")
    assert plan().warnings == []


def test_substitution_permitted_at_the_origin_but_not_later(route_countries):
    set_answer(Country.objects.get(code="RS"), "substitution", "no")
    warnings = [w for w in plan().warnings if w.rule == "substitution_mismatch"]
    assert [(str(w.stop.country.code), w.level) for w in warnings] == [("RS", route.SERIOUS)]
    assert "Albania" in warnings[0].message and "Serbia" in warnings[0].message

    set_answer(Country.objects.get(code="AL"), "substitution", "partly")
    assert ("substitution_mismatch", route.SERIOUS) in rules(plan(), "RS")

    # No substitution at the origin: nothing to carry into a country that forbids it.
    set_answer(Country.objects.get(code="AL"), "substitution", "no")
    assert "substitution_mismatch" not in {rule for rule, _level in rules(plan())}


def test_a_country_that_requires_a_formal_request(route_countries):
    set_answer(Country.objects.get(code="RS"), "mla_request_required", "yes")
    assert rules(plan()) == {("mla_request_required", route.CAUTION)}
    assert rules(plan(), "RS") == {("mla_request_required", route.CAUTION)}


def test_the_origin_must_permit_outgoing_deliveries(route_countries):
    set_answer(Country.objects.get(code="AL"), "outgoing", "no")
    assert rules(plan()) == {("outgoing_not_permitted", route.SERIOUS)}
    # The destination's outgoing answer does not matter.
    set_answer(Country.objects.get(code="AL"), "outgoing", "yes")
    set_answer(Country.objects.get(code="HU"), "outgoing", "no")
    assert plan().warnings == []


def test_the_destination_must_permit_controlled_delivery(route_countries):
    set_answer(Country.objects.get(code="HU"), "permitted", "no")
    assert rules(plan(), "HU") == {("not_permitted", route.SERIOUS)}
    set_answer(Country.objects.get(code="HU"), "permitted", "partly")
    assert rules(plan(), "HU") == {("not_permitted", route.CAUTION)}


def test_no_24_7_contact(route_countries):
    ContactPoint.objects.filter(authority__country__code="RS").update(is_24_7=False)
    assert rules(plan()) == {("no_24_7", route.CAUTION)}
    # A 24/7 authority counts as well as a 24/7 contact point.
    Authority.objects.filter(country__code="RS").update(is_24_7=True)
    assert plan().warnings == []


def test_no_24_7_warning_never_reveals_a_hidden_contact(route_countries, official):
    serbia = ContactPoint.objects.filter(authority__country__code="RS")
    serbia.update(is_24_7=False)
    without_hidden = [w.message for w in plan().warnings]

    authority = Authority.objects.get(country__code="RS")
    ContactPoint.objects.create(authority=authority, function="Covert desk", phone="+442079460999", is_24_7=True)
    with_hidden = [w.message for w in plan().warnings]

    # A visitor reads the same words whether or not an officials-only 24/7 contact exists.
    assert (
        with_hidden
        == without_hidden
        == ["Serbia: no public 24/7 contact is recorded; signed-in officials may see more."]
    )
    # The official sees the hidden contact, so there is nothing to warn about.
    assert plan(user=official).warnings == []
    authority.contact_points.filter(function="Covert desk").delete()
    assert [w.message for w in plan(user=official).warnings] == ["Serbia: no 24/7 contact is recorded."]


def test_an_answer_left_unknown_or_missing(route_countries):
    macedonia = Country.objects.get(code="MK")
    set_answer(macedonia, "transit", "unknown")
    warnings = [w for w in plan().warnings if w.rule == "unknown_answer"]
    assert [str(w.stop.country.code) for w in warnings] == ["MK"]
    assert "Transit permitted" in warnings[0].message

    Answer.objects.filter(country=macedonia, question__key="channels").delete()
    Answer.objects.filter(country=macedonia, question__key="transit").delete()
    message = next(w.message for w in plan().warnings if w.rule == "unknown_answer")
    assert "Transit permitted" in message and "Accepted channels" in message


def test_unknown_answers_only_count_where_the_role_needs_them(route_countries):
    # Outgoing matters at the origin only, transit in transit countries only.
    set_answer(Country.objects.get(code="HU"), "outgoing", "unknown")
    set_answer(Country.objects.get(code="HU"), "transit", "unknown")
    set_answer(Country.objects.get(code="AL"), "transit", "unknown")
    assert plan().warnings == []
    set_answer(Country.objects.get(code="AL"), "outgoing", "unknown")
    assert rules(plan()) == {("unknown_answer", route.CAUTION)}


def test_an_entry_not_reviewed_within_twelve_months(route_countries):
    today = timezone.localdate()
    Country.objects.filter(code="RS").update(last_reviewed_on=today - datetime.timedelta(days=400))
    warnings = plan().warnings
    assert [(w.rule, str(w.stop.country.code)) for w in warnings] == [("stale", "RS")]
    assert "over 12 months ago" in warnings[0].message

    Country.objects.filter(code="RS").update(last_reviewed_on=None)
    assert "never been reviewed" in plan().warnings[0].message

    Country.objects.filter(code="RS").update(last_reviewed_on=today - datetime.timedelta(days=300))
    assert plan().warnings == []


def test_warnings_show_on_the_page(client, route_countries):
    set_answer(Country.objects.get(code="MK"), "transit", "no")
    page = client.get(ROUTE_URL).content.decode()
    assert "Where the route breaks" in page
    assert "North Macedonia is a transit country but does not permit transit controlled deliveries." in page


# Instruments between neighbours -------------------------------------------------------------------


def _leg(codes):
    (leg,) = plan(codes).legs
    return leg


def test_the_page_shows_the_three_answers_on_each_border(client, db):
    page = client.get("/route/?c=RS&c=HU&c=AT").content.decode()
    assert "Between Serbia and Hungary" in page and "Between Hungary and Austria" in page
    between_rs_and_hu = page.split("Between Serbia and Hungary")[1].split("Between Hungary and Austria")[0]
    between_hu_and_at = page.split("Between Hungary and Austria")[1]
    for between in (between_rs_and_hu, between_hu_and_at):
        applies = between.split("instruments--applies")[1].split("<h3>")[0]
        assert "<strong>PCC SEE</strong>" in applies and "Art. 15" in applies
        assert "pccseesecretariat.si" in applies
        does_not = between.split("instruments--does-not-apply")[1].split("<h3>")[0]
        assert "<strong>WCO Convention 2003</strong>: It is not in force." in does_not
    # Serbia's status under the 1988 Convention is not recorded: folded under "may apply". Between
    # Hungary and Austria every instrument is decided, and the page has no such list.
    assert "May apply — not recorded" in between_rs_and_hu
    unrecorded = between_rs_and_hu.split("law-unrecorded")[1].split("</details>")[0]
    assert "<summary>" in unrecorded and "<strong>1988 Convention</strong>" in unrecorded
    assert "law-unrecorded" not in between_hu_and_at and "May apply — not recorded" not in between_hu_and_at
    # Austria's declaration on art. 15 shows as a condition on the border it touches.
    assert "Condition (Austria):" in between_hu_and_at
    assert "Condition (Austria):" not in between_rs_and_hu


# Bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/route/?c=AL&c=XX", "Unknown country code: “XX”"),
        ("/route/?c=AL&c=<script>", "Unknown country code: “&lt;SCRIPT&gt;”"),
        ("/route/?c=AL&c=RS&c=al", "Albania is listed more than once"),
        (
            "/route/?" + "&".join(f"c={c}" for c in ["AL", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR"]),
            "at most 10 countries",
        ),
        ("/route/?c=AL&mode=submarine", "Unknown mode of transport"),
    ],
)
def test_bad_input_gives_a_clear_message_and_a_usable_form(client, db, url, message):
    for path in (url, url.replace("/route/", "/route/print/")):
        response = client.get(path)
        assert response.status_code == 400, path
        page = response.content.decode()
        assert message in page, path
        assert "The route at a glance" not in page
    form = client.get(url).content.decode()
    assert 'name="add"' in form and 'value="AL"' in form


def test_an_empty_route_says_what_to_do(client, db):
    for url in ("/route/", "/route/?c=", "/route/?c=+&mode=road"):
        response = client.get(url)
        assert response.status_code == 200
        assert "The route is empty: add the origin country first" in response.content.decode()


def test_codes_are_case_insensitive(client, db):
    page = client.get("/route/?c=al&c=Mk").content.decode()
    assert "1. Albania" in page and "2. North Macedonia" in page


def test_a_single_country_is_a_plan_of_its_own(client, db):
    response = client.get("/route/?c=AL")
    assert response.status_code == 200
    assert "Origin and destination" in response.content.decode()


@pytest.mark.parametrize("format", ["csv", "xlsx", "vcf"])
def test_exports_of_a_bad_route_answer_400(client, db, format):
    for query in (
        "c=AL&c=XX",
        "c=AL&c=AL",
        "",
        "c=" + "&c=".join(["AL", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR"]),
    ):
        response = client.get(f"/route/contacts.{format}?{query}")
        assert response.status_code == 400, query


# The form without JavaScript ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("c=AL&c=MK&c=RS&add=HU&mode=road", "/route/?c=AL&c=MK&c=RS&c=HU&mode=road"),
        ("c=AL&c=MK&c=RS&add=", "/route/?c=AL&c=MK&c=RS"),
        ("c=AL&c=MK&c=RS&add=&move=up:2", "/route/?c=AL&c=RS&c=MK"),
        ("c=AL&c=MK&c=RS&add=&move=down:0", "/route/?c=MK&c=AL&c=RS"),
        ("c=AL&c=MK&c=RS&add=&move=up:0", "/route/?c=AL&c=MK&c=RS"),
        ("c=AL&c=MK&c=RS&add=&move=sideways:x", "/route/?c=AL&c=MK&c=RS"),
        ("c=AL&c=MK&c=RS&add=&remove=1&mode=sea", "/route/?c=AL&c=RS&mode=sea"),
        ("c=AL&add=&remove=0", "/route/"),
        ("c=al&add=rs", "/route/?c=AL&c=RS"),
    ],
)
def test_form_buttons_redirect_to_the_canonical_address(client, db, query, target):
    response = client.get(f"/route/?{query}")
    assert response.status_code == 302
    assert response["Location"] == target


def test_the_form_lists_the_route_with_buttons_for_each_country(client, db):
    page = client.get(ROUTE_URL).content.decode()
    assert page.count('name="c"') == 4
    assert 'name="move" value="up:1"' in page and 'name="move" value="down:2"' in page
    assert 'name="move" value="up:0"' not in page and 'name="move" value="down:3"' not in page
    assert 'name="remove" value="3"' in page
    # Countries already on the route are not offered again.
    add_list = page.split('name="add"')[1].split("</select>")[0]
    assert ">Albania<" not in add_list and ">Austria<" in add_list
    assert '<script type="module" src="/static/js/route.js"></script>' in page


def test_a_full_route_offers_no_more_countries(client, db):
    page = client.get("/route/?" + "&".join(f"c={code}" for code in TEN)).content.decode()
    assert 'name="add" disabled' in page
    assert "10 countries is the most: remove one to add another." in page


def test_the_header_and_the_country_page_lead_here(client, db):
    page = client.get("/countries/albania/").content.decode()
    assert '<a href="/compare/?c=AL">Compare with…</a>' in page
    assert '<a href="/route/?c=AL">Plan a route from here</a>' in page
    assert '<a href="/route/" aria-current="page">Route planner</a>' in client.get("/route/").content.decode()
    assert "Plan a route from here" not in client.get("/countries/albania/print/").content.decode()


# Query budget -------------------------------------------------------------------------------------

TEN = ["AL", "MK", "RS", "HU", "AT", "DE", "FR", "IT", "ES", "PT"]

# Queries for an anonymous visitor, on a cold cache with sample data present: sample-data banner,
# every country (+ request languages joined; the "add" list needs them all), route answers
# (questions joined), each country's numbers of authorities and visible contact points, the
# authorities to call first (+ languages and channels joined), their visible 24/7 contact points
# (+ languages joined), memberships (+ organizations), international instruments, their
# provisions, the route's party records. A signed-in official adds the session and the user.
ROUTE_QUERIES = 10


def _count(client, url):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_a_route_of_ten_countries_runs_as_many_queries_as_a_route_of_two(client, official):
    call_command("seed_sample", scale=1, verbosity=0)
    two = "/route/?c=AL&c=HU&mode=road"
    ten = "/route/?" + "&".join(f"c={code}" for code in TEN)
    assert _count(client, two) == _count(client, ten) == ROUTE_QUERIES
    assert _count(client, two.replace("/route/", "/route/print/")) == ROUTE_QUERIES
    assert _count(client, ten.replace("/route/", "/route/print/")) == ROUTE_QUERIES
    client.force_login(official)
    assert _count(client, two) == _count(client, ten) == ROUTE_QUERIES + 2


def test_route_exports_run_a_fixed_number_of_queries(client, official):
    call_command("seed_sample", scale=1, verbosity=0)
    client.force_login(official)
    client.get("/")  # signed in a moment ago: the user's row is now at hand (accounts/backends.py)
    counts = set()
    for codes in (TEN[:2], TEN):
        query = "&".join(f"c={code}" for code in codes)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/route/contacts.csv?{query}")
            b"".join(response.streaming_content)
        counts.add(len(queries))
    # every country, the contact points (one streamed query); the session and the user come from the
    # cache
    assert counts == {2}


# Visibility ---------------------------------------------------------------------------------------

RESTRICTED_MARKERS = ["Covert operations lead", "Zebulon Quartermaine", "zq@example.org"]


@pytest.fixture
def hidden_contact(route_countries):
    authority = Authority.objects.get(country__code="RS")
    return ContactPoint.objects.create(
        authority=authority,
        function="Covert operations lead",
        person_name="Zebulon Quartermaine",
        email="zq@example.org",
        is_24_7=True,
    )


@pytest.mark.parametrize("path", ["/route/", "/route/print/"])
def test_a_visitor_never_sees_officials_only_contacts_on_the_route(client, hidden_contact, official, path):
    page = client.get(f"{path}?c=AL&c=MK&c=RS&c=HU").content.decode()
    assert "Duty desk" in page
    for marker in RESTRICTED_MARKERS:
        assert marker not in page
    client.force_login(official)
    assert "Zebulon Quartermaine" in client.get(f"{path}?c=AL&c=MK&c=RS&c=HU").content.decode()


def _download(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return b"".join(response)


@pytest.mark.parametrize("format", ["csv", "xlsx", "vcf"])
def test_route_exports_hold_only_what_the_viewer_may_see(client, hidden_contact, official, format):
    url = f"/route/contacts.{format}?c=AL&c=MK&c=RS&c=HU"
    for user, expected in ((None, False), (official, True)):
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        content = _download(response)
        if format == "xlsx":
            sheet = load_workbook(io.BytesIO(content)).active
            content = "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row).encode()
        assert (b"Zebulon Quartermaine" in content) is expected, user


def test_route_vcard_is_named_after_the_route_and_holds_its_contacts_in_route_order(client, route_countries):
    response = client.get("/route/contacts.vcf?c=AL&c=MK&c=RS&c=HU")
    today = timezone.localdate().isoformat()
    assert f'filename="route-AL-MK-RS-HU-{today}.vcf"' in response["Content-Disposition"]
    text = _download(response).decode()
    assert text.count("BEGIN:VCARD") == 4
    organizations = [line for line in text.splitlines() if line.startswith("ORG:")]
    assert organizations == [f"ORG:Sample police of {code}" for code in ROUTE]


def test_route_csv_follows_the_route_order(client, route_countries):
    response = client.get("/route/contacts.csv?c=HU&c=RS&c=MK&c=AL")
    rows = list(csv.reader(io.StringIO(_download(response).decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["HU", "RS", "MK", "AL"]


# Call sheet -----------------------------------------------------------------------------------------


def _call_sheet(page):
    start = page.index('<section class="call-sheet"')
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_call_sheet_lists_every_24_7_contact_the_viewer_may_see(client, official, signed_in):
    call_command("seed_sample", scale=1, verbosity=0)
    if signed_in:
        client.force_login(official)
    user = official if signed_in else AnonymousUser()
    codes = ["AL", "MK", "RS", "HU"]
    page = client.get("/route/?" + "&".join(f"c={code}" for code in codes)).content.decode()
    sheet = _call_sheet(page)
    # Above the route editor, in route order.
    assert page.index('class="call-sheet"') < page.index("data-planner-form")
    assert [sheet.index(f">{n}. ") for n in range(1, 5)] == sorted(sheet.index(f">{n}. ") for n in range(1, 5))
    for contact in ContactPoint.objects.visible_to(user).filter(authority__country__code__in=codes, is_24_7=True):
        number = contact.phone or contact.mobile
        assert f'href="tel:{number.as_e164}"' in sheet, contact
    for authority in Authority.objects.filter(country__code__in=codes, is_24_7=True).exclude(switchboard=""):
        assert f'href="tel:{authority.switchboard.as_e164}"' in sheet, authority
    hidden = ContactPoint.objects.filter(authority__country__code__in=codes, is_24_7=True, visibility="officials")
    assert hidden.exists()
    for contact in hidden:
        assert (f"tel:{contact.phone.as_e164}" in sheet) == signed_in, contact


def test_the_route_page_links_to_each_countrys_full_list_instead_of_repeating_it(client, db):
    call_command("seed_sample", scale=1, verbosity=0)
    page = client.get("/route/?c=AL&c=RS").content.decode()
    assert 'href="/countries/albania/#authorities"' in page and 'href="/countries/serbia/#authorities"' in page
    quiet = ContactPoint.objects.public().filter(authority__country__code="AL", is_24_7=False).exclude(email="")
    assert quiet.exists()
    assert not any(contact.email in page for contact in quiet)
