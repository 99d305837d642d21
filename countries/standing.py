"""Where one country stands towards one international instrument: the facts the handbook can state,
before any pair of countries is compared (`handbook.route.law` composes two standings into the law
on a border; the coordinators' coverage view and `load_reference` count them).

A country is **bound** or **not bound** when a party record says so; a record whose `ceased_on` has
passed says it **ceased** to be bound (a former EU Member State). An instrument closed to the members
of an organization (`Instrument.closed_to`: the EU instruments and CISA) binds nobody else: a country
that is not a member and has no record of its own (an associated State has one) stands **outside**
it. Anything else is **unrecorded**: the handbook states nothing, and the pages say "may apply".
"""

from dataclasses import dataclass

from django.utils import timezone

from countries.models import Instrument, Membership, Party

BOUND, NOT_BOUND, CEASED, OUTSIDE, UNRECORDED = "bound", "not_bound", "ceased", "outside", "unrecorded"
STATED = (BOUND, NOT_BOUND, CEASED, OUTSIDE)


def standing(*, instrument, party, is_member, today):
    """BOUND, NOT_BOUND, CEASED, OUTSIDE or UNRECORDED for one country: `party` is its record for
    `instrument` (or None), `is_member` whether it is a member of `instrument.closed_to`."""
    if party is not None:
        if party.ceased_by(today):
            return CEASED
        return BOUND if party.is_bound else NOT_BOUND
    if instrument.closed_to_id is not None and not is_member:
        return OUTSIDE
    return UNRECORDED


def members_of_closing_organizations(*, country_ids=None):
    """{organization pk: {country pk}} of the members of every organization an instrument is closed
    to (one query), limited to `country_ids` when given."""
    members = Membership.objects.filter(
        kind=Membership.Kind.MEMBER, organization__in=Instrument.objects.values("closed_to")
    )
    if country_ids is not None:
        members = members.filter(country_id__in=country_ids)
    return members_by_organization(members.values_list("organization_id", "country_id"))


def members_by_organization(pairs):
    """{organization pk: {country pk}} from (organization pk, country pk) pairs of memberships as
    members."""
    found = {}
    for organization_id, country_id in pairs:
        found.setdefault(organization_id, set()).add(country_id)
    return found


@dataclass
class Coverage:
    """For one international instrument: each country's standing, and the counts."""

    instrument: Instrument
    cells: list  # [(country, standing, party or None)] in the countries' order

    def count(self, *states):
        return sum(1 for _country, state, _party in self.cells if state in states)

    @property
    def stated(self):
        """Countries whose standing the handbook states, the instrument being in force or not: an
        instrument recorded as not in force states "does not apply" for everyone."""
        if self.instrument.in_force == Instrument.InForce.NOT_IN_FORCE:
            return len(self.cells)
        return self.count(*STATED)

    @property
    def unrecorded(self):
        if self.instrument.in_force == Instrument.InForce.NOT_IN_FORCE:
            return []
        return [country for country, state, _party in self.cells if state == UNRECORDED]


def coverage(*, countries, today=None):
    """A `Coverage` per international instrument over `countries` (a list): three queries."""
    today = today or timezone.localdate()
    instruments = list(Instrument.objects.international().select_related("closed_to").order_by("short_name"))
    parties = {
        (party.instrument_id, party.country_id): party for party in Party.objects.filter(instrument__country=None)
    }
    members = members_of_closing_organizations()
    result = []
    for instrument in instruments:
        closed = members.get(instrument.closed_to_id, set())
        cells = []
        for country in countries:
            party = parties.get((instrument.pk, country.pk))
            state = standing(instrument=instrument, party=party, is_member=country.pk in closed, today=today)
            cells.append((country, state, party))
        result.append(Coverage(instrument, cells))
    return result
