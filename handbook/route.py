"""Several countries at once: the comparison of their answers, and the route planner (origin, transit
countries, destination) with the international instruments that apply between neighbours and the
warnings where a route breaks.

Plain functions with keyword arguments. Each step reads every chosen country at once, so that a
route of ten countries runs exactly as many queries as a route of two:

- `select_countries`: every country in one query (the "add a country" list needs them all anyway);
- `compare`: questions, answers, the answers' provisions: three queries;
- `plan_route`: route answers (questions joined), authorities (languages and channels joined), the
  contact points the viewer may see (languages joined), memberships, international instruments
  (the route's parties joined), their provisions: six queries.

Which international instruments apply is derived, never written down per country: an instrument
applies between two countries when both are recorded parties to it, or when both are members of
the organization whose membership decides it (`Instrument.membership_basis`, the EU for the EU's
instruments). An instrument with neither recorded is listed as one that *may* apply, never as one
that does.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from contacts.models import Authority
from countries.expressions import joined_names
from countries.models import Answer, Country, Instrument, Language, Membership, Provision, Question, stale_cutoff
from handbook.profile import authorities_with_contacts

MAX_COUNTRIES = 10
# More codes than this in one request are not even looked at: the message says "too many" anyway.
MAX_CODES_READ = 100

UNKNOWN = Answer.Value.UNKNOWN
NO = Answer.Value.NO
PARTLY = Answer.Value.PARTLY
YES = Answer.Value.YES


class Mode(models.TextChoices):
    AIR = "air", gettext_lazy("Air")
    SEA = "sea", gettext_lazy("Sea")
    ROAD = "road", gettext_lazy("Road")
    RAIL = "rail", gettext_lazy("Rail")
    POST = "post", gettext_lazy("Post")


# The questions a route plan shows for every country, with the short labels of its summary table.
VALUE_QUESTIONS = {
    "permitted": gettext_lazy("Controlled delivery permitted"),
    "transit": gettext_lazy("Transit permitted"),
    "outgoing": gettext_lazy("Outgoing delivery permitted"),
    "substitution": gettext_lazy("Substitution permitted"),
    "mla_request_required": gettext_lazy("Formal MLA request required"),
}
TEXT_QUESTIONS = {
    "authorising_authority": gettext_lazy("Who authorises"),
    "request_languages": gettext_lazy("Languages of requests"),
    "channels": gettext_lazy("Accepted channels"),
}
ROUTE_QUESTIONS = [*VALUE_QUESTIONS, *TEXT_QUESTIONS]


# Choosing countries --------------------------------------------------------------------------------


def normalise_code(code):
    return code.strip().upper()


def read_codes(values):
    """The non-empty codes among `values` (the repeated `c` parameter), upper-cased, in order."""
    return [code for code in (normalise_code(value) for value in values[:MAX_CODES_READ]) if code]


@dataclass
class Selection:
    """The countries a request names, and what is wrong with the request if anything.

    `countries` holds the known codes, each once, at most `maximum`, in the order given: the form
    shows them, so that one more click repairs the request.
    """

    countries: list
    choices: list
    errors: list = field(default_factory=list)
    notice: str = ""
    minimum: int = 1
    maximum: int = MAX_COUNTRIES

    @property
    def is_ready(self):
        return not self.errors and not self.notice

    @property
    def codes(self):
        return [str(country.code) for country in self.countries]

    @property
    def is_full(self):
        return len(self.countries) >= self.maximum

    @property
    def addable(self):
        """The countries that can still be added (not chosen yet)."""
        chosen = {country.pk for country in self.countries}
        return [country for country in self.choices if country.pk not in chosen]


def all_countries():
    """Every country by name, with its request languages joined (one query)."""
    return list(
        Country.objects.annotate(request_language_names=joined_names(Language.objects.all(), "countries")).order_by(
            "name"
        )
    )


def parse_selection(*, codes, countries, minimum, maximum=MAX_COUNTRIES, empty_notice=""):
    """Check `codes` against `countries` (all of them) and return a `Selection`."""
    by_code = {str(country.code): country for country in countries}
    chosen, seen, unknown, repeated = [], set(), [], []
    for code in codes:
        country = by_code.get(code)
        if country is None:
            if code not in unknown:
                unknown.append(code)
        elif code in seen:
            if country not in repeated:
                repeated.append(country)
        else:
            seen.add(code)
            chosen.append(country)
    errors = []
    if unknown:
        shown = ", ".join(f"“{code[:12]}”" for code in unknown[:5])
        errors.append(
            ngettext(
                "Unknown country code: %(codes)s. Use the two-letter ISO codes of the countries in the handbook.",
                "Unknown country codes: %(codes)s. Use the two-letter ISO codes of the countries in the handbook.",
                len(unknown),
            )
            % {"codes": shown}
        )
    for country in repeated:
        errors.append(
            _("%(country)s is listed more than once; each country can appear only once.") % {"country": country}
        )
    if len(chosen) > maximum:
        errors.append(
            _("Choose at most %(maximum)s countries (%(count)s were given); only the first %(maximum)s are kept below.")
            % {"maximum": maximum, "count": len(chosen)}
        )
        chosen = chosen[:maximum]
    notice = ""
    if not errors and len(chosen) < minimum:
        notice = (
            empty_notice
            if not chosen and empty_notice
            else _("Choose at least %(minimum)s countries (%(count)s chosen so far).")
            % {"minimum": minimum, "count": len(chosen)}
        )
    return Selection(
        countries=chosen, choices=countries, errors=errors, notice=notice, minimum=minimum, maximum=maximum
    )


def select_countries(*, codes, minimum, maximum=MAX_COUNTRIES, empty_notice=""):
    return parse_selection(
        codes=codes, countries=all_countries(), minimum=minimum, maximum=maximum, empty_notice=empty_notice
    )


def edit_codes(*, codes, add="", move="", remove=""):
    """`codes` after the form's buttons: `remove=<index>`, `move=up:<index>` or `move=down:<index>`,
    then `add=<code>` appended. Indexes count from 0; anything malformed is ignored."""
    codes = list(codes)
    try:
        index = int(remove)
    except (TypeError, ValueError):
        index = None
    if index is not None and 0 <= index < len(codes):
        del codes[index]
    direction, _sep, position = (move or "").partition(":")
    try:
        index = int(position)
    except ValueError:
        index = None
    if index is not None and 0 <= index < len(codes):
        other = index - 1 if direction == "up" else index + 1 if direction == "down" else -1
        if 0 <= other < len(codes):
            codes[index], codes[other] = codes[other], codes[index]
    add = normalise_code(add or "")
    if add:
        codes.append(add)
    return codes


# Comparison ---------------------------------------------------------------------------------------


@dataclass
class Cell:
    country: Country
    value: str
    details: str
    provisions: list


@dataclass
class Row:
    question: Question
    cells: list

    @property
    def differs(self):
        """Whether the countries answer differently: by value for a yes/no question, by text
        (spacing and case aside) for a text question."""
        if self.question.has_value:
            return len({cell.value for cell in self.cells}) > 1
        return len({" ".join(cell.details.split()).casefold() for cell in self.cells}) > 1


@dataclass
class SectionRows:
    section: object
    rows: list

    @property
    def differs(self):
        return any(row.differs for row in self.rows)


def compare(*, countries):
    """[SectionRows] in questionnaire order, one cell per country in the order given."""
    ids = [country.pk for country in countries]
    answers = {
        (answer.country_id, answer.question_id): answer
        for answer in Answer.objects.filter(country_id__in=ids).only(
            "pk", "country_id", "question_id", "value", "details"
        )
    }
    provisions = defaultdict(list)
    for provision in (
        Provision.objects.filter(answers__country_id__in=ids)
        .annotate(answer_pk=F("answers__pk"))
        .select_related("instrument")
        .order_by("instrument__short_name", "order", "article")
    ):
        provisions[provision.answer_pk].append(provision)
    sections = []
    for question in Question.objects.select_related("section"):
        cells = []
        for country in countries:
            answer = answers.get((country.pk, question.pk))
            value = (answer.value if answer else "") or (UNKNOWN if question.has_value else "")
            cells.append(
                Cell(
                    country=country,
                    value=value,
                    details=answer.details if answer else "",
                    provisions=provisions.get(answer.pk, []) if answer else [],
                )
            )
        row = Row(question=question, cells=cells)
        if sections and sections[-1].section == question.section:
            sections[-1].rows.append(row)
        else:
            sections.append(SectionRows(section=question.section, rows=[row]))
    return sections


# Route plan ---------------------------------------------------------------------------------------


ORIGIN, TRANSIT, DESTINATION, ONLY = "origin", "transit", "destination", "only"
ROLE_LABELS = {
    ORIGIN: gettext_lazy("Origin"),
    TRANSIT: gettext_lazy("Transit"),
    DESTINATION: gettext_lazy("Destination"),
    ONLY: gettext_lazy("Origin and destination"),
}


@dataclass
class Stop:
    """One country of a route, with its answers to the route questions and its authorities (each
    with the contact points the viewer may see as `visible_contacts`)."""

    country: Country
    position: int
    count: int
    answers: dict
    authorities: list
    memberships: list

    @property
    def number(self):
        return self.position + 1

    @property
    def role(self):
        if self.count == 1:
            return ONLY
        if self.position == 0:
            return ORIGIN
        if self.position == self.count - 1:
            return DESTINATION
        return TRANSIT

    @property
    def role_label(self):
        return ROLE_LABELS[self.role]

    def value(self, key):
        answer = self.answers.get(key)
        return (answer.value if answer else "") or UNKNOWN

    def details(self, key):
        answer = self.answers.get(key)
        return answer.details if answer else ""

    @property
    def conditions(self):
        """[(key, label, value, details)] for the yes/no route questions."""
        return [(key, label, self.value(key), self.details(key)) for key, label in VALUE_QUESTIONS.items()]

    @property
    def values(self):
        return {key: self.value(key) for key in VALUE_QUESTIONS}

    @property
    def texts(self):
        return {key: self.details(key) for key in TEXT_QUESTIONS}

    @property
    def single_points_of_contact(self):
        return [authority for authority in self.authorities if authority.is_single_point_of_contact]

    @property
    def authorisers(self):
        return [authority for authority in self.authorities if authority.authorises]

    @property
    def round_the_clock_authorities(self):
        return [authority for authority in self.authorities if authority.is_24_7]

    @property
    def round_the_clock_contacts(self):
        return [
            (authority, contact)
            for authority in self.authorities
            for contact in authority.visible_contacts
            if contact.is_24_7
        ]

    @property
    def has_24_7(self):
        """A 24/7 authority or a 24/7 contact point among those the viewer may see."""
        return bool(self.round_the_clock_authorities or self.round_the_clock_contacts)

    @property
    def channel_names(self):
        names = {name for authority in self.authorities for name in (authority.channel_names or "").split(", ")}
        return sorted(name for name in names if name)

    @property
    def contact_count(self):
        return sum(len(authority.visible_contacts) for authority in self.authorities)

    @property
    def member_of(self):
        return [membership.organization for membership in self.memberships if membership.kind == Membership.Kind.MEMBER]


PARTIES, MEMBERSHIP = "parties", "membership"


def applies_between(*, instrument, first, second, parties, members):
    """Why `instrument` applies between countries `first` and `second`: PARTIES when both are
    recorded parties, MEMBERSHIP when both are members of its `membership_basis`; None otherwise.

    `parties` holds the codes of the recorded parties (at least those among the two), `members`
    maps an organization's pk to the codes of its members (kind "member").
    """
    pair = {str(first.code), str(second.code)}
    if pair <= set(parties):
        return PARTIES
    if instrument.membership_basis_id and pair <= set(members.get(instrument.membership_basis_id, ())):
        return MEMBERSHIP
    return None


def parties_unrecorded(instrument):
    """Neither parties nor a membership basis recorded: the handbook cannot say between whom it applies."""
    return not instrument.has_parties and not instrument.membership_basis_id


@dataclass
class Applicable:
    instrument: Instrument
    basis: str

    @property
    def basis_label(self):
        if self.basis == PARTIES:
            return _("both are parties")
        organization = self.instrument.membership_basis
        return _("both are members of the %(organization)s") % {"organization": organization.acronym}


@dataclass
class Leg:
    """The border between two neighbours on the route."""

    first: Stop
    second: Stop
    applicable: list
    unrecorded: list


def legs_between(*, stops, instruments, members):
    """One `Leg` per pair of neighbours. `instruments` carry `has_parties` and `route_parties`
    (the joined codes of the route's countries that are parties)."""
    legs = []
    for first, second in zip(stops, stops[1:], strict=False):
        applicable, unrecorded = [], []
        for instrument in instruments:
            parties = [code for code in (instrument.route_parties or "").split(", ") if code]
            basis = applies_between(
                instrument=instrument, first=first.country, second=second.country, parties=parties, members=members
            )
            if basis:
                applicable.append(Applicable(instrument=instrument, basis=basis))
            elif parties_unrecorded(instrument):
                unrecorded.append(instrument)
        legs.append(Leg(first=first, second=second, applicable=applicable, unrecorded=unrecorded))
    return legs


# Warnings

SERIOUS, CAUTION = "serious", "caution"


@dataclass
class RouteWarning:
    rule: str
    level: str
    stop: Stop
    message: str


def _questions_left_open(stop):
    """Labels of the route questions that `stop`'s role makes relevant and that have no answer."""
    keys = ["permitted", "substitution", "mla_request_required"]
    if stop.role == ORIGIN:
        keys.append("outgoing")
    if stop.role == TRANSIT:
        keys.append("transit")
    open_keys = [key for key in VALUE_QUESTIONS if key in keys and stop.value(key) == UNKNOWN]
    open_keys += [key for key in TEXT_QUESTIONS if not stop.details(key).strip()]
    return [str(VALUE_QUESTIONS.get(key) or TEXT_QUESTIONS[key]) for key in open_keys]


# What a role requires of a yes/no answer: (rule, question key, roles or None for every role,
# {answer value: (level, message)}).
PERMISSION_RULES = [
    (
        "not_permitted",
        "permitted",
        None,
        {
            NO: (SERIOUS, gettext_lazy("%(country)s: controlled delivery is not permitted under national law.")),
            PARTLY: (
                CAUTION,
                gettext_lazy(
                    "%(country)s: controlled delivery is permitted only in part or under conditions; read the details."
                ),
            ),
        },
    ),
    (
        "outgoing_not_permitted",
        "outgoing",
        {ORIGIN},
        {
            NO: (
                SERIOUS,
                gettext_lazy("%(country)s is the origin but does not let a consignment leave under supervision."),
            ),
            PARTLY: (
                CAUTION,
                gettext_lazy(
                    "%(country)s is the origin and allows outgoing deliveries only in part or under conditions."
                ),
            ),
        },
    ),
    (
        "transit_not_permitted",
        "transit",
        {TRANSIT},
        {
            NO: (
                SERIOUS,
                gettext_lazy("%(country)s is a transit country but does not permit transit controlled deliveries."),
            ),
            PARTLY: (
                CAUTION,
                gettext_lazy("%(country)s permits transit controlled deliveries only in part or under conditions."),
            ),
        },
    ),
]


def route_warnings(*, stops, official, today=None):
    """Where the route breaks (SERIOUS) or needs checking (CAUTION), in route order.

    `official`: whether the viewer sees officials-only contact points. For a visitor, "no 24/7
    contact" means no *public* one, and says so, so that the warning reads the same whether or not
    a hidden 24/7 contact exists.
    """
    warnings = []
    cutoff = stale_cutoff(today)

    def warn(rule, level, stop, message, **values):
        text = str(message) % {"country": stop.country, **values}
        warnings.append(RouteWarning(rule=rule, level=level, stop=stop, message=text))

    for stop in stops:
        for rule, key, roles, outcomes in PERMISSION_RULES:
            if (roles is None or stop.role in roles) and stop.value(key) in outcomes:
                level, message = outcomes[stop.value(key)]
                warn(rule, level, stop, message)

        origin = stops[0]
        if stop is not origin and origin.value("substitution") in (YES, PARTLY) and stop.value("substitution") == NO:
            message = _(
                "Substitution is permitted at the origin (%(origin)s) but not in %(country)s: "
                "a substituted consignment may not be accepted there."
            )
            warn("substitution_mismatch", SERIOUS, stop, message, origin=origin.country)

        if stop.value("mla_request_required") == YES:
            message = _(
                "%(country)s requires a formal mutual legal assistance request, which may have to arrive "
                "before the delivery: allow time for it."
            )
            warn("mla_request_required", CAUTION, stop, message)

        if not stop.has_24_7:
            if official:
                message = _("%(country)s: no 24/7 contact is recorded.")
            else:
                message = _("%(country)s: no public 24/7 contact is recorded; signed-in officials may see more.")
            warn("no_24_7", CAUTION, stop, message)

        left_open = _questions_left_open(stop)
        if left_open:
            message = _("%(country)s: no answer yet on %(questions)s.")
            warn("unknown_answer", CAUTION, stop, message, questions=", ".join(left_open))

        reviewed = stop.country.last_reviewed_on
        if reviewed is None:
            warn(
                "stale", CAUTION, stop, _("%(country)s: the entry has never been reviewed; confirm with the contacts.")
            )
        elif reviewed < cutoff:
            message = _(
                "%(country)s: the entry was last reviewed on %(date)s, over %(months)s months ago; "
                "confirm with the contacts."
            )
            date = date_format(reviewed, "j F Y")
            warn("stale", CAUTION, stop, message, date=date, months=settings.HANDBOOK_STALE_AFTER_MONTHS)
    return warnings


@dataclass
class RoutePlan:
    stops: list
    legs: list
    warnings: list
    mode: str = ""

    @property
    def countries(self):
        return [stop.country for stop in self.stops]

    @property
    def mode_label(self):
        return Mode(self.mode).label if self.mode else ""

    @property
    def serious_warnings(self):
        return [warning for warning in self.warnings if warning.level == SERIOUS]

    @property
    def cautions(self):
        return [warning for warning in self.warnings if warning.level == CAUTION]

    @property
    def sequence(self):
        """Stops and legs interleaved, as the page shows them: stop, leg, stop, leg, stop."""
        items = []
        for index, stop in enumerate(self.stops):
            items.append(("stop", stop))
            if index < len(self.legs):
                items.append(("leg", self.legs[index]))
        return items


def international_instruments(*, country_ids):
    """International instruments with their provisions, whether any party is recorded
    (`has_parties`), and the codes of the countries among `country_ids` that are parties
    (`route_parties`, joined): two queries whatever the number of countries."""
    return list(
        Instrument.objects.international()
        .select_related("membership_basis")
        .annotate(
            has_parties=Exists(Instrument.parties.through.objects.filter(instrument_id=OuterRef("pk"))),
            route_parties=joined_names(Country.objects.filter(pk__in=country_ids), "instruments_party_to", "code"),
        )
        .prefetch_related(Prefetch("provisions", queryset=Provision.objects.order_by("order", "article")))
        .order_by("short_name")
    )


def plan_route(*, countries, user, mode="", today=None):
    """The `RoutePlan` of `countries` (in route order) as `user` may see it."""
    ids = [country.pk for country in countries]
    answers = defaultdict(dict)
    for answer in Answer.objects.filter(country_id__in=ids, question__key__in=ROUTE_QUESTIONS).select_related(
        "question"
    ):
        answers[answer.country_id][answer.question.key] = answer
    authorities = defaultdict(list)
    for authority in authorities_with_contacts(Authority.objects.filter(country_id__in=ids), user).order_by(
        "-is_single_point_of_contact", "-is_24_7", "name", "pk"
    ):
        authorities[authority.country_id].append(authority)
    codes = {country.pk: str(country.code) for country in countries}
    memberships = defaultdict(list)
    members = defaultdict(set)
    for membership in Membership.objects.filter(country_id__in=ids).select_related("organization"):
        memberships[membership.country_id].append(membership)
        if membership.kind == Membership.Kind.MEMBER:
            members[membership.organization_id].add(codes[membership.country_id])
    stops = [
        Stop(
            country=country,
            position=position,
            count=len(countries),
            answers=answers[country.pk],
            authorities=authorities[country.pk],
            memberships=memberships[country.pk],
        )
        for position, country in enumerate(countries)
    ]
    official = bool(user is not None and user.is_authenticated and user.is_active)
    return RoutePlan(
        stops=stops,
        legs=legs_between(stops=stops, instruments=international_instruments(country_ids=ids), members=members),
        warnings=route_warnings(stops=stops, official=official, today=today),
        mode=mode,
    )
