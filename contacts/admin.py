"""Admin for competent authorities and their contact points."""

from django.contrib import admin
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from contacts.models import Authority, Channel, ContactPoint
from countries.admin import HistoryAdmin, StaleListFilter
from countries.admin_scope import CountryScopedMixin


class VerificationListFilter(StaleListFilter):
    title = _("verification")
    parameter_name = "verification"
    current_label = ngettext_lazy("Verified within %(months)d month", "Verified within %(months)d months", "months")


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ContactPointInline(CountryScopedMixin, admin.TabularInline):
    country_lookup = "authority__country_id"
    model = ContactPoint
    fields = ["function", "person_name", "phone", "mobile", "email", "is_24_7", "visibility", "last_verified_on"]
    extra = 0
    show_change_link = True


@admin.register(Authority)
class AuthorityAdmin(CountryScopedMixin, HistoryAdmin):
    coordinator_only_fields = ("organization",)
    list_display = ["name", "owner", "kind", "is_24_7", "is_single_point_of_contact", "last_verified_on"]
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


@admin.register(ContactPoint)
class ContactPointAdmin(CountryScopedMixin, HistoryAdmin):
    country_lookup = "authority__country_id"
    readonly_fields = ["last_verified_by"]
    list_display = [
        "function",
        "person_name",
        "authority",
        "owner",
        "visibility",
        "is_24_7",
        "last_verified_on",
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
