"""Pages of the contacts app: the contact directory."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

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
    return render(request, "contacts/directory.html", {"filter": contact_filter, "page_obj": page})
