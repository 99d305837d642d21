"""Admin for competent authorities and their contact points."""

from django import forms
from django.contrib import admin
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from modeltranslation.admin import TranslationAdmin

from contacts.models import Authority, Channel, ContactPoint
from contacts.resources import AuthorityResource, ContactPointResource
from countries.admin import FRESHNESS_MEDIA, HistoryAdmin, StaleListFilter, freshness
from countries.admin_scope import ConcurrencyForm, CountryScopedMixin, HandbookImportExportMixin
from countries.models import is_stale_date, stale_cutoff


class VerificationListFilter(StaleListFilter):
    title = _("verification")
    parameter_name = "verification"
    current_label = ngettext_lazy("Verified within %(months)d month", "Verified within %(months)d months", "months")


@admin.register(Channel)
class ChannelAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ContactPointInline(CountryScopedMixin, admin.TabularInline):
    country_lookup = "authority__country_id"
    model = ContactPoint
    fields = ["function", "person_name", "phone", "mobile", "email", "is_24_7", "visibility", "last_verified_on"]
    extra = 0
    show_change_link = True


class VerificationColumn:
    """The lists' "last verified" column: the date, and beside it a warning when it is stale or
    missing, as the countries list says it (`countries.admin.freshness`), never a plain date that
    looks as good as a fresh one."""

    @property
    def media(self):
        return super().media + FRESHNESS_MEDIA

    @admin.display(description=_("last verified"), ordering=F("last_verified_on").asc(nulls_first=True))
    def verification(self, obj):
        day = obj.last_verified_on
        if day is None:
            return freshness(None, verified=True)
        shown = date_format(day, "Y-m-d")
        if not is_stale_date(day, stale_cutoff()):
            return shown
        return format_html("{} {}", shown, freshness(day, verified=True))


@admin.register(Authority)
class AuthorityAdmin(VerificationColumn, CountryScopedMixin, HandbookImportExportMixin, HistoryAdmin):
    resource_classes = [AuthorityResource]
    coordinator_only_fields = ("organization",)
    list_display = ["name", "owner", "kind", "is_24_7", "is_single_point_of_contact", "verification"]
    list_filter = [
        "kind",
        "is_24_7",
        "receives_requests",
        "authorises",
        "executes",
        "is_single_point_of_contact",
        VerificationListFilter,
        "is_sample",
    ]
    search_fields = ["name", "email", "country__name", "organization__acronym", "organization__name"]
    list_select_related = ["country", "organization"]
    autocomplete_fields = ["country", "organization", "languages"]
    filter_horizontal = ["channels"]
    inlines = [ContactPointInline]

    @admin.display(
        description=_("country or organization"),
        ordering=Coalesce("country__name", "organization__acronym"),
    )
    def owner(self, authority):
        return authority.owner

    def get_queryset(self, request):
        # An authority's name includes its country's or organization's (autocomplete lists, which
        # use this queryset, history and deletion pages).
        return super().get_queryset(request).select_related("country", "organization")


class ContactPointForm(ConcurrencyForm):
    verified_now = forms.BooleanField(
        label=_("I have verified this contact point today"),
        required=False,
        help_text=_("Stamps today's date and your name as the last verification."),
    )

    class Meta:
        model = ContactPoint
        fields = "__all__"


@admin.register(ContactPoint)
class ContactPointAdmin(VerificationColumn, CountryScopedMixin, HandbookImportExportMixin, HistoryAdmin):
    resource_classes = [ContactPointResource]
    country_lookup = "authority__country_id"
    form = ContactPointForm
    readonly_fields = ["last_verified_on", "last_verified_by"]
    actions = ["mark_verified"]
    list_display = [
        "function",
        "person_name",
        "authority",
        "owner",
        "visibility",
        "is_24_7",
        "verification",
    ]
    list_filter = ["visibility", "is_24_7", "authority__kind", VerificationListFilter, "is_sample"]
    search_fields = ["function", "person_name", "email", "authority__name"]
    list_select_related = ["authority__country", "authority__organization"]
    autocomplete_fields = ["authority", "languages"]

    @admin.display(
        description=_("country or organization"),
        ordering=Coalesce("authority__country__name", "authority__organization__acronym"),
    )
    def owner(self, contact_point):
        # An organization's body has no country; show the organization instead of a blank.
        return contact_point.authority.owner

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "authority":
            # The selected authority's name, shown on the change form, includes its owner's.
            formfield.queryset = formfield.queryset.select_related("country", "organization")
        return formfield

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("verified_now"):
            obj.last_verified_on = timezone.localdate()
            obj.last_verified_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark selected contact points as verified today"), permissions=["change"])
    def mark_verified(self, request, queryset):
        # One save each (history), and only within the user's scope: the queryset is scoped.
        contacts = list(queryset.select_related("authority"))
        for contact in contacts:
            self._check_scope(request, contact)
            contact.mark_verified(request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d contact point marked as verified.",
                "%(count)d contact points marked as verified.",
                len(contacts),
            )
            % {"count": len(contacts)},
        )
