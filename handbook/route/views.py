"""The views of the comparison (`/compare/`) and the route planner (`/route/`, and the same plan as
JSON at `/route/plan.json`), their print views and their downloads.

Both pages take the countries as a repeated `c` parameter (ISO codes, any case). Their forms work
without JavaScript: the chosen countries travel as hidden `c` inputs, and each button sends what
it does (`add=RS`, `move=up:2`, `remove=3`); the view applies it and redirects to the canonical
address, which is what a visitor bookmarks or shares. Bad input (an unknown or repeated code, more
than ten countries) gives the page with a message and a 400, never an error page.
"""

import csv
import io

from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from contacts import spreadsheets
from contacts.spreadsheets import neutralise
from contacts.views import directory_queryset, export_response
from countries.i18n import article_label
from countries.models import Answer
from handbook.route import law
from handbook.route.compare import compare
from handbook.route.plan import Mode, plan_route
from handbook.route.selection import edit_codes, read_codes, select_countries

EDIT_BUTTONS = ("add", "move", "remove")
COMPARE_EMPTY = gettext_lazy("Choose two to ten countries to compare.")
ROUTE_EMPTY = gettext_lazy(
    "The route is empty: add the origin country first, then each transit country in order, then the destination."
)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _codes(request):
    return read_codes(request.GET.getlist("c"))


def _query(codes, **extra):
    """The canonical query string: the countries in order, then the options that are set."""
    return urlencode([("c", code) for code in codes] + [(name, value) for name, value in extra.items() if value])


def _is_edit(request):
    return any(name in request.GET for name in EDIT_BUTTONS)


def _apply_edit(request, url_name, **extra):
    """A button of the form was pressed: apply it and redirect to the canonical address."""
    codes = edit_codes(
        codes=_codes(request),
        add=request.GET.get("add", ""),
        move=request.GET.get("move", ""),
        remove=request.GET.get("remove", ""),
    )
    query = _query(codes, **extra)
    return redirect(reverse(url_name) + (f"?{query}" if query else ""))


def _download_name(prefix, codes, extension):
    return f"{prefix}-{'-'.join(codes)}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _problems(errors, selection):
    """What is wrong with a request, as sentences: its errors, else the selection's notice."""
    return [str(error) for error in errors] or ([str(selection.notice)] if selection.notice else [])


def _bad_request(selection):
    message = " ".join(_problems(selection.errors, selection))
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


# The query parameters each page reads (operations/page_cache.py stores only these pages): the
# countries in order, and the comparison's filter or the route's mode of transport.
COMPARE_PARAMS = ("c", "differing")
ROUTE_PARAMS = ("c", "mode")


# Comparison ---------------------------------------------------------------------------------------


def _compare_context(request):
    selection = select_countries(codes=_codes(request), minimum=2, empty_notice=COMPARE_EMPTY)
    differing_only = request.GET.get("differing") == "1"
    return {
        "selection": selection,
        "errors": selection.errors,
        "sections": compare(countries=selection.countries) if selection.is_ready else [],
        "differing_only": differing_only,
        "query": _query(selection.codes, differing="1" if differing_only else ""),
        "route_query": _query(selection.codes),
        "today": timezone.localdate(),
    }


def _render(request, template, context):
    return render(request, template, context, status=400 if context["errors"] else 200)


@require_safe
def compare_view(request):
    if _is_edit(request):
        return _apply_edit(request, "compare", differing="1" if request.GET.get("differing") == "1" else "")
    return _render(request, "handbook/compare.html", _compare_context(request))


@require_safe
def compare_print(request):
    return _render(request, "handbook/compare_print.html", _compare_context(request))


def _value_label(value):
    try:
        return str(Answer.Value(value).label)
    except ValueError:
        return value


def _cell_text(question, cell):
    parts = [_value_label(cell.value)] if question.has_value else []
    if cell.details:
        parts.append(cell.details.text)
    if cell.provisions:
        basis = "; ".join(
            f"{provision.instrument.short_name}, {article_label(provision.article)}" for provision in cell.provisions
        )
        parts.append(_("Legal basis: %(provisions)s") % {"provisions": basis})
    return "\n".join(parts)


