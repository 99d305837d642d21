"""Admin for countries, organizations, legislation and the questionnaire.

The base classes and list filters at the top are shared with `contacts.admin` (which may import
this app; this app imports nothing from `contacts` or `handbook`). The ModelAdmins stay plain
subclasses so that a focal-point scoping mixin can be put in front of any of them.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic

from countries.admin_parties import PartyAdminViews
from countries.admin_scope import CountryScopedMixin, HandbookExportMixin, HandbookImportExportMixin
from countries.history import form_with_recorded_m2m
from countries.models import (
    Answer,
    Country,
    FocalPointAssignment,
    Instrument,
    Language,
    Membership,
    Organization,
    Party,
    Provision,
    Question,
    Section,
    Topic,
    is_stale_date,
    stale_cutoff,
)
from countries.resources import AnswerResource, InstrumentResource, ProvisionResource
from countries.scope import is_coordinator

# Shared by `contacts.admin` ---------------------------------------------------------------------


class HistoryAdmin(HandbookExportMixin, SimpleHistoryAdmin):
    """Base for every model that keeps history: shows the bookkeeping fields read-only."""

    bookkeeping_fields = ("is_sample", "updated_at")

    # Anyone who may view a record may read its history; only coordinators revert. (Without this,
    # simple-history would save a revert posted by a user who may only view the record.)

    def has_change_history_permission(self, request, obj=None):
        return is_coordinator(request.user) and self.has_change_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The revert page passes the record rebuilt from a history row (`to_historic` finds the
        # row): its many-to-many fields must show that version's values, not today's, so that
        # saving the page restores them. A POST saves what the person saw and sent.
        historical_record = to_historic(obj) if obj is not None else None
        if historical_record is not None and request.method != "POST":
            form = form_with_recorded_m2m(form, historical_record)
        return form

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        field_names = {field.name for field in self.model._meta.get_fields()}
        readonly += [name for name in self.bookkeeping_fields if name in field_names and name not in readonly]
        return readonly


def months_since(day, today):
    """Whole months from `day` to `today` (14 for a date fourteen months and a few days back)."""
    months = (today.year - day.year) * 12 + today.month - day.month
    return months - (today.day < day.day)


def freshness(day, *, verified=False, cutoff=None, today=None):
    """How current a review (or, with `verified`, a verification) made on `day` is, as the admin
    shows it: a warning when stale ("Stale — reviewed 14 months ago", "Never reviewed"), plain
    "Current" otherwise. `cutoff` and `today` let a list work them out once for all its rows."""
    today = today or timezone.localdate()
    if not is_stale_date(day, cutoff or stale_cutoff(today)):
        return gettext("Current")
    if day is None:
        text = gettext("Never verified") if verified else gettext("Never reviewed")
    else:
        months = months_since(day, today)
        if verified:
            text = ngettext(
                "Stale — verified %(months)d month ago", "Stale — verified %(months)d months ago", months
            ) % {"months": months}
        else:
            text = ngettext(
                "Stale — reviewed %(months)d month ago", "Stale — reviewed %(months)d months ago", months
            ) % {"months": months}
    return format_html('<span class="freshness freshness--stale">{}</span>', text)


FRESHNESS_MEDIA = forms.Media(css={"all": ["css/admin-freshness.css"]})


class StaleListFilter(admin.SimpleListFilter):
    """Splits a list into stale records and current ones with the model's own `stale()` queryset
    method, so that the admin counts exactly what the pages and the review dashboard count."""

    stale_label = _("Stale")
    # Formatted with the number of months after which a record counts as stale.
    current_label = ngettext_lazy("Current within %(months)d month", "Current within %(months)d months", "months")

    def lookups(self, request, model_admin):
        months = settings.HANDBOOK_STALE_AFTER_MONTHS
        return [("stale", self.stale_label), ("current", self.current_label % {"months": months})]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.stale()
        if self.value() == "current":
            return queryset.exclude(pk__in=queryset.stale().values("pk"))
        return queryset


class ScopeListFilter(admin.SimpleListFilter):
    """International records (no country) or national ones."""

    title = _("scope")
    parameter_name = "scope"
    country_lookup = "country"

    def lookups(self, request, model_admin):
        return [("international", _("International")), ("national", _("National"))]

    def queryset(self, request, queryset):
        if self.value() in ("international", "national"):
            return queryset.filter(**{f"{self.country_lookup}__isnull": self.value() == "international"})
        return queryset


# Reference lists --------------------------------------------------------------------------------


@admin.register(Language)
class LanguageAdmin(TranslationAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


# Countries and organizations --------------------------------------------------------------------


class ReviewListFilter(StaleListFilter):
    title = _("review")
    parameter_name = "review"
    current_label = ngettext_lazy("Reviewed within %(months)d month", "Reviewed within %(months)d months", "months")


class AnswerInline(CountryScopedMixin, admin.TabularInline):
    model = Answer
    fields = ["question", "value", "details", "details_fr", "details_ru"]
    extra = 0


class MembershipInline(CountryScopedMixin, admin.TabularInline):
    """Used on both sides: the parent's own foreign key drops out of the form."""

    model = Membership
    autocomplete_fields = ["country", "organization"]
    extra = 0


