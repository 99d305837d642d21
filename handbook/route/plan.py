"""The route plan: origin, transit countries and destination, each with the answers that decide a
delivery and the authorities the viewer may see; the law on each border (`law`); the warnings where
the route breaks.

`plan_route` reads every chosen country at once, so that a route of ten countries runs exactly as
many queries as a route of two: route answers (questions joined), the countries' numbers of
authorities and visible contact points, the authorities an officer calls first (single points of
contact, 24/7 authorities, those that authorise, those with a 24/7 contact point the viewer may
see; languages and channels joined), their 24/7 contact points the viewer may see (languages
joined), memberships, international instruments, their provisions, the route's party records:
eight queries. The full lists of authorities and contacts are on each country's page.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import Authority, Channel, ContactPoint
from countries.expressions import JoinedStrings, joined_names
from countries.i18n import Written, format_day
from countries.models import Answer, Country, Membership, stale_cutoff
from handbook.route import law

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


@dataclass
class CallContact:
    """A 24/7 contact point on a plan: what the call sheet and the JSON show of it (plain values
    rather than a model instance: a plan shows hundreds, and an instance costs far more to build
    than the few values shown)."""

    FIELDS = ("pk", "authority_id", "function", "person_name", "phone", "mobile", "email", "is_24_7", "visibility")

    pk: int
    authority_id: int
    function: str
    person_name: str
    phone: object  # a phone number, or "" (contacts.fields)
    mobile: object
    email: str
    is_24_7: bool
    visibility: str
    language_names: str | None

    @property
    def is_public(self):
        return self.visibility == ContactPoint.Visibility.PUBLIC


@dataclass
class CallAuthority:
    """An authority an officer calls first, with its 24/7 contact points the viewer may see."""

    FIELDS = ("pk", "country_id", "name", "switchboard", "is_single_point_of_contact", "is_24_7", "authorises")

    pk: int
    country_id: int
    name: str
    switchboard: object
    is_single_point_of_contact: bool
    is_24_7: bool
    authorises: bool
    channel_names: str | None
    visible_contacts: list


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


ORIGIN, TRANSIT, DESTINATION, ONLY = "origin", "transit", "destination", "only"
ROLE_LABELS = {
    ORIGIN: gettext_lazy("Origin"),
    TRANSIT: gettext_lazy("Transit"),
    DESTINATION: gettext_lazy("Destination"),
    ONLY: gettext_lazy("Origin and destination"),
}


@dataclass
class Stop:
    """One country of a route, with its answers to the route questions, the authorities an officer
    calls first (each with its 24/7 contact points the viewer may see as `visible_contacts`), and
    how many authorities and visible contact points the country has in all."""

    country: Country
    position: int
    count: int
    answers: dict
    authorities: list
    memberships: list
    authority_count: int = 0
    contact_count: int = 0
    warnings: list = field(default_factory=list)

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
        """The answer's details in the reader's language where they exist (a `Written`)."""
        answer = self.answers.get(key)
        return answer.details_written if answer else Written()

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

    @cached_property
    def round_the_clock_numbers(self):
        """Every 24/7 number (or address) the viewer may see, as dicts (`number`: a phone number or
        None, `email`, `label`: who answers, `authority`, `function`, `languages`, `public`), the
        authorities' own 24/7 lines first: the call sheet shows the first and folds the others,
        and the JSON lists the same ones in the same order."""
        numbers = [
            {
                "number": authority.switchboard,
                "email": "",
                "label": authority.name,
                "authority": authority.name,
                "function": "",
                "languages": "",
                "public": True,
            }
            for authority in self.round_the_clock_authorities
            if authority.switchboard
        ]
        for authority, contact in self.round_the_clock_contacts:
            person = f"{contact.function}: {contact.person_name}" if contact.person_name else contact.function
            numbers.append(
                {
                    "number": contact.phone or contact.mobile or None,
                    "email": contact.email,
                    "label": f"{person}, {authority.name}",
                    "authority": authority.name,
                    "function": contact.function,
                    "languages": contact.language_names or "",
                    "public": contact.is_public,
                }
            )
        return numbers

    @property
    def has_24_7(self):
        """A 24/7 authority or a 24/7 contact point among those the viewer may see."""
        return bool(self.round_the_clock_authorities or self.round_the_clock_contacts)

    @property
    def channel_names(self):
        names = {name for authority in self.authorities for name in (authority.channel_names or "").split(", ")}
        return sorted(name for name in names if name)

    @property
    def serious_warnings(self):
        return [warning for warning in self.warnings if warning.level == SERIOUS]

    @property
    def member_of(self):
        return [membership.organization for membership in self.memberships if membership.kind == Membership.Kind.MEMBER]


@dataclass
class Leg:
    """The border between two neighbours on the route, with the rule's verdict on every
    international instrument (`law.Border`: applies, does_not_apply, may_apply)."""

    first: Stop
    second: Stop
    border: law.Border

    @property
    def applies(self):
        return self.border.applies

    @property
    def does_not_apply(self):
        return self.border.does_not_apply

    @property
    def may_apply(self):
        return self.border.may_apply


def legs_between(*, stops, instruments, today):
    """One `Leg` per pair of neighbours."""
    return [
        Leg(
            first=first,
            second=second,
            border=law.border(instruments=instruments, first=first.country, second=second.country, today=today),
        )
        for first, second in zip(stops, stops[1:], strict=False)
    ]


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
    open_keys += [key for key in TEXT_QUESTIONS if not stop.details(key)]
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
            date = format_day(reviewed, "j F Y")
            warn("stale", CAUTION, stop, message, date=date, months=settings.HANDBOOK_STALE_AFTER_MONTHS)
    return warnings


@dataclass
class RoutePlan:
    stops: list
    legs: list
    warnings: list
    mode: str = ""
    # The international instruments the legs were judged on (`law.international_instruments`, with
    # the route's party records), for whoever applies the same rule to another pair of the route.
    instruments: list = field(default_factory=list)

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


def answers_to(keys, *, ids):
    """{country id: {question key: answer}}: the answers of the countries `ids` to the questions
    `keys` (a route page's, a drafted request's), questions joined."""
    answers = defaultdict(dict)
    for answer in Answer.objects.filter(country_id__in=ids, question__key__in=keys).select_related("question"):
        answers[answer.country_id][answer.question.key] = answer
    return answers


def _first_to_call(ids, visible):
    """{country id: [CallAuthority]}: the authorities an officer calls first (single points of
    contact, 24/7 authorities, those that authorise, and those with a 24/7 contact point the viewer
    may see), each with those contact points, their languages joined."""
    contacts = defaultdict(list)
    for row in (
        visible.filter(is_24_7=True, authority__country_id__in=ids)
        .order_by("function", "pk")
        .values(*CallContact.FIELDS)
        .annotate(language_names=JoinedStrings("languages__name"))
    ):
        contacts[row["authority_id"]].append(CallContact(**row))
    first_to_call = (
        Authority.objects.filter(country_id__in=ids)
        .filter(Q(is_single_point_of_contact=True) | Q(is_24_7=True) | Q(authorises=True) | Q(pk__in=list(contacts)))
        .order_by("-is_single_point_of_contact", "-is_24_7", "name", "pk")
        .values(*CallAuthority.FIELDS, channel_names=joined_names(Channel.objects.all(), "authorities"))
    )
    authorities = defaultdict(list)
    for row in first_to_call:
        authorities[row["country_id"]].append(CallAuthority(**row, visible_contacts=contacts[row["pk"]]))
    return authorities


def _directory_counts(ids, visible):
    """{country id: (authorities, contact points the viewer may see)}."""
    return {
        pk: (authority_count, contact_count)
        for pk, authority_count, contact_count in Country.objects.filter(pk__in=ids)
        .annotate(
            authority_count=_count(Authority.objects.filter(country=OuterRef("pk")), "country"),
            contact_count=_count(visible.filter(authority__country=OuterRef("pk")), "authority__country"),
        )
        .values_list("pk", "authority_count", "contact_count")
    }


def _memberships(ids):
    memberships = defaultdict(list)
    for membership in Membership.objects.filter(country_id__in=ids).select_related("organization"):
        memberships[membership.country_id].append(membership)
    return memberships


def plan_route(*, countries, user, mode="", today=None):
    """The `RoutePlan` of `countries` (in route order) as `user` may see it, for `today`."""
    today = today or timezone.localdate()
    ids = [country.pk for country in countries]
    visible = ContactPoint.objects.visible_to(user)
    answers, authorities = answers_to(ROUTE_QUESTIONS, ids=ids), _first_to_call(ids, visible)
    counts, memberships = _directory_counts(ids, visible), _memberships(ids)
    stops = [
        Stop(
            country=country,
            position=position,
            count=len(countries),
            answers=answers[country.pk],
            authorities=authorities[country.pk],
            memberships=memberships[country.pk],
            authority_count=counts.get(country.pk, (0, 0))[0],
            contact_count=counts.get(country.pk, (0, 0))[1],
        )
        for position, country in enumerate(countries)
    ]
    official = bool(user is not None and user.is_authenticated and user.is_active)
    warnings = route_warnings(stops=stops, official=official, today=today)
    for warning in warnings:
        warning.stop.warnings.append(warning)
    instruments = law.international_instruments(
        country_ids=ids, memberships=[membership for stop in stops for membership in stop.memberships]
    )
    return RoutePlan(
        stops=stops,
        legs=legs_between(stops=stops, instruments=instruments, today=today),
        warnings=warnings,
        mode=mode,
        instruments=instruments,
    )


def _count(queryset, group_by):
    """The number of rows of `queryset` (filtered on an outer row) as a subquery; 0 for none."""
    counted = queryset.order_by().values(group_by).annotate(number=Count("pk")).values("number")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
