"""Pages of the contacts app: the contact directory and its exports."""

import tempfile

from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from contacts import exports
from contacts.filters import ContactPointFilter
from contacts.models import ContactPoint, directory_order
from countries.expressions import joined_names
from countries.i18n import translated_column
from countries.models import Country, Language

# What a row of the directory shows, read as plain values for the page's fifty contact points:
# the contact point's own columns, then its authority's and owner's under short names.
DIRECTORY_COLUMNS = (
    "pk",
    "function",
    "person_name",
    "phone",
    "mobile",
    "email",
    "is_24_7",
    "hours",
    "visibility",
    "authority_id",
)


def directory_related():
    """The authority's and owner's columns of a row, under short names; the country's name in the
    reader's language."""
    return {
        "authority_name": F("authority__name"),
        "country_name": translated_column(Country, "name", "authority__country__"),
        "country_slug": F("authority__country__slug"),
        "organization_acronym": F("authority__organization__acronym"),
        "organization_slug": F("authority__organization__slug"),
    }


def directory_queryset(user):
    """What the directory lists for `user`; its exports start from the same queryset."""
    return ContactPoint.objects.visible_to(user).order_by(*directory_order())


def directory_page(queryset, number, *, per_page=50):
    """Page `number` of `queryset`: each contact point as a dict of `DIRECTORY_COLUMNS`,
    `directory_related()` and its `language_names`.

    The page's keys are found first, in the page's order, and only its fifty rows are then read
    whole: whatever the order a filter asks for, the database never sorts the wide rows of three
    tables (that took PostgreSQL three times as long at 10,000 contact points). Plain values rather
    than model instances: building 150 instances was a tenth of the page's time. Out-of-range or
    non-numeric page numbers give the nearest page, never an error."""
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    keys = list(page.object_list)
    rows = {
        row["pk"]: row
        for row in ContactPoint.objects.filter(pk__in=keys)
        .annotate(language_names=joined_names(Language.objects.all(), "contact_points"))
        .values(*DIRECTORY_COLUMNS, "language_names", **directory_related())
    }
    page.object_list = [rows[key] for key in keys]
    return page


@require_safe
def directory(request):
    contact_filter = ContactPointFilter(request.GET or None, queryset=directory_queryset(request.user))
    page = directory_page(contact_filter.qs, request.GET.get("page"))
    # The downloads carry the filters and the ordering, not the page: an export holds every page.
    export_params = request.GET.copy()
    export_params.pop("page", None)
    export_query = f"?{export_params.urlencode()}" if export_params else ""
    return render(
        request,
        "contacts/directory.html",
        {
            "filter": contact_filter,
            "page_obj": page,
            "public": ContactPoint.Visibility.PUBLIC,
            "export_query": export_query,
        },
    )


def _in_language(language, chunks):
    """A streamed download is written after the view returns: in the language of its request."""
    with translation.override(language):
        yield from chunks


def export_response(queryset, *, format, name):
    """A download of `queryset` in `format` (csv, xlsx or vcf) named `<name>-<today>.<format>`.

    CSV and vCard stream; XLSX is written to a temporary file first (the format is a zip archive
    whose index comes last), which is deleted once the response has been sent. An export may hold
    officials-only contacts, so no shared cache may keep it.
    """
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{format}"
    content_type = exports.CONTENT_TYPES[format]
    if format == "xlsx":
        file = tempfile.NamedTemporaryFile(prefix="contacts-", suffix=".xlsx")  # noqa: SIM115 (closed by the response)
        try:
            exports.write_xlsx(queryset, path=file.name)
        except BaseException:
            file.close()
            raise
        response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    else:
        content = exports.stream_csv(queryset) if format == "csv" else exports.vcards(queryset)
        response = StreamingHttpResponse(_in_language(translation.get_language(), content), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_vary_headers(response, ["Cookie"])
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def directory_export(request, format):
    """The directory's contact points as a file: the same FilterSet over the same queryset as the
    page, so a download always matches the screen (all pages of it)."""
    contact_filter = ContactPointFilter(request.GET or None, queryset=directory_queryset(request.user))
    queryset = contact_filter.qs
    country = contact_filter.form.cleaned_data.get("country") if contact_filter.is_bound else None
    return export_response(queryset, format=format, name=f"contacts-{country}" if country else "contacts")
