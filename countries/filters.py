"""FilterSets for the pages of the countries app: the legislation directory."""

import django_filters
from django.db.models import CharField, Q, Value
from django.utils.translation import gettext_lazy as _

from countries.i18n import fold, translated_column
from countries.models import Country, Instrument, Provision, Topic

INTERNATIONAL = "international"


def choice_lists(**querysets):
    """The (value, label) pairs of several lists in one query: `querysets` maps a list's name to
    (queryset, value field, label field); a translated label is read in the reader's language.
    Each list comes sorted by label. The rows of a union are read with the first queryset's column
    types: give a first list whose value and label are plain text (not, say, a country field, which
    would convert every list's values).

    A list page's filters offer countries, languages, channels and organizations; one query for all
    of them instead of one each saves the round trips and most of the ORM's work per query."""
    names = list(querysets)
    parts = [
        _plain(queryset)
        .order_by()
        .annotate(list_name=Value(name, output_field=CharField()), list_label=translated_column(queryset.model, label))
        .values_list("list_name", value, "list_label")
        for name, (queryset, value, label) in querysets.items()
    ]
    lists = {name: [] for name in names}
    for name, value, label in parts[0].union(*parts[1:], all=True):
        lists[name].append((str(value), label))
    return {name: sorted(pairs, key=lambda pair: fold(pair[1])) for name, pairs in lists.items()}


def _plain(queryset):
    """The queryset without django-modeltranslation's rewriting of field names."""
    return queryset.rewrite(False) if hasattr(queryset, "rewrite") else queryset


class HandbookFilterSet(django_filters.FilterSet):
    """A FilterSet that knows whether any of its filters is in use (pagination alone is not)."""

    #: Fields the free-text filter `q` looks in (case-insensitive "contains", any of them).
    search_fields = ()

    @property
    def qs(self):
        """The rows the filters select; none while a filter cannot be read (an unknown country, a
        malformed date): a list that silently ignored it would show rows nobody asked for, and its
        export would hold them too."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    @property
    def is_active(self):
        return self.is_bound and any(self.data.get(name) for name in self.filters)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class ProvisionFilter(HandbookFilterSet):
    search_fields = ("title", "summary", "excerpt", "article", "instrument__short_name", "instrument__title")
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    country = django_filters.ChoiceFilter(label=_("Country"), method="filter_country", empty_label=_("All"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind of instrument"),
        field_name="instrument__kind",
        choices=Instrument.Kind.choices,
        empty_label=_("All"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"), field_name="topics", queryset=Topic.objects.all(), to_field_name="slug", empty_label=_("All")
    )
    ordering = django_filters.OrderingFilter(
        label=_("Order by"),
        fields=(("instrument__short_name", "instrument"), ("updated_at", "updated")),
        field_labels={"instrument__short_name": _("Instrument"), "updated_at": _("Last updated")},
        empty_label=_("Default"),
    )

    class Meta:
        model = Provision
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Plain choices rather than a model choice field: one query, and codes in the URL.
        self.filters["country"].extra["choices"] = [(INTERNATIONAL, _("International instruments"))] + [
            (str(code), name) for code, name in Country.objects.values_list("code", "name")
        ]

    def filter_country(self, queryset, name, value):
        if value == INTERNATIONAL:
            return queryset.filter(instrument__country__isnull=True)
        return queryset.filter(instrument__country__code=value)
