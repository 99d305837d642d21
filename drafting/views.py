"""The drafting pages: the form for a route's requests (`/route/requests/?c=AL&c=MK…`), its
documents, and the machine contract (`schema.json`, `render`).

Nothing of a case is kept: the form posts back to itself and the documents are answered directly,
every response with `Cache-Control: no-store`; the POST parameters and the views' variables are
marked sensitive, so that an error report shows neither."""

import json

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from drafting import draft as d
from drafting import output, reading
from drafting.dossier import dossier_for
from drafting.schema import draft_schema
from handbook.route.selection import all_countries, parse_selection, read_codes

NO_STORE = "no-store, private, max-age=0"
MIN_COUNTRIES = 2


def _no_store(response):
    response["Cache-Control"] = NO_STORE
    response["Pragma"] = "no-cache"
    return response


def _is_official(user):
    return user.is_authenticated and user.is_active


def _json_error(status, message, field=None):
    body = {"error": message}
    if field is not None:
        body["field"] = field
    return _no_store(JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False}))


def _file_response(file):
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.name)
    return _no_store(response)


def _requesting(countries, code, default):
    by_code = {str(country.code): country for country in countries}
    return by_code.get((code or "").upper(), default)


def _receivers(dossier):
    return {state.code: [receiver.pk for receiver in state.receivers] for state in dossier.requested}


# The form ----------------------------------------------------------------------------------------


def _blank_data(*, codes, requesting, language):
    """The data of an empty form: the defaults, one crossing per border, a few blank person rows."""
    data = {name: field.initial for name, field in d.DraftForm.base_fields.items() if field.initial is not None}
    data.update(requesting_country=requesting, text_language=language)
    crossings = reading.crossing_rows(codes)
    data.update(
        {f"crossings-{index}-{key}": value for index, row in enumerate(crossings) for key, value in row.items()}
    )
    data.update({"crossings-TOTAL_FORMS": str(len(crossings)), "crossings-INITIAL_FORMS": "0"})
    data.update({"persons-TOTAL_FORMS": str(d.MIN_PERSON_ROWS), "persons-INITIAL_FORMS": "0"})
    return data