def comparison_rows(*, countries, sections, differing_only=False):
    """The matrix as spreadsheet rows: a header, the review dates, then one row per question
    (section, question, whether the countries differ, one cell per country). Text is neutralised
    against formula injection."""
    yes, no = _("Yes"), _("No")
    header = [_("Section"), _("Question"), _("Countries differ"), *(country.name for country in countries)]
    reviewed = [
        "",
        _("Last reviewed"),
        "",
        *(date_format(c.last_reviewed_on, "Y-m-d") if c.last_reviewed_on else _("Never") for c in countries),
    ]
    rows = [header, reviewed]
    for group in sections:
        for row in group.rows:
            if differing_only and not row.differs:
                continue
            rows.append(
                [
                    group.section.title,
                    row.question.text,
                    yes if row.differs else no,
                    *(_cell_text(row.question, cell) for cell in row.cells),
                ]
            )
    return [[neutralise(str(value)) for value in row] for row in rows]


# The comparison's columns, in characters as a spreadsheet's column-width box shows them: section,
# question and "differ" (140, 350 and 70 pixels), then 252 pixels for each country. The cells hold
# paragraphs, which wrap: the columns keep these widths whatever their text, and each row is as
# tall as its longest cell (`contacts.spreadsheets.Sheet`).
COMPARISON_WIDTHS = [19.29, 49.29, 9.29]
COUNTRY_WIDTH = 35.29


def comparison_xlsx(rows):
    """The bytes of an XLSX workbook holding `rows` (a matrix of at most ten countries is small):
    wrapped text in rows as tall as their text, the header row and the review dates frozen with
    the section, question and "differ" columns and repeated on every printed page."""
    buffer = io.BytesIO()
    widths = COMPARISON_WIDTHS + [COUNTRY_WIDTH] * (len(rows[0]) - len(COMPARISON_WIDTHS))
    with spreadsheets.open_workbook(buffer) as workbook:
        sheet = spreadsheets.Sheet(
            workbook,
            title=_("Comparison"),
            headers=rows[0],
            frozen_rows=2,
            frozen_columns=3,
            max_widths=widths,
            min_widths=widths,
            wrap_every_cell=True,
        )
        for row in rows[1:]:
            sheet.write_row(row)
    return buffer.getvalue()