class FocalPointAssignmentInline(admin.TabularInline):
    model = FocalPointAssignment
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Country)
class CountryAdmin(CountryScopedMixin, TranslationAdmin, HistoryAdmin):
    country_lookup = "pk"
    coordinator_only_fields = ("code", "name", "name_en", "name_fr", "name_ru", "slug", "osce_status")
    readonly_fields = ["last_reviewed_on", "last_reviewed_by"]
    list_display = ["name", "iso_code", "osce_status", "last_reviewed_on", "review_status"]
    list_filter = ["osce_status", ReviewListFilter]
    search_fields = ["name", "code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["request_languages"]
    inlines = [AnswerInline, MembershipInline, FocalPointAssignmentInline]

    def get_inlines(self, request, obj):
        # Focal points do not assign focal points.
        inlines = super().get_inlines(request, obj)
        return inlines if is_coordinator(request.user) else [i for i in inlines if i is not FocalPointAssignmentInline]

    actions = ["mark_reviewed"]

    @property
    def media(self):
        return super().media + FRESHNESS_MEDIA

    @admin.display(description=_("ISO 3166 code"), ordering="code")
    def iso_code(self, country):
        # The field itself would show the name that django-countries gives the code.
        return country.code.code

    @admin.display(description=_("review"), ordering=F("last_reviewed_on").asc(nulls_first=True))
    def review_status(self, country):
        return freshness(country.last_reviewed_on)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/mark-reviewed/",
                self.admin_site.admin_view(self.mark_reviewed_view),
                name="countries_country_mark_reviewed",
            ),
            *super().get_urls(),
        ]

    def mark_reviewed_view(self, request, object_id):
        """The change page's "Mark as reviewed" button: the whole entry has been checked today."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        country = self.get_object(request, object_id)  # 404 outside the user's countries
        if not self.has_change_permission(request, country):
            raise PermissionDenied
        country.mark_reviewed(request.user)
        self.message_user(
            request, _("%(country)s is marked as reviewed today.") % {"country": country.name}, messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:countries_country_change", args=[country.pk]))

    @admin.action(description=_("Mark selected countries as reviewed today"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        # One save per country, so that each review lands in the history.
        countries = list(queryset)
        for country in countries:
            country.mark_reviewed(request.user)
        count = len(countries)
        self.message_user(
            request,
            ngettext("%(count)d country marked as reviewed.", "%(count)d countries marked as reviewed.", count)
            % {"count": count},
        )


@admin.register(FocalPointAssignment)
class FocalPointAssignmentAdmin(HistoryAdmin):
    list_display = ["user", "country", "assigned_on"]
    list_filter = ["country__osce_status"]
    search_fields = ["user__username", "user__email", "user__last_name", "country__name"]
    list_select_related = ["user", "country"]
    autocomplete_fields = ["user", "country"]


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin, HistoryAdmin):
    list_display = ["acronym", "name", "kind", "seat"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name"]
    prepopulated_fields = {"slug": ["acronym"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(CountryScopedMixin, HistoryAdmin):
    list_display = ["country", "organization", "kind", "updated_at"]
    list_filter = ["kind", "organization"]
    search_fields = ["country__name", "organization__acronym", "organization__name"]
    list_select_related = ["country", "organization"]
    autocomplete_fields = ["country", "organization"]


# Legislation ------------------------------------------------------------------------------------


class ProvisionInline(CountryScopedMixin, TranslationTabularInline):
    country_lookup = "instrument__country_id"
    international_visible = True
    model = Provision
    fields = ["article", "title", "official_url", "order"]
    extra = 0
    show_change_link = True


class PartyInline(admin.TabularInline):
    """Who is bound by an international instrument. Reference facts: coordinators edit them (and
    should record the change in `countries/reference/parties.csv`, which a reload restores);
    focal points read them."""

    model = Party
    fields = [
        "country",
        "status",
        "basis",
        "bound_since",
        "ceased_on",
        "conditions",
        "excludes_provision",
        "source_url",
        "source_kind",
        "source_date",
        "source_read_on",
        "note",
    ]
    autocomplete_fields = ["country"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")


@admin.register(Party)
class PartyAdmin(PartyAdminViews, HistoryAdmin):
    pass


@admin.register(Instrument)
class InstrumentAdmin(CountryScopedMixin, HandbookImportExportMixin, TranslationAdmin, HistoryAdmin):
    resource_classes = [InstrumentResource]
    international_visible = True
    list_display = ["short_name", "title", "kind", "jurisdiction", "in_force", "in_force_on", "is_sample"]
    list_filter = ["kind", ScopeListFilter, "is_sample"]
    search_fields = ["short_name", "title", "country__name"]
    list_select_related = ["country"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["country"]
    inlines = [ProvisionInline, PartyInline]

    @admin.display(description=_("country"), ordering="country__name")
    def jurisdiction(self, instrument):
        return instrument.country or _("International")


class ProvisionScopeListFilter(ScopeListFilter):
    country_lookup = "instrument__country"


@admin.register(Provision)
class ProvisionAdmin(CountryScopedMixin, HandbookImportExportMixin, TranslationAdmin, HistoryAdmin):
    resource_classes = [ProvisionResource]
    country_lookup = "instrument__country_id"
    international_visible = True
    list_display = ["article", "instrument", "title", "order", "is_sample"]
    list_filter = [ProvisionScopeListFilter, "instrument__kind", "topics", "is_sample"]
    search_fields = ["article", "title", "summary", "instrument__short_name", "instrument__title"]
    list_select_related = ["instrument"]
    autocomplete_fields = ["instrument"]
    filter_horizontal = ["topics"]

    def get_queryset(self, request):
        # A provision's name includes its instrument's (autocomplete lists, history, deletions).
        return super().get_queryset(request).select_related("instrument")


# Questionnaire ----------------------------------------------------------------------------------


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["key", "text", "kind", "order"]
    extra = 0


@admin.register(Section)
class SectionAdmin(TranslationAdmin, HistoryAdmin):
    list_display = ["title", "slug", "order"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(TranslationAdmin, HistoryAdmin):
    list_display = ["key", "text", "section", "kind", "order"]
    list_filter = ["section", "kind"]
    search_fields = ["key", "text"]
    list_select_related = ["section"]


@admin.register(Answer)
class AnswerAdmin(CountryScopedMixin, HandbookImportExportMixin, HistoryAdmin):
    resource_classes = [AnswerResource]
    list_display = ["country", "question_key", "value", "updated_at"]
    list_filter = ["question__section", "value", "is_sample"]
    search_fields = ["country__name", "question__key", "question__text", "details", "details_fr", "details_ru"]
    list_select_related = ["country", "question"]
    autocomplete_fields = ["country", "provisions"]

    @admin.display(description=_("question"), ordering="question__key")
    def question_key(self, answer):
        return answer.question.key

    def get_queryset(self, request):
        # An answer's name includes its country and question key (history, deletions).
        return super().get_queryset(request).select_related("country", "question")