def _with_blank_person_rows(data):
    """`data` with room for more persons: the rows filled in, then a few blank ones."""
    data = data.copy()
    try:
        total = int(data.get("persons-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    data["persons-TOTAL_FORMS"] = str(min(max(total + d.BLANK_PERSON_ROWS, d.MIN_PERSON_ROWS), d.PersonFormSet.max_num))
    return data


def _states(dossier, result):
    """What the page shows per requested State: the authority to choose, what is missing, warnings."""
    draft = result.draft or d.Draft(values={}, persons=[], crossings=[])
    values = draft.values if result.draft else {}
    rows = []
    for state in dossier.requested:
        receiver = state.receiver(result.authorities.get(state.code))
        draft.authorities.setdefault(state.code, receiver.pk if receiver else None)
        rows.append(
            {
                "state": state,
                "receiver": receiver,
                "missing": output.missing_for(draft, state) if result.draft else None,
                "warnings": state.warnings(values),
            }
        )
    return rows


# Beside these fields, what the States on the route answered to the question behind them.
FIELD_QUESTIONS = {
    "urgency": "urgent_oral_request",
    "text_language": "request_languages",
    "facts": "documents_required",
    "domestic_decision": "judicial_authorisation",
    "substitution": "substitution",
    "handover_points": "guarantees",
    "accompanying": "foreign_officers",
    "reports_wanted": "feedback",
}


def _route_answers(dossier):
    """{field name: [(state, answer)]} for the fields of FIELD_QUESTIONS, where States answered."""
    found = {}
    for name, key in FIELD_QUESTIONS.items():
        answers = [(state, state.answers[key]) for state in dossier.requested if key in state.answers]
        answers = [(state, answer) for state, answer in answers if answer.value or answer.details_written]
        if answers:
            found[name] = answers
    return found


@sensitive_variables()
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def request_form(request):
    """The form (GET), checked and shown again or turned into a document (POST)."""
    if not _is_official(request.user):
        return _no_store(redirect_to_login(request.get_full_path()))
    countries = all_countries()
    selection = parse_selection(codes=read_codes(request.GET.getlist("c")), countries=countries, minimum=MIN_COUNTRIES)
    context = {"selection": selection, "route_query": request.GET.urlencode()}
    if not selection.is_ready:
        context["problems"] = [str(error) for error in selection.errors] or [str(selection.notice)]
        return _no_store(render(request, "drafting/form.html", context, status=400))
    codes = selection.codes
    origin = selection.countries[0]
    data = request.POST if request.method == "POST" else None
    requesting = _requesting(countries, data.get("requesting_country") if data else "", origin)
    today = timezone.localdate()
    dossier = dossier_for(countries=selection.countries, requesting=requesting, user=request.user, today=today)
    languages = dossier.languages
    if data is None:
        data = _blank_data(codes=codes, requesting=str(requesting.code), language=get_language())
    result = reading.read(
        data, route_codes=codes, countries=countries, languages=languages, receivers=_receivers(dossier)
    )
    status = 200
    problems = []
    action = request.POST.get("render", "") if request.method == "POST" else ""
    if request.method == "POST" and result.errors:
        status = 400
    elif action:
        format, _sep, code = action.partition(":")
        is_draft = request.POST.get("status") != "final"
        if format not in output.FORMATS or (code and dossier.get(code) is None):
            status = 400
            problems.append(_("Choose a document of a State on this route."))
        else:
            try:
                return _file_response(
                    output.build(
                        draft=result.draft, dossier=dossier, format=format, code=code or None, is_draft=is_draft
                    )
                )
            except output.NotFinal as not_final:
                status = 400
                problems.append(
                    _("The request to %(country)s is not final yet: %(missing)s.")
                    % {"country": not_final.state.country.name, "missing": "; ".join(not_final.missing)}
                )
    if request.method == "POST":
        result.persons = d.PersonFormSet(_with_blank_person_rows(data), prefix=reading.PERSONS)
    else:
        result.persons = d.PersonFormSet(data, prefix=reading.PERSONS)
    context.update(
        {
            "dossier": dossier,
            "result": result,
            "form": result.form,
            "states": _states(dossier, result),
            "problems": problems,
            "sections": d.SECTIONS,
            "essentials": d.ESSENTIALS,
            "is_final": request.POST.get("status") == "final",
            "help": _route_answers(dossier),
            "names_by_code": {str(stop.country.code): stop.country.name for stop in dossier.plan.stops},
        }
    )
    return _no_store(render(request, "drafting/form.html", context, status=status))


# The machine contract ----------------------------------------------------------------------------


@require_safe
def schema_view(request):
    schema = draft_schema(schema_id=request.build_absolute_uri(request.path))
    return JsonResponse(schema, json_dumps_params={"ensure_ascii": False, "indent": 1})


@sensitive_variables()
@require_POST
def render_view(request):
    """`POST /route/requests/render?country=XX&format=docx|pdf|notice|zip[&status=final]` with a
    draft as JSON: the document, or a 400 naming the field that is wrong."""
    if not _is_official(request.user):
        return _json_error(403, _("Sign in as an official to draft requests."))
    format = request.GET.get("format", "")
    if format not in output.FORMATS:
        return _json_error(400, _("Choose a format: docx, pdf, notice or zip."), "format")
    status = request.GET.get("status", "draft")
    if status not in ("draft", "final"):
        return _json_error(400, _("The status is draft or final."), "status")
    try:
        payload = json.loads(request.body or b"null")
        # JSON lets a lone surrogate ("\ud800") through, which no answer or file can encode.
        json.dumps(payload, ensure_ascii=False).encode()
    except (UnicodeDecodeError, ValueError):
        return _json_error(400, _("The body is not JSON."), "")
    if not isinstance(payload, dict):
        return _json_error(400, _("A draft is a JSON object."), "")
    for name in ("route", "requesting_country", "reference", "facts"):
        if name not in payload:
            return _json_error(400, _("This field is required."), name)
    route = payload["route"]
    if not isinstance(route, list) or not all(isinstance(code, str) for code in route):
        return _json_error(400, _("Expected a list of country codes."), "route")
    countries = all_countries()
    selection = parse_selection(codes=read_codes(route), countries=countries, minimum=MIN_COUNTRIES)
    if not selection.is_ready or len(selection.codes) != len(route):
        message = " ".join(str(error) for error in selection.errors) or str(selection.notice)
        return _json_error(400, message or _("Unknown country code."), "route")
    try:
        data = reading.data_from_json(payload, route_codes=selection.codes)
    except reading.BadDraft as bad:
        return _json_error(400, bad.message, bad.field)
    requesting = _requesting(countries, data.get("requesting_country"), None)
    if requesting is None:
        return _json_error(400, _("Unknown country code."), "requesting_country")
    dossier = dossier_for(
        countries=selection.countries, requesting=requesting, user=request.user, today=timezone.localdate()
    )
    code = request.GET.get("country", "").upper()
    if code and dossier.get(code) is None:
        return _json_error(400, _("Choose a State of the route other than the requesting State."), "country")
    if not code and format != output.ZIP:
        return _json_error(400, _("Name the requested State."), "country")
    if not dossier.requested:
        return _json_error(400, _("The route has no State other than the requesting State."), "route")
    result = reading.read(
        reading.with_defaults(data, language=get_language()),
        route_codes=selection.codes,
        countries=countries,
        languages=dossier.languages,
        receivers=_receivers(dossier),
    )
    if result.errors:
        field, message = result.errors[0]
        return _json_error(400, message, field)
    try:
        file = output.build(
            draft=result.draft, dossier=dossier, format=format, code=code or None, is_draft=status == "draft"
        )
    except output.NotFinal as not_final:
        return _json_error(
            400,
            _("The request to %(country)s is not final yet: %(missing)s.")
            % {"country": not_final.state.country.name, "missing": "; ".join(not_final.missing)},
            "status",
        )
    return _file_response(file)
