"""Pages of the countries app: the legislation directory."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from countries.filters import ProvisionFilter
from countries.models import Provision


@require_safe
def legislation(request):
    queryset = Provision.objects.select_related("instrument__country").prefetch_related("topics")
    provision_filter = ProvisionFilter(request.GET or None, queryset=queryset)
    # Out-of-range or non-numeric page numbers give the nearest page, never an error.
    page = Paginator(provision_filter.qs.distinct(), 50).get_page(request.GET.get("page"))
    return render(request, "countries/legislation.html", {"filter": provision_filter, "page_obj": page})
