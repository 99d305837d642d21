"""Reading a draft, from the HTML form or from JSON, into a `Draft` or the fields that are wrong.

Both ways go through the same forms (`drafting.draft`): a JSON draft is turned into the form's data
first, so a value accepted in one is accepted in the other, and every error names its field the way
the JSON does (`persons[1].name`, `crossings[0].date`, `authorities.MK`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from drafting import draft as d

PERSONS, CROSSINGS = "persons", "crossings"
LISTS = {PERSONS: d.PersonForm, CROSSINGS: d.CrossingForm}
DRAFT_FIELDS = list(d.DraftForm.base_fields)
TOP_LEVEL = {"route", "authorities", *DRAFT_FIELDS, *LISTS}
AUTHORITY_PREFIX = "authority-"


class BadDraft(ValueError):
    """A draft that cannot be read: `field` names where (as in the JSON), `message` says why."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class Reading:
    """The outcome of reading a draft: `draft` where it is valid, else `errors` as (field, message);
    the bound forms either way, for the page to show again."""

    form: d.DraftForm
    persons: object
    crossings: object
    authorities: dict
    draft: d.Draft | None
    errors: list


def crossing_rows(codes):
    """One blank crossing per border of the route."""
    return [{"leaving": first, "entering": second} for first, second in zip(codes, codes[1:], strict=False)]


def data_from_json(payload, *, route_codes):
    """The form data a JSON draft stands for. Raises `BadDraft` on a value of the wrong type or a
    field that a draft does not have."""
    if not isinstance(payload, dict):
        raise BadDraft("", _("A draft is a JSON object."))
    unknown = sorted(set(payload) - TOP_LEVEL)
    if unknown:
        raise BadDraft(unknown[0], _("A draft has no such field."))
    data = {}
    for name in DRAFT_FIELDS:
        value = payload.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise BadDraft(name, _("Expected text."))
        data[name] = value
    for name, form_class in LISTS.items():
        rows = payload.get(name)
        if rows is None:
            rows = crossing_rows(route_codes) if name == CROSSINGS else []
        if not isinstance(rows, list):
            raise BadDraft(name, _("Expected a list."))
        data[f"{name}-TOTAL_FORMS"] = str(len(rows))
        data[f"{name}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            where = f"{name}[{index}]"
            if not isinstance(row, dict):
                raise BadDraft(where, _("Expected an object."))
            for key, value in row.items():
                if key not in form_class.base_fields:
                    raise BadDraft(f"{where}.{key}", _("A draft has no such field."))
                if value is None:
                    continue
                if not isinstance(value, str):
                    raise BadDraft(f"{where}.{key}", _("Expected text."))
                data[f"{name}-{index}-{key}"] = value
    authorities = payload.get("authorities") or {}
    if not isinstance(authorities, dict):
        raise BadDraft("authorities", _("Expected an object of country codes and authority numbers."))
    for code, pk in authorities.items():
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise BadDraft(f"authorities.{code}", _("Expected the number of an authority."))
        data[f"{AUTHORITY_PREFIX}{str(code).upper()}"] = str(pk)
    return data


def with_defaults(data, *, language):
    """`data` with the choices a JSON draft may leave out set to the form's defaults."""
    data = dict(data.items()) if not hasattr(data, "copy") else data.copy()
    for name, form_field in d.DraftForm.base_fields.items():
        if form_field.initial is not None and not data.get(name):
            data[name] = form_field.initial
    if not data.get("text_language"):
        data["text_language"] = language
    return data


def _numbered(name, formset):
    """Each row's errors as (`name[index].field`, message), then the list's own."""
    errors = []
    for index, row in enumerate(formset.forms):
        for key, messages in row.errors.items():
            errors.extend((f"{name}[{index}].{key}", str(message)) for message in messages)
    errors.extend((name, str(message)) for message in formset.non_form_errors())
    return errors


def read(data, *, route_codes, countries, languages, receivers=None):
    """Read form `data` (a QueryDict or a dict) for the route `route_codes`.

    `countries` and `languages` are the choices of the requesting State and of the text's
    language; `receivers` maps each requested State's code to the pks of its receiving authorities,
    so that a chosen authority is one of them."""
    form = d.DraftForm(data, countries=countries, languages=languages)
    persons = d.PersonFormSet(data, prefix=PERSONS)
    crossings = d.CrossingFormSet(data, prefix=CROSSINGS)
    errors = []
    if not form.is_valid():
        errors.extend((name, str(message)) for name, messages in form.errors.items() for message in messages)
    if persons.is_valid():
        people = [row.cleaned_data for row in persons.forms if row.cleaned_data and not row.is_blank()]
    else:
        errors.extend(_numbered(PERSONS, persons))
        people = []
    expected = crossing_rows(route_codes)
    if crossings.is_valid():
        rows = [row.cleaned_data for row in crossings.forms]
        if [(row.get("leaving"), row.get("entering")) for row in rows] != [
            (row["leaving"], row["entering"]) for row in expected
        ]:
            errors.append((CROSSINGS, _("Give one crossing per border of the route, in route order.")))
    else:
        errors.extend(_numbered(CROSSINGS, crossings))
        rows = []
    authorities = {}
    for code, pks in (receivers or {}).items():
        value = data.get(f"{AUTHORITY_PREFIX}{code}", "")
        if not value:
            continue
        try:
            pk = int(value)
        except (TypeError, ValueError):
            pk = None
        if pk not in pks:
            errors.append((f"authorities.{code}", _("Choose one of the authorities that receive requests.")))
        else:
            authorities[code] = pk
    for key in data:
        code = key[len(AUTHORITY_PREFIX) :] if key.startswith(AUTHORITY_PREFIX) else None
        if code is not None and receivers is not None and code not in receivers:
            errors.append((f"authorities.{code}", _("This country receives no request on this route.")))
    draft = None
    if not errors:
        draft = d.Draft(values=form.cleaned_data, persons=people, crossings=rows, authorities=authorities)
    return Reading(form=form, persons=persons, crossings=crossings, authorities=authorities, draft=draft, errors=errors)
