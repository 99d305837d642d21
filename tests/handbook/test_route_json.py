"""`/route/plan.json`: the plan the page shows, as JSON; bad input gets a 400 with a JSON error."""

import pytest
from django.core.management import call_command

from contacts.models import ContactPoint

pytestmark = pytest.mark.django_db

ROUTE = "c=AL&c=MK&c=RS&c=HU"


def test_the_contract(client):
    response = client.get(f"/route/plan.json?{ROUTE}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    plan = response.json()
    assert [(c["code"], c["name"], c["role"]) for c in plan["countries"]] == [
        ("AL", "Albania", "origin"),
        ("MK", "North Macedonia", "transit"),
        ("RS", "Serbia", "transit"),
        ("HU", "Hungary", "destination"),
    ]
    assert [(leg["from"], leg["to"]) for leg in plan["legs"]] == [("AL", "MK"), ("MK", "RS"), ("RS", "HU")]
    for leg in plan["legs"]:
        named = [item["instrument"] for answer in ("applies", "does_not_apply", "may_apply") for item in leg[answer]]
        # Every international instrument gets exactly one of the three answers on every border.
        assert sorted(named) == sorted(
            [
                "1988 Convention",
                "CISA",
                "EIO Directive",
                "ETS 182",
                "EU MLA Convention 2000",
                "Naples II",
                "PCC SEE",
                "UNCAC",
                "UNTOC",
                "WCO Convention 2003",
            ]
        )
        for item in leg["applies"]:
            assert (
                item["provisions"]
                and item["basis"]
                and item["source"].startswith(("https://", "http://"))
                and item["as_of"]
            )
        for item in leg["does_not_apply"]:
            assert item["reason"] and item["reason_code"]
        for item in leg["may_apply"]:
            assert item["reason"]
    for warning in plan["warnings"]:
        assert warning["level"] in ("serious", "caution")
        assert warning["country"] in ("AL", "MK", "RS", "HU")
        assert warning["message"]


def test_the_page_and_the_json_agree(client):
    plan = client.get(f"/route/plan.json?{ROUTE}").json()
    page = client.get(f"/route/?{ROUTE}").content.decode()
    sections = page.split("route-leg")[1:]
    assert len(sections) == len(plan["legs"])
    for section, leg in zip(sections, plan["legs"], strict=True):
        applies = section.split("instruments--applies")[1].split("<h3>")[0] if leg["applies"] else ""
        for item in leg["applies"]:
            assert f"<strong>{item['instrument']}</strong>" in applies
        does_not = section.split("instruments--does-not-apply")[1].split("<h3>")[0] if leg["does_not_apply"] else ""
        for item in leg["does_not_apply"]:
            assert f"<strong>{item['instrument']}</strong>" in does_not
        may = section.split("instruments--unrecorded")[1].split("</ul>")[0] if leg["may_apply"] else ""
        for item in leg["may_apply"]:
            assert f"<strong>{item['instrument']}</strong>" in may
    for warning in plan["warnings"]:
        assert warning["message"].replace("’", "&#x27;")[:30].split("&")[0] in page


@pytest.mark.parametrize(
    "query",
    [
        "",
        "c=AL&c=XX",
        "c=AL&c=AL",
        "c=AL&mode=submarine",
        "&".join(f"c={c}" for c in ["AL", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR"]),
        "c=%00&c=<script>",
    ],
)
def test_bad_input_gets_a_400_with_a_json_error(client, query):
    response = client.get(f"/route/plan.json?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] and body["errors"]


def test_contacts_follow_the_pages_visibility(client, official):
    call_command("seed_sample", scale=1, verbosity=0)
    hidden = ContactPoint.objects.filter(
        authority__country__code="RS", is_24_7=True, visibility=ContactPoint.Visibility.OFFICIALS
    ).first()
    assert hidden is not None

    def contacts(plan):
        return {(c["authority"], c["function"]) for country in plan["countries"] for c in country["contacts_24_7"]}

    key = (hidden.authority.name, hidden.function)
    anonymous = client.get(f"/route/plan.json?{ROUTE}").json()
    assert key not in contacts(anonymous)
    client.force_login(official)
    signed_in = client.get(f"/route/plan.json?{ROUTE}").json()
    assert key in contacts(signed_in)


def _call_sheet_numbers(html):
    """{country name: [tel: and mailto: targets in order]} from the call sheet's table."""
    import re

    table = html.split("call-sheet__table", 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in table.split("<tr>")[2:]:
        name = re.search(r'<th scope="row"><a href="#stop-\d+">\d+\. ([^<]+)</a>', row)[1]
        cell = row.split('data-label="24/7"', 1)[1].split("</td>", 1)[0]
        rows[name] = re.findall(r'href="(?:tel|mailto):([^"]+)"', cell)
    return rows


@pytest.mark.parametrize("path", ["/route/", "/route/print/"])
def test_the_json_names_the_call_sheets_numbers_in_the_same_order(client, official, path):
    import phonenumbers

    call_command("seed_sample", scale=1, verbosity=0)
    client.force_login(official)
    page = _call_sheet_numbers(client.get(f"{path}?{ROUTE}").content.decode())
    plan = client.get(f"/route/plan.json?{ROUTE}").json()
    for country in plan["countries"]:
        expected = [
            phonenumbers.format_number(phonenumbers.parse(entry["phone"]), phonenumbers.PhoneNumberFormat.E164)
            if entry["phone"]
            else entry["email"]
            for entry in country["contacts_24_7"]
        ]
        assert expected, country["code"]
        # The authorities' own 24/7 lines are part of it, first.
        assert country["contacts_24_7"][0]["function"] is None or not any(
            entry["function"] is None for entry in country["contacts_24_7"]
        )
        assert page[country["name"]] == expected, country["code"]
