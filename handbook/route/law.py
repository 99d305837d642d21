"""Which international instruments apply between two countries: one rule, three answers.

An instrument **applies** between A and B when it is recorded as in force and both A and B are
recorded as bound (by ratification, accession or succession, by taking part in an EU instrument, or
by association with Schengen), each from the date it entered into force for them, and neither has
excluded the controlled-delivery article by a reservation. It **does not apply** when the records
decide so: the instrument is not in force, one of the two is recorded as not bound (not a party, or
an EU Member State that does not take part) or as no longer bound (a former EU Member State), it is
closed to the members of an organization that one of them neither belongs to nor is associated with
(`Instrument.closed_to`), it is not yet in force for one of them, or a reservation excludes the
article. Otherwise it **may apply**: the handbook records nothing that decides it. Membership never
makes an instrument apply: only party records do; membership only closes a closed instrument.

Where each country stands is `countries.standing`; this module composes two standings. Facts come
from `countries/reference/parties.csv` (`Party` records, each with its source, its kind and the date
it was read), the instruments' entry into force, and the members of the closing organization.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from countries import standing as standings
from countries.i18n import format_day
from countries.models import Instrument, Party, Provision

APPLIES, DOES_NOT_APPLY, MAY_APPLY = "applies", "does_not_apply", "may_apply"

# Why an instrument does not apply, or may apply.
NOT_IN_FORCE = "not_in_force"
IN_FORCE_UNRECORDED = "in_force_unrecorded"
NOT_BOUND = "not_bound"
CEASED = "ceased"
OUTSIDE_CLOSED_SET = "outside_closed_set"
NOT_YET_IN_FORCE_FOR = "not_yet_in_force_for"
EXCLUDED_BY_RESERVATION = "excluded_by_reservation"
UNRECORDED = "unrecorded"


@dataclass
class Verdict:
    """What the rule says of one instrument between two countries.

    `answer`: APPLIES, DOES_NOT_APPLY or MAY_APPLY; `reason`: one of the reasons above (empty when it
    applies); `text`: the basis or the reason in a sentence; `parties`: the two countries' records
    (None where nothing is recorded); `conditions`: reservations or declarations that condition the
    controlled-delivery article, as (country, text); `outside`: the country that stands outside a
    closed instrument (its reason rests on the organization's list of members)."""

    instrument: Instrument
    answer: str
    reason: str
    text: str
    parties: tuple
    conditions: list = field(default_factory=list)
    countries: tuple = ()
    outside: object = None

    @cached_property
    def provisions(self):
        return list(self.instrument.provisions.all())

    @property
    def rests_on_party_records(self):
        """Whether the countries' own records decide the verdict (not the instrument's entry into
        force, nor the closing organization's list of members)."""
        return self.outside is None and (self.answer != MAY_APPLY or self.reason == UNRECORDED)

    @cached_property
    def sources(self):
        """The sources of the facts the verdict rests on, one per page, as (what it shows: the
        countries or the entry into force, url, read on)."""
        found = {}
        if self.outside is not None:
            organization = self.instrument.closed_to
            key = (organization.members_source_url, organization.members_source_read_on)
            if organization.members_source_url:
                found[key] = [_("members of the %(organization)s") % {"organization": organization.name}]
        elif self.rests_on_party_records:
            for country, party in zip(self.countries, self.parties, strict=True):
                if party is not None:
                    found.setdefault((party.source_url, party.source_read_on), []).append(country.name)
        if self.reason in (NOT_IN_FORCE, "") and self.instrument.in_force_source_url:
            key = (self.instrument.in_force_source_url, self.instrument.in_force_source_read_on)
            found.setdefault(key, []).append(_("entry into force"))
        return [(", ".join(shows), url, read_on) for (url, read_on), shows in found.items()]

    @cached_property
    def weaker_sources(self):
        """(country, kind of source) for each fact the verdict rests on whose source is neither the
        depositary nor an official gazette or treaty database: pages say so beside the fact."""
        if not self.rests_on_party_records:
            return []
        return [
            (country, party.get_source_kind_display())
            for country, party in zip(self.countries, self.parties, strict=True)
            if party is not None and not party.is_strong
        ]

    @property
    def as_of(self):
        """The oldest date on which one of its sources was read."""
        dates = [read_on for _shows, _url, read_on in self.sources if read_on]
        return min(dates) if dates else None


def _day(value):
    return format_day(value, "j F Y")


def _bound_text(country, party):
    if party.bound_since:
        return _("%(country)s (%(basis)s, in force for it since %(date)s)") % {
            "country": country.name,
            "basis": party.get_basis_display(),
            "date": _day(party.bound_since),
        }
    return _("%(country)s (%(basis)s)") % {"country": country.name, "basis": party.get_basis_display()}


def applicability(*, instrument, first, second, parties, today, members=frozenset()):
    """The `Verdict` on `instrument` between countries `first` and `second`.

    `parties` maps a country's pk to its `Party` record for this instrument (missing: nothing
    recorded); `members` holds the pks of the members of `instrument.closed_to` among the two
    (ignored for an open instrument); `today` is the day the answer is for."""
    records = (parties.get(first.pk), parties.get(second.pk))

    def verdict(answer, reason, text, conditions=(), outside=None):
        return Verdict(
            instrument, answer, reason, text, records, list(conditions), countries=(first, second), outside=outside
        )

    if instrument.in_force == Instrument.InForce.NOT_IN_FORCE:
        return verdict(DOES_NOT_APPLY, NOT_IN_FORCE, _("It is not in force."))
    if instrument.in_force != Instrument.InForce.IN_FORCE:
        return verdict(MAY_APPLY, IN_FORCE_UNRECORDED, _("Its entry into force is not recorded in the handbook."))
    if not instrument.in_force_by(today):
        text = _("It applies only from %(date)s.") % {"date": _day(instrument.starts_on)}
        return verdict(DOES_NOT_APPLY, NOT_IN_FORCE, text)
    pairs = list(zip((first, second), records, strict=True))
    states = [
        standings.standing(instrument=instrument, party=party, is_member=country.pk in members, today=today)
        for country, party in pairs
    ]
    for (country, party), state in zip(pairs, states, strict=True):
        if state == standings.CEASED:
            if instrument.closed_to_id and country.pk not in members:
                text = _(
                    "%(country)s is a former member of the %(organization)s: it has not applied to it since %(date)s."
                )
            else:
                text = _("It has not applied to %(country)s since %(date)s.")
            organization = instrument.closed_to.name if instrument.closed_to_id else ""
            text = text % {"country": country.name, "organization": organization, "date": _day(party.ceased_on)}
            return verdict(DOES_NOT_APPLY, CEASED, text)
    for (country, party), state in zip(pairs, states, strict=True):
        if state == standings.NOT_BOUND:
            text = _("%(country)s is not bound: %(basis)s.") % {
                "country": country.name,
                "basis": party.get_basis_display(),
            }
            return verdict(DOES_NOT_APPLY, NOT_BOUND, text)
    for (country, _party), state in zip(pairs, states, strict=True):
        if state == standings.OUTSIDE:
            text = _("%(country)s is not a member of the %(organization)s and is not associated with it.") % {
                "country": country.name,
                "organization": instrument.closed_to.name,
            }
            return verdict(DOES_NOT_APPLY, OUTSIDE_CLOSED_SET, text, outside=country)
    for country, party in pairs:
        if party is not None and party.bound_since and party.bound_since > today:
            text = _("It enters into force for %(country)s on %(date)s.") % {
                "country": country.name,
                "date": _day(party.bound_since),
            }
            return verdict(DOES_NOT_APPLY, NOT_YET_IN_FORCE_FOR, text)
    for country, party in pairs:
        if party is not None and party.excludes_provision:
            text = _("%(country)s excluded the controlled-delivery article by a reservation: %(conditions)s") % {
                "country": country.name,
                "conditions": party.conditions,
            }
            return verdict(DOES_NOT_APPLY, EXCLUDED_BY_RESERVATION, text)
    missing = [country.name for country, party in pairs if party is None]
    if len(missing) == 2:
        text = _("Not recorded whether %(first)s and %(second)s are bound.") % {
            "first": missing[0],
            "second": missing[1],
        }
        return verdict(MAY_APPLY, UNRECORDED, text)
    if missing:
        return verdict(MAY_APPLY, UNRECORDED, _("Not recorded whether %(country)s is bound.") % {"country": missing[0]})
    conditions = [(country, party.conditions) for country, party in pairs if party.conditions]
    text = _("Both are bound: %(first)s and %(second)s.") % {
        "first": _bound_text(first, records[0]),
        "second": _bound_text(second, records[1]),
    }
    return verdict(APPLIES, "", text, conditions)


def international_instruments(*, country_ids, memberships=None):
    """International instruments with their provisions, the party records of the countries among
    `country_ids` (`route_parties`) and, for a closed instrument, which of them are members of the
    organization it is closed to (`route_members`, a set of country pks): three queries whatever
    the number of countries, and a fourth unless the caller passes those countries' `memberships`
    (a route plan has read them already)."""
    instruments = list(
        Instrument.objects.international()
        .select_related("closed_to")
        .prefetch_related(
            Prefetch("provisions", queryset=Provision.objects.order_by("order", "article")),
            Prefetch("parties", queryset=Party.objects.filter(country_id__in=country_ids), to_attr="route_parties"),
        )
        .order_by("short_name")
    )
    if memberships is None:
        members = standings.members_of_closing_organizations(country_ids=country_ids)
    else:
        members = standings.members_by_organization(
            (membership.organization_id, membership.country_id)
            for membership in memberships
            if membership.kind == membership.Kind.MEMBER
        )
    for instrument in instruments:
        instrument.route_members = members.get(instrument.closed_to_id, set())
    return instruments


@dataclass
class Border:
    """What the rule says of every international instrument between two neighbours, sorted into
    the three answers."""

    applies: list
    does_not_apply: list
    may_apply: list


def border(*, instruments, first, second, today):
    """The `Border` between countries `first` and `second`; `instruments` from
    `international_instruments` (their `route_parties` cover both countries)."""
    sorted_verdicts = {APPLIES: [], DOES_NOT_APPLY: [], MAY_APPLY: []}
    for instrument in instruments:
        parties = {party.country_id: party for party in instrument.route_parties}
        found = applicability(
            instrument=instrument,
            first=first,
            second=second,
            parties=parties,
            today=today,
            members=instrument.route_members,
        )
        sorted_verdicts[found.answer].append(found)
    return Border(
        applies=sorted_verdicts[APPLIES],
        does_not_apply=sorted_verdicts[DOES_NOT_APPLY],
        may_apply=sorted_verdicts[MAY_APPLY],
    )
