"""Pages that combine the countries and contacts apps: home, country list and page,
organizations, search."""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from contacts.models import Authority
from contacts.views import directory_queryset, export_response
from countries.expressions import joined_names
from countries.i18n import fold
from countries.models import Answer, Country, Language, Membership, Organization, stale_cutoff
from handbook.country_profile import CountryProfile, authorities_with_contacts
from handbook.filters import CountryFilter
from handbook.search import MAX_QUERY_LENGTH, clean_query, is_shortened, search, suggest
from handbook.templating import cached_fragment
from operations import data_version


def _coverage():
    cutoff = stale_cutoff()
    answered = Answer.objects.answered().filter(country=OuterRef("pk"))
    return Country.objects.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(Exists(answered))),
        reviewed=Count("pk", filter=Q(last_reviewed_on__gte=cutoff)),
        stale=Count("pk", filter=Q(last_reviewed_on__lt=cutoff) | Q(last_reviewed_on__isnull=True)),
    )


@require_safe
def home(request):
    coverage = data_version.cached("coverage", _coverage)
    recently_reviewed = Country.objects.filter(last_reviewed_on__isnull=False).order_by("-last_reviewed_on", "name")[:8]
    recent_authorities = Authority.objects.select_related("country", "organization").order_by("-updated_at")[:8]
    return render(
        request,
        "handbook/home.html",
        {"coverage": coverage, "recently_reviewed": recently_reviewed, "recent_authorities": recent_authorities},
    )


def _permitted_value():
    return Subquery(Answer.objects.filter(country=OuterRef("pk"), question__key="permitted").values("value")[:1])


@require_safe
def country_list(request):
    queryset = Country.objects.annotate(permitted=_permitted_value())
    country_filter = CountryFilter(request.GET or None, queryset=queryset, user=request.user)
    countries = country_filter.qs.distinct()
    ordering = country_filter.form.cleaned_data.get("ordering") if country_filter.is_bound else None
    if not ordering or ordering[0].lstrip("-") == "name":
        # By name as a reader of its language expects ("Égypte" among the E), which neither
        # database's binary collation gives; at most 68 rows, all shown.
        countries = sorted(countries, key=lambda country: fold(country.name), reverse=ordering == ["-name"])
    return render(
        request,
        "handbook/country_list.html",
        {"filter": country_filter, "countries": countries, "stale_cutoff": stale_cutoff()},
    )


def _country_context(request, slug):
    countries = Country.objects.annotate(request_language_names=joined_names(Language.objects.all(), "countries"))
    country = get_object_or_404(countries, slug=slug)
    return {
        "country": country,
        "profile": CountryProfile(country, request.user),
        "audience": data_version.audience(request.user),
        "data_version": data_version.current(),
        "today": timezone.localdate(),
    }


def _country_page(request, slug, template, *, fragment, print=False):
    """A country's page (`template`) around its body, which is the same for everyone in an audience
    and language: cached under `fragment` for the data version, rendered (and queried) on a miss."""
    context = _country_context(request, slug)
    body_context = {**context, "print": print, "user": request.user, "request": request}
    context["country_body"] = cached_fragment(
        fragment,
        [context["country"].pk, context["data_version"], context["audience"], translation.get_language()],
        lambda: loader.render_to_string("handbook/includes/country_body.html", body_context),
    )
    return render(request, template, context)


@require_safe
def country_detail(request, slug):
    return _country_page(request, slug, "handbook/country_detail.html", fragment="country_body")


@require_safe
def country_print(request, slug):
    return _country_page(request, slug, "handbook/country_print.html", fragment="country_print_body", print=True)


@require_safe
def country_contacts_export(request, slug, format):
    """The contact points of a country's authorities that the requester may see, as a file.
    Never served from the anonymous page cache: see `contacts.views.export_response`."""
    country = get_object_or_404(Country, slug=slug)
    queryset = directory_queryset(request.user).filter(authority__country=country)
    return export_response(queryset, format=format, name=f"contacts-{country.code}")


@require_safe
def organization_list(request):
    organizations = Organization.objects.annotate(member_count=Count("memberships"))
    return render(request, "handbook/organization_list.html", {"organizations": organizations})


@require_safe
def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    memberships = Membership.objects.filter(organization=organization).select_related("country")
    authorities = authorities_with_contacts(Authority.objects.for_organization(organization), request.user)
    return render(
        request,
        "handbook/organization_detail.html",
        {"organization": organization, "memberships": memberships, "authorities": authorities},
    )


def search_query(request):
    """The query of a search request, as the page and its search box show it."""
    return clean_query(request.GET.get("q", ""))


@require_safe
def search_view(request):
    query = search_query(request)
    context = {
        "search_query": query,
        "shortened": is_shortened(request.GET.get("q", "")),
        "query_limit": MAX_QUERY_LENGTH,
    }
    if query:
        groups = search(query, user=request.user)
        context.update(groups=groups, suggestion=None if groups else suggest(query))
    return render(request, "handbook/search.html", context)
