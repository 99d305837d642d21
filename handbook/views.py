"""Pages that combine the countries and contacts apps: home, country list and page,
organizations, search."""

from itertools import groupby

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from contacts.models import Authority, ContactPoint
from countries.models import Answer, Country, Membership, Organization, Provision, Question, stale_cutoff
from handbook import data_version
from handbook.filters import CountryFilter
from handbook.search import clean_query, search


def healthz(request):
    """A trivial view: the baseline that the benchmarks compare every page with."""
    return HttpResponse("ok", content_type="text/plain")


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
    recently_reviewed = Country.objects.filter(last_reviewed_on__isnull=False).order_by("-last_reviewed_on", "name")[
        :8
    ]
    recent_authorities = Authority.objects.select_related("country", "organization").order_by("-updated_at")[:8]
    return render(
        request,
        "handbook/home.html",
        {"coverage": coverage, "recently_reviewed": recently_reviewed, "recent_authorities": recent_authorities},
    )


def _permitted_value():
    return Subquery(
        Answer.objects.filter(country=OuterRef("pk"), question__key="permitted").values("value")[:1]
    )


@require_safe
def country_list(request):
    queryset = Country.objects.annotate(permitted=_permitted_value())
    country_filter = CountryFilter(request.GET or None, queryset=queryset, user=request.user)
    countries = country_filter.qs.distinct()
    return render(
        request,
        "handbook/country_list.html",
        {"filter": country_filter, "countries": countries, "stale_cutoff": stale_cutoff()},
    )


def _country_context(request, slug):
    country = get_object_or_404(Country.objects.prefetch_related("request_languages"), slug=slug)
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(country=country).prefetch_related(
            Prefetch("provisions", queryset=Provision.objects.select_related("instrument"))
        )
    }
    sections = []
    questions = Question.objects.select_related("section")
    for section, section_questions in groupby(questions, key=lambda question: question.section):
        sections.append((section, [(question, answers.get(question.pk)) for question in section_questions]))
    visible_contacts = ContactPoint.objects.visible_to(request.user).prefetch_related("languages")
    authorities = (
        Authority.objects.for_country(country)
        .prefetch_related(
            Prefetch("contact_points", queryset=visible_contacts, to_attr="visible_contact_points"),
            "languages",
            "channels",
        )
        .order_by("-is_single_point_of_contact", "-is_24_7", "name")
    )
    national_provisions = Provision.objects.for_country(country).select_related("instrument").prefetch_related(
        "topics"
    )
    international_provisions = Provision.objects.international().select_related("instrument")
    memberships = Membership.objects.filter(country=country).select_related("organization")
    return {
        "country": country,
        "sections": sections,
        "authorities": authorities,
        "national_provisions": national_provisions,
        "international_provisions": international_provisions,
        "memberships": memberships,
        "audience": data_version.audience(request.user),
        "data_version": data_version.current(),
        "today": timezone.localdate(),
    }


@require_safe
def country_detail(request, slug):
    return render(request, "handbook/country_detail.html", _country_context(request, slug))


@require_safe
def country_print(request, slug):
    return render(request, "handbook/country_print.html", _country_context(request, slug))


@require_safe
def organization_list(request):
    organizations = Organization.objects.annotate(member_count=Count("memberships"))
    return render(request, "handbook/organization_list.html", {"organizations": organizations})


@require_safe
def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    memberships = Membership.objects.filter(organization=organization).select_related("country")
    visible_contacts = ContactPoint.objects.visible_to(request.user).prefetch_related("languages")
    authorities = Authority.objects.for_organization(organization).prefetch_related(
        Prefetch("contact_points", queryset=visible_contacts, to_attr="visible_contact_points"), "languages", "channels"
    )
    return render(
        request,
        "handbook/organization_detail.html",
        {"organization": organization, "memberships": memberships, "authorities": authorities},
    )


@require_safe
def search_view(request):
    query = clean_query(request.GET.get("q", ""))
    groups = search(query, user=request.user) if query else []
    return render(request, "handbook/search.html", {"search_query": query, "groups": groups})

