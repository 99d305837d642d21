"""What the admin's home shows a focal point: their countries, and what in them waits for a review
or a verification (a stale country review, authorities and contact points verified before the
cut-off or never), oldest first, each linked to its change form.

Scoped like the admin itself (countries/scope.py `managed_country_ids`): only the countries
assigned to the user, never another country's records. Five queries whatever the data size: the
countries, the stale authorities and contact points counted per country, and the oldest of each.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Authority, ContactPoint
from countries.admin import freshness
from countries.models import Country, is_stale_date, stale_cutoff

LIMIT = 20

KIND_LABELS = {
    "country": _("Country review"),
    "authority": _("Authority"),
    "contact_point": _("Contact point"),
}


@dataclass(frozen=True)
class StaleEntry:
    """One record to review or verify."""

    kind: str  # a key of KIND_LABELS
    country: Country
    name: str
    url: str
    within: str  # the authority of a contact point, else ""
    since: datetime.date | None  # last reviewed or verified on; None: never
    status: str  # how stale, as the countries list says it (countries/admin.py `freshness`)

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


@dataclass
class CountryState:
    """One of the user's countries: whether its review is stale, and how many of its authorities
    and contact points are."""

    country: Country
    review_status: str
    review_is_stale: bool
    stale_authorities: int = 0
    stale_contact_points: int = 0


@dataclass
class FocalPointHome:
    countries: list
    entries: list  # the LIMIT oldest, never reviewed or verified first
    total: int  # stale entries in all
    limit: int = LIMIT
    lists: dict = field(default_factory=dict)  # the full lists, filtered to what is stale

    @property
    def is_cut(self):
        return self.total > len(self.entries)


def _oldest_first(entry):
    return (entry.since is not None, entry.since or datetime.date.min, entry.country.name, entry.name)


def focal_point_home(country_ids, *, today=None):
    """The admin home's list for a user who manages the countries `country_ids` (a set of keys:
    countries/scope.py `managed_country_ids`)."""
    today = today or timezone.localdate()
    cutoff = stale_cutoff(today)
    countries = {country.pk: country for country in Country.objects.filter(pk__in=country_ids).order_by("name")}
    authorities = Authority.objects.filter(country__in=list(countries)).stale(today)
    contact_points = ContactPoint.objects.filter(authority__country__in=list(countries)).stale(today)
    authority_counts = dict(
        authorities.order_by().values("country").annotate(count=Count("pk")).values_list("country", "count")
    )
    contact_counts = dict(
        contact_points.order_by()
        .values("authority__country")
        .annotate(count=Count("pk"))
        .values_list("authority__country", "count")
    )

    states = []
    entries = []
    for country in countries.values():
        stale = is_stale_date(country.last_reviewed_on, cutoff)
        status = freshness(country.last_reviewed_on, cutoff=cutoff, today=today)
        states.append(
            CountryState(
                country=country,
                review_status=status,
                review_is_stale=stale,
                stale_authorities=authority_counts.get(country.pk, 0),
                stale_contact_points=contact_counts.get(country.pk, 0),
            )
        )
        if stale:
            entries.append(
                StaleEntry(
                    kind="country",
                    country=country,
                    name=country.name,
                    url=reverse("admin:countries_country_change", args=[country.pk]),
                    within="",
                    since=country.last_reviewed_on,
                    status=status,
                )
            )
    oldest = F("last_verified_on").asc(nulls_first=True)
    for authority in authorities.order_by(oldest, "name", "pk")[:LIMIT]:
        entries.append(
            StaleEntry(
                kind="authority",
                country=countries[authority.country_id],
                name=authority.name,
                url=reverse("admin:contacts_authority_change", args=[authority.pk]),
                within="",
                since=authority.last_verified_on,
                status=freshness(authority.last_verified_on, verified=True, cutoff=cutoff, today=today),
            )
        )
    for contact_point in contact_points.select_related("authority").order_by(oldest, "function", "pk")[:LIMIT]:
        entries.append(
            StaleEntry(
                kind="contact_point",
                country=countries[contact_point.authority.country_id],
                name=str(contact_point),
                url=reverse("admin:contacts_contactpoint_change", args=[contact_point.pk]),
                within=contact_point.authority.name,
                since=contact_point.last_verified_on,
                status=freshness(contact_point.last_verified_on, verified=True, cutoff=cutoff, today=today),
            )
        )
    entries.sort(key=_oldest_first)
    return FocalPointHome(
        countries=states,
        entries=entries[:LIMIT],
        total=sum(state.review_is_stale + state.stale_authorities + state.stale_contact_points for state in states),
        lists={
            "countries": reverse("admin:countries_country_changelist") + "?review=stale",
            "authorities": reverse("admin:contacts_authority_changelist") + "?verification=stale",
            "contact_points": reverse("admin:contacts_contactpoint_changelist") + "?verification=stale",
        },
    )
