"""Drafts for the tests, sent the two ways an official sends them: as JSON to the render endpoint,
and as the HTML form's fields."""

import datetime
import json

ROUTE = ["AL", "MK", "RS", "HU"]
ROUTE_QUERY = "c=AL&c=MK&c=RS&c=HU"
FORM_URL = f"/route/requests/?{ROUTE_QUERY}"
RENDER_URL = "/route/requests/render"
MARKING = "RESTRICTED"
HANDLING_CODE = "H2"
REFERENCE = "AL-2026-CD-0417"


def full_draft(*, route=ROUTE, requesting="AL", **values):
    """A draft with every essential filled in, a crossing date per border and two persons."""
    crossing_day = datetime.date.today() + datetime.timedelta(days=10)
    draft = {
        "route": list(route),
        "requesting_country": requesting,
        "requesting_authority": "Sample State Police, Directorate against Drug Trafficking, Tirana",
        "officer": "Inspector Sample Officer, Drugs Unit",
        "officer_phone": "+44 20 7946 0990",
        "officer_email": "desk@example.org",
        "reference": REFERENCE,
        "urgency": "urgent",
        "urgency_reason": "The lorry leaves the port on Friday.",
        "deadline": (crossing_day - datetime.timedelta(days=3)).isoformat(),
        "marking": MARKING,
        "handling_code": HANDLING_CODE,
        "text_language": "en",
        "offences": "Trafficking in narcotic drugs in large quantities.",
        "legal_qualification": "Art. 283 of the Criminal Code, up to 15 years.",
        "facts": "An informant reports 40 kg of cocaine hidden in a lorry of bananas.",
        "purpose": "To identify the recipients at destination.",
        "domestic_decision": "Prosecutor of Tirana, decision 12/2026 of 2 March 2026.",
        "substances": "Cocaine",
        "quantity": "40 kg",
        "packaging": "Bricks in the double floor of a refrigerated trailer.",
        "contact_lost": "Stop the lorry at the next border post.",
        "commander": "Chief Inspector Sample, radio channel 4, +44 20 7946 0991",
        "mode": "road",
        "substitution": "none",
        "interception": "none",
        "accompanying": "none",
        "persons": [
            {"role": "courier", "name": "Driver Sample", "nationality": "Albanian", "document": "P000001"},
            {"role": "recipient", "name": "Recipient Sample", "details": "Warehouse in the port."},
        ],
        "crossings": [
            {
                "leaving": leaving,
                "entering": entering,
                "point": f"Border post {leaving}–{entering}",
                "date": (crossing_day + datetime.timedelta(days=index)).isoformat(),
                "time": "06:30",
            }
            for index, (leaving, entering) in enumerate(zip(route, route[1:], strict=False))
        ],
    }
    draft.update(values)
    return draft


def render(client, draft, *, country="", format="docx", status="draft", headers=None):
    """POST `draft` as JSON to the render endpoint."""
    query = f"format={format}&status={status}" + (f"&country={country}" if country else "")
    return client.post(f"{RENDER_URL}?{query}", json.dumps(draft), content_type="application/json", headers=headers)


def form_data(draft, *, action="", status="draft"):
    """The HTML form's fields for `draft` (as `full_draft` makes it): what the browser posts."""
    data = {key: value for key, value in draft.items() if key not in ("route", "persons", "crossings", "authorities")}
    for name in ("persons", "crossings"):
        rows = draft.get(name, [])
        data[f"{name}-TOTAL_FORMS"] = str(len(rows))
        data[f"{name}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            data.update({f"{name}-{index}-{key}": value for key, value in row.items()})
    data.update({f"authority-{code}": str(pk) for code, pk in draft.get("authorities", {}).items()})
    data.update(render=action, status=status)
    return data


def post_form(client, draft, *, action="", status="draft", url=None):
    route = draft.get("route", ROUTE)
    url = url or "/route/requests/?" + "&".join(f"c={code}" for code in route)
    return client.post(url, form_data(draft, action=action, status=status))
