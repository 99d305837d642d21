"""Pages that combine the countries and contacts apps."""

from django.http import HttpResponse
from django.shortcuts import render


def healthz(request):
    """A trivial view: the baseline that the benchmarks compare every page with."""
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    return render(request, "handbook/home.html")
