"""The contact directory's FilterSet. Its `.qs` feeds both the page and its exports."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from contacts.models import Authority, Channel, ContactPoint, directory_order, sort_column
from countries.filters import HandbookFilterSet, choice_lists
from countries.i18n import columns
from countries.models import Country, Language, Organization

ROLE_CHOICES = [
    ("receives_requests", _("Receives requests")),
    ("authorises", _("Authorises")),
    ("executes", _("Executes")),
    ("is_single_point_of_contact", _("Single point of contact")),
]


class DirectoryOrderingFilter(django_filters.OrderingFilter):
    """The chosen order, then the directory's own: rows that tie on the chosen column (the same
    country, the same verification date) keep one order, so that pages neither repeat nor skip a
    contact point."""

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        return qs.order_by(*(self.get_ordering_value(param) for param in value), *directory_order())

    def get_ordering_value(self, param):
        # The country's name in the reader's language (directory_order).
        value = super().get_ordering_value(param)
        return value.replace("sort_country", sort_column()) if value.lstrip("-") == "sort_country" else value


class ContactPointFilter(HandbookFilterSet):
    search_fields = ("function", "person_name", "email", "authority__name", *columns("authority__country__name"))
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="authority__country__code", empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of authority"), field_name="authority__kind", choices=Authority.Kind.choices, empty_label=_("All")
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=ROLE_CHOICES, method="filter_role", empty_label=_("All")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), field_name="languages__code", empty_label=_("All"), distinct=True
    )
    h24 = django_filters.BooleanFilter(label=_("Reachable 24/7"), field_name="is_24_7")
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), field_name="authority__channels__slug", empty_label=_("All"), distinct=True
    )
    organization = django_filters.ChoiceFilter(
        label=_("Organization"), method="filter_organization", empty_label=_("All")
    )
    ordering = DirectoryOrderingFilter(
        label=_("Order by"),
        fields=(
            ("sort_country", "country"),
            ("sort_authority", "authority"),
            ("function", "function"),
            ("last_verified_on", "verified"),
        ),
        field_labels={
            "sort_country": _("Country"),
            "sort_authority": _("Authority"),
            "function": _("Function"),
            "last_verified_on": _("Last verified"),
        },
        empty_label=_("Default"),
    )

    class Meta:
        model = ContactPoint
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices as (code, name) pairs, all from one query: readable URLs (country=AL) and no
        # per-option query when the form renders. Languages are those some contact point speaks
        # (EXISTS, not a DISTINCT over the whole join).
        spoken = ContactPoint.languages.through.objects.filter(language=OuterRef("pk"))
        lists = choice_lists(
            language=(Language.objects.filter(Exists(spoken)), "code", "name"),
            country=(Country.objects.all(), "code", "name"),
            channel=(Channel.objects.all(), "slug", "name"),
            organization=(Organization.objects.all(), "slug", "acronym"),
        )
        for name, choices in lists.items():
            self.filters[name].extra["choices"] = choices
        self.filters["h24"].field.widget.choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]

    def filter_role(self, queryset, name, value):
        return queryset.filter(**{f"authority__{value}": True})

    def filter_organization(self, queryset, name, value):
        """Contacts of the organization's own bodies and of its member countries."""
        return queryset.filter(
            Q(authority__organization__slug=value) | Q(authority__country__memberships__organization__slug=value)
        ).distinct()
