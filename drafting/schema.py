"""The JSON Schema of a draft (`GET /route/requests/schema.json`), derived from the forms that read
it (`drafting.draft`), so that the two cannot disagree."""

from django import forms

from drafting import draft as d
from drafting.reading import CROSSINGS, PERSONS

REQUIRED = ["route", "requesting_country", "reference", "facts"]
COUNTRY_CODE = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
# Fields whose choices come from the database: the schema gives their shape, not the list.
OPEN_CHOICES = {"requesting_country": COUNTRY_CODE, "text_language": {"type": "string", "pattern": "^[a-z]{2,3}$"}}


def _field(name, form_field):
    if name in OPEN_CHOICES:
        schema = dict(OPEN_CHOICES[name])
    elif isinstance(form_field, forms.ChoiceField):
        schema = {"type": "string", "enum": [str(value) for value, _label in form_field.choices]}
    elif isinstance(form_field, forms.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(form_field, forms.TimeField):
        schema = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"}
    else:
        schema = {"type": "string"}
        if form_field.max_length:
            schema["maxLength"] = form_field.max_length
    schema["title"] = str(form_field.label)
    if form_field.help_text:
        schema["description"] = str(form_field.help_text)
    if form_field.initial is not None:
        schema["default"] = form_field.initial
    return schema


def _object(form_class, *, skip=()):
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            name: _field(name, form_field) for name, form_field in form_class.base_fields.items() if name not in skip
        },
    }


def draft_schema(*, schema_id):
    properties = {
        "route": {
            "type": "array",
            "title": "Route",
            "description": "The countries of the route in order, origin first: ISO 3166 alpha-2 codes.",
            "items": COUNTRY_CODE,
            "minItems": 2,
            "maxItems": 10,
        },
        **_object(d.DraftForm)["properties"],
        PERSONS: {"type": "array", "maxItems": d.PersonFormSet.max_num, "items": _object(d.PersonForm)},
        CROSSINGS: {
            "type": "array",
            "description": "One crossing per border of the route, in route order (`leaving`, `entering`: codes).",
            "maxItems": d.CrossingFormSet.max_num,
            "items": _object(d.CrossingForm),
        },
        "authorities": {
            "type": "object",
            "description": "The receiving authority chosen for a requested State: its code, the authority's number.",
            "propertyNames": COUNTRY_CODE,
            "additionalProperties": {"type": "integer"},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": "Draft of the requests for a controlled delivery",
        "type": "object",
        "required": REQUIRED,
        "additionalProperties": False,
        "properties": properties,
    }
