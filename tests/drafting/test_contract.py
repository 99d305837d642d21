"""The machine contract: `schema.json` is a valid JSON Schema that a full draft meets, and the render
endpoint answers every bad input with a 400 naming the field, never a 500."""

import json

import jsonschema
import pytest

from tests.drafting.drafts import RENDER_URL, full_draft, render
from tests.drafting.test_documents import first_receiver

SCHEMA_URL = "/route/requests/schema.json"


def validator(client):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    schema = response.json()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_a_full_draft_meets_the_schema_and_is_rendered(signed_in):
    draft = full_draft(authorities={"MK": first_receiver("MK").pk, "HU": first_receiver("HU").pk})
    schema = validator(signed_in)
    assert list(schema.iter_errors(draft)) == []
    assert schema.schema["required"] == ["route", "requesting_country", "reference", "facts"]
    # Every field of the draft is in the schema: a client that follows it can send all of them.
    assert set(draft) <= set(schema.schema["properties"])
    for format in ("docx", "pdf", "notice", "zip"):
        assert render(signed_in, draft, country="MK", format=format).status_code == 200, format
    assert render(signed_in, draft, format="zip").status_code == 200


def without(name):
    draft = full_draft()
    del draft[name]
    return draft


def with_long_second_name():
    draft = full_draft()
    draft["persons"][1]["name"] = "N" * 301
    return draft


# (query, draft or raw body, the field named, whether the schema says no as well)
BAD_INPUTS = {
    "body not JSON": ("format=docx&country=MK", b'{"route": ["AL", "MK"', "", False),
    "route missing": ("format=docx&country=MK", without("route"), "route", True),
    "unknown code in the route": ("format=docx&country=MK", full_draft(route=["AL", "MK", "XX", "HU"]), "route", False),
    "format=exe": ("format=exe&country=MK", full_draft(), "format", False),
    "a State not on the route": ("format=docx&country=FR", full_draft(), "country", False),
    "the requesting State": ("format=docx&country=AL", full_draft(), "country", False),
    "a number for text": ("format=docx&country=MK", full_draft(facts=5), "facts", True),
    "a name too long": ("format=docx&country=MK", with_long_second_name(), "persons[1].name", True),
    "an unknown key": ("format=docx&country=MK", full_draft(colour="red"), "colour", True),
    "a date that is none": ("format=docx&country=MK", full_draft(deadline="2027-13-40"), "deadline", True),
    "an authority that is none": (
        "format=docx&country=MK",
        full_draft(authorities={"MK": 999999}),
        "authorities.MK",
        False,
    ),
    # JSON can escape a lone surrogate, which no UTF-8 text holds.
    "a lone surrogate in text": ("format=pdf&country=MK", json.dumps(full_draft(facts="a\ud800b")).encode(), "", False),
    "a lone surrogate as a key": (
        "format=docx&country=MK",
        json.dumps(full_draft(**{"\udfff": "x"})).encode(),
        "",
        False,
    ),
    "final with essentials missing": (
        "format=docx&country=MK&status=final",
        full_draft(reference="", officer=""),
        "status",
        False,
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_gets_a_400_naming_the_field(signed_in, case):
    query, body, field, schema_says_no = BAD_INPUTS[case]
    content = body if isinstance(body, bytes) else json.dumps(body)
    response = signed_in.post(f"{RENDER_URL}?{query}", content, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    answer = response.json()
    assert answer["field"] == field
    assert answer["error"]
    if schema_says_no:
        assert not validator(signed_in).is_valid(body)


def test_a_final_request_names_what_it_lacks(signed_in):
    response = render(signed_in, full_draft(reference=""), country="MK", format="pdf", status="final")
    assert response.status_code == 400
    assert response.json()["error"] == "The request to North Macedonia is not final yet: Case reference."
