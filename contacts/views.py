"""Pages of the contacts app: the contact directory and its exports."""

import tempfile

from django.core.paginator import Paginator
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from contacts import exports
from contacts.filters import ContactPointFilter
from contacts.models import ContactPoint


def directory_queryset(user):
    """What the directory lists for `user`; its exports start from the same queryset."""
    return (
        ContactPoint.objects.visible_to(user)
        .select_related("authority__country", "authority__organization")
        .prefetch_related("languages")
        .order_by("authority__country__name", "authority__name", "function", "pk")
    )


@require_safe
def directory(request):
    contact_filter = ContactPointFilter(request.GET or None, queryset=directory_queryset(request.user))
    # Out-of-range or non-numeric page numbers give the nearest page, never an error.
    page = Paginator(contact_filter.qs, 50).get_page(request.GET.get("page"))
    # The downloads carry the filters and the ordering, not the page: an export holds every page.
    export_params = request.GET.copy()
    export_params.pop("page", None)
    export_query = f"?{export_params.urlencode()}" if export_params else ""
    return render(
        request,
        "contacts/directory.html",
        {"filter": contact_filter, "page_obj": page, "export_query": export_query},
    )


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
        response = StreamingHttpResponse(content, content_type=content_type)
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