@require_safe
def compare_export(request, format):
    """The comparison matrix as CSV or XLSX: the same countries and rows as the page."""
    context = _compare_context(request)
    selection = context["selection"]
    if not selection.is_ready:
        return _bad_request(selection)
    rows = comparison_rows(
        countries=selection.countries, sections=context["sections"], differing_only=context["differing_only"]
    )
    filename = _download_name("compare", selection.codes, format)
    if format == "csv":
        text = io.StringIO()
        text.write("\ufeff")
        csv.writer(text).writerows(rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(comparison_xlsx(rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# Route planner ------------------------------------------------------------------------------------


def _route_context(request):
    selection = select_countries(codes=_codes(request), minimum=1, empty_notice=ROUTE_EMPTY)
    mode = request.GET.get("mode", "")
    errors = list(selection.errors)
    if mode not in ("", *Mode.values):
        errors.append(_("Unknown mode of transport “%(mode)s”: choose one from the list.") % {"mode": mode[:20]})
        mode = ""
    route_plan = None
    if selection.is_ready and not errors:
        route_plan = plan_route(countries=selection.countries, user=request.user, mode=mode)
    return {
        "selection": selection,
        "errors": errors,
        "plan": route_plan,
        "mode": mode,
        "modes": Mode.choices,
        "query": _query(selection.codes, mode=mode),
        "contacts_query": _query(selection.codes),
        "today": timezone.localdate(),
    }


@require_safe
def route_view(request):
    if _is_edit(request):
        return _apply_edit(request, "route", mode=request.GET.get("mode", ""))
    return _render(request, "handbook/route.html", _route_context(request))


@require_safe
def route_print(request):
    return _render(request, "handbook/route_print.html", _route_context(request))


def route_contacts(*, countries, user):
    """The contact points `user` may see in the route's countries: country by country in route
    order, single points of contact and 24/7 authorities first, as the plan lists them."""
    in_route_order = Case(
        *(When(authority__country_id=country.pk, then=Value(index)) for index, country in enumerate(countries)),
        output_field=IntegerField(),
    )
    return (
        directory_queryset(user)
        .filter(authority__country__in=countries)
        .order_by(
            in_route_order,
            "-authority__is_single_point_of_contact",
            "-authority__is_24_7",
            "authority__name",
            "function",
            "pk",
        )
    )


@require_safe
def route_contacts_export(request, format):
    """Every contact on the route that the requester may see, as CSV, XLSX or vCard (the contact
    exports' formats and rules). Never from the anonymous page cache."""
    selection = select_countries(codes=_codes(request), minimum=1, empty_notice=ROUTE_EMPTY)
    if not selection.is_ready:
        response = _bad_request(selection)
        patch_vary_headers(response, ["Cookie"])
        return response
    queryset = route_contacts(countries=selection.countries, user=request.user)
    return export_response(queryset, format=format, name="route-" + "-".join(selection.codes))


def _verdict_json(verdict):
    sources = [url for _shows, url, _read_on in verdict.sources]
    item = {
        "instrument": verdict.instrument.short_name,
        "provisions": [provision.article for provision in verdict.provisions],
        "source": sources[0] if sources else None,
        "sources": sources,
        "source_kinds": {
            str(country.code): party.source_kind
            for country, party in zip(verdict.countries, verdict.parties, strict=True)
            if party is not None and verdict.rests_on_party_records
        },
        "status_page": verdict.instrument.status_url or None,
        "as_of": verdict.as_of.isoformat() if verdict.as_of else None,
    }
    if verdict.answer == law.APPLIES:
        item["basis"] = verdict.text
        item["conditions"] = [{"country": str(country.code), "text": text} for country, text in verdict.conditions]
    else:
        item["reason"] = verdict.text
        item["reason_code"] = verdict.reason
    return item


def _number_json(entry):
    """One of a country's 24/7 numbers, as the call sheet lists them (`Stop.round_the_clock_numbers`)."""
    return {
        "phone": str(entry["number"]) if entry["number"] else None,
        "email": entry["email"] or None,
        "label": entry["label"],
        "authority": entry["authority"],
        "function": entry["function"] or None,
        "languages": entry["languages"] or None,
        "public": entry["public"],
    }


def plan_json(route_plan):
    """The plan as the JSON of `/route/plan.json`: the same object the page renders."""
    return {
        "countries": [
            {
                "code": str(stop.country.code),
                "name": stop.country.name,
                "role": stop.role,
                "single_points_of_contact": [authority.name for authority in stop.single_points_of_contact],
                "contacts_24_7": [_number_json(entry) for entry in stop.round_the_clock_numbers],
            }
            for stop in route_plan.stops
        ],
        "legs": [
            {
                "from": str(leg.first.country.code),
                "to": str(leg.second.country.code),
                "applies": [_verdict_json(verdict) for verdict in leg.applies],
                "does_not_apply": [_verdict_json(verdict) for verdict in leg.does_not_apply],
                "may_apply": [_verdict_json(verdict) for verdict in leg.may_apply],
            }
            for leg in route_plan.legs
        ],
        "warnings": [
            {"level": warning.level, "country": str(warning.stop.country.code), "message": warning.message}
            for warning in route_plan.warnings
        ],
        "mode": route_plan.mode or None,
    }


@require_safe
def route_plan_json(request):
    """`/route/plan.json?c=AL&c=RS…`: the plan the page shows; bad input gets a 400 with a JSON error."""
    context = _route_context(request)
    selection = context["selection"]
    problems = _problems(context["errors"], selection)
    if problems or context["plan"] is None:
        return JsonResponse({"error": " ".join(problems), "errors": problems}, status=400)
    return JsonResponse(plan_json(context["plan"]), json_dumps_params={"ensure_ascii": False})
