"""The country list's FilterSet: it needs both apps (24/7 contacts live in `contacts`)."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Authority, ContactPoint
from countries.filters import HandbookFilterSet
from countries.models import Answer, Country, Organization

PERMITTED_CHOICES = [
    ("yes", _("Yes")),
    ("partly", _("Partly")),
    ("no", _("No")),
    ("unknown", _("Unknown or not answered")),
]


def months_ago(months, today=None):
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=round(months * 30.44))


class CountryFilter(HandbookFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("OSCE status"), field_name="osce_status", choices=Country.OsceStatus.choices, empty_label=_("All")
    )
    organization = django_filters.ChoiceFilter(
        label=_("Member of"), field_name="memberships__organization__slug", empty_label=_("Any")
    )
    permitted = django_filters.ChoiceFilter(
        label=_("Controlled delivery permitted"),
        choices=PERMITTED_CHOICES,
        method="filter_permitted",
        empty_label=_("Any"),
    )
    h24 = django_filters.BooleanFilter(label=_("Has a 24/7 contact"), method="filter_h24")
    reviewed_within = django_filters.NumberFilter(
        label=_("Reviewed within (months)"), method="filter_reviewed_within", min_value=1, max_value=600
    )
    ordering = django_filters.OrderingFilter(
        label=_("Order by"),
        fields=(("name", "name"), ("last_reviewed_on", "reviewed")),
        field_labels={"name": _("Name"), "last_reviewed_on": _("Review date")},
        empty_label=_("Name"),
    )

    class Meta:
        model = Country
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].extra["choices"] = list(Organization.objects.values_list("slug", "acronym"))
        self.filters["h24"].field.widget.choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]

    def filter_permitted(self, queryset, name, value):
        answers = Answer.objects.filter(country=OuterRef("pk"), question__key="permitted")
        if value == "unknown":
            return queryset.exclude(Exists(answers.exclude(value__in=["", "unknown"])))
        return queryset.filter(Exists(answers.filter(value=value)))

    def filter_h24(self, queryset, name, value):
        # Only contact points the viewer may see count: a filter must not reveal a hidden one.
        has_24_7 = Exists(Authority.objects.filter(country=OuterRef("pk"), is_24_7=True)) | Exists(
            ContactPoint.objects.visible_to(self.user).filter(authority__country=OuterRef("pk"), is_24_7=True)
        )
        return queryset.filter(has_24_7) if value else queryset.exclude(has_24_7)

    def filter_reviewed_within(self, queryset, name, value):
        return queryset.filter(last_reviewed_on__gte=months_ago(float(value)))
