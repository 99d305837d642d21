"""What the handbook knows for each State a route's requests go to: the `Dossier` of a route.

`dossier_for` reads the route plan (`handbook.route.plan.plan_route`: answers, warnings, the first
authorities to call) and, in a fixed number of queries whatever the length of the route, what a
request needs beyond it: the answers to the request questions, the authorities that receive
requests with their 24/7 contacts, and the international instruments with the party records of
every State on the route and of the requesting State. The legal basis between the requesting and
each requested State is the route's rule (`handbook.route.law.border`), applied to that pair: the
instruments that apply, never one that only may apply.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import Authority, Channel, ContactPoint
from countries.expressions import joined_names
from countries.models import Answer, Language
from drafting import draft as d
from handbook.route import law
from handbook.route.plan import SERIOUS, answers_to, plan_route

NO, PARTLY, YES, UNKNOWN = Answer.Value.NO, Answer.Value.PARTLY, Answer.Value.YES, Answer.Value.UNKNOWN
EIO_DIRECTIVE = "eio-directive"
# The languages the handbook speaks; a request's labels are in one of them.
LABEL_LANGUAGES = ("en", "fr", "ru")

POLICE, MLA, EIO = "police", "mla", "eio"
KINDS = {
    POLICE: gettext_lazy("Request for a controlled delivery (police and customs co-operation)"),
    MLA: gettext_lazy("Letter of request for mutual legal assistance: controlled delivery"),
    EIO: gettext_lazy("European Investigation Order: controlled delivery"),
}

# The answers a request quotes as the requested State's own conditions, in the order it quotes them.
CONDITION_QUESTIONS = [
    "permitted",
    "authorising_authority",
    "judicial_authorisation",
    "mla_request_required",
    "urgent_oral_request",
    "documents_required",
    "request_languages",
    "decision_time",
    "executing_authority",
    "transit",
    "outgoing",
    "substitution",
    "foreign_officers",
    "max_duration",
    "guarantees",
    "evidence_admissibility",
    "feedback",
    "channels",
]


@dataclass
class Condition:
    key: str
    question: str
    value: str  # the answer's value label, or ""
    details: str


@dataclass
class Receiver:
    """An authority that receives requests, with what a request shows of it."""

    pk: int
    name: str
    address: str
    email: str
    switchboard: object
    is_24_7: bool
    channel_names: str
    language_names: str
    contacts: list = field(default_factory=list)  # its 24/7 contact points the official may see


@dataclass
class Requested:
    """One requested State: its place on the route, what it answered, who receives the request,
    and the legal basis between it and the requesting State."""

    stop: object  # handbook.route.plan.Stop
    answers: dict  # question key → Answer
    receivers: list
    border: law.Border
    language_codes: list  # the languages it accepts requests in (ISO 639-1)
    language_names: list

    @property
    def country(self):
        return self.stop.country

    @property
    def code(self):
        return str(self.stop.country.code)

    def value(self, key):
        answer = self.answers.get(key)
        return (answer.value if answer else "") or UNKNOWN

    def details(self, key):
        answer = self.answers.get(key)
        return answer.details_written.text if answer else ""

    @property
    def basis(self):
        """The verdicts that apply between the two States: the request's legal basis."""
        return self.border.applies

    @property
    def kind(self):
        """The document this State needs: a European Investigation Order where the Directive binds
        both States, a letter of request where a formal request is required or nothing says it is
        not, a police or customs request where the State answered that none is required."""
        if any(verdict.instrument.slug == EIO_DIRECTIVE for verdict in self.basis):
            return EIO
        if self.value("mla_request_required") == NO:
            return POLICE
        return MLA

    @property
    def kind_label(self):
        return KINDS[self.kind]

    @property
    def kind_reason(self):
        if self.kind == EIO:
            return _("Both States are bound by Directive 2014/41/EU: the request is a European Investigation Order.")
        if self.kind == POLICE:
            return _("%(country)s answers that no formal mutual legal assistance request is required.") % {
                "country": self.country.name
            }
        if self.value("mla_request_required") == UNKNOWN:
            return _(
                "The handbook does not record whether %(country)s requires a formal request: "
                "a letter of request is prepared."
            ) % {"country": self.country.name}
        return _("%(country)s requires a formal mutual legal assistance request.") % {"country": self.country.name}

    @property
    def conditions(self):
        """The State's own conditions, quoted from its answers (only those it answered)."""
        found = []
        for key in CONDITION_QUESTIONS:
            answer = self.answers.get(key)
            if answer is None:
                continue
            value = answer.value if answer.value and answer.value != UNKNOWN else ""
            details = answer.details_written.text
            if value or details:
                label = Answer.Value(value).label if value else ""
                found.append(Condition(key, answer.question.text, str(label), details))
        return found

    def label_languages(self, own):
        """The languages of the request's labels: the officer's own (`own`) where the State
        accepts it; else the first of English, French and Russian that the State accepts, then the
        officer's own beside it; else the officer's own alone."""
        if own in self.language_codes:
            return [own]
        accepted = [code for code in LABEL_LANGUAGES if code in self.language_codes]
        return [accepted[0], own] if accepted else [own]

    def accepts(self, code):
        """Whether the State accepts requests in language `code`; None where nothing is recorded."""
        return code in self.language_codes if self.language_codes else None

    def receiver(self, chosen=None):
        """The receiving authority: the one chosen where it is one of them, else the first."""
        for receiver in self.receivers:
            if receiver.pk == chosen:
                return receiver
        return self.receivers[0] if self.receivers else None

    def channels(self, receiver):
        """The channels to send it through: the receiving authority's, else the State's answer."""
        if receiver is not None and receiver.channel_names:
            return receiver.channel_names
        return self.details("channels")

    def warnings(self, values):
        """What the request asks that this State's answers do not permit, and the route's serious
        warnings about it, as sentences naming the answer."""
        country = self.country.name
        found = [warning.message for warning in self.stop.warnings if warning.level == SERIOUS]
        substitution = values.get("substitution") or d.Scale.NONE
        if substitution != d.Scale.NONE and self.value("substitution") == NO:
            found.append(
                _(
                    "%(country)s does not permit substitution (its answer: “%(answer)s”), "
                    "and %(scale)s substitution is asked."
                )
                % {"country": country, "answer": self._quoted("substitution"), "scale": _scale(substitution)}
            )
        elif substitution == d.Scale.TOTAL and self.value("substitution") == PARTLY:
            found.append(
                _(
                    "%(country)s permits substitution only in part (its answer: “%(answer)s”), "
                    "and total substitution is asked."
                )
                % {"country": country, "answer": self._quoted("substitution")}
            )
        accompanying = values.get("accompanying") or d.NOT_ACCOMPANIED
        officers = self.value("foreign_officers")
        if accompanying != d.NOT_ACCOMPANIED and officers == NO:
            found.append(
                _("%(country)s does not let foreign officers accompany the consignment (its answer: “%(answer)s”).")
                % {"country": country, "answer": self._quoted("foreign_officers")}
            )
        elif accompanying == d.ARMED and officers == PARTLY:
            found.append(
                _(
                    "%(country)s lets foreign officers accompany the consignment only under conditions "
                    "(its answer: “%(answer)s”), and armed officers are asked for."
                )
                % {"country": country, "answer": self._quoted("foreign_officers")}
            )
        elif accompanying == d.ARMED and officers == UNKNOWN:
            found.append(
                _("The handbook does not record whether %(country)s admits armed foreign officers: ask before.")
                % {"country": country}
            )
        return found

    def _quoted(self, key):
        label = Answer.Value(self.value(key)).label
        details = self.details(key)
        return f"{label}. {details}" if details else str(label)


def _scale(value):
    return dict(d.Scale.CHOICES)[value].lower()


@dataclass
class Dossier:
    plan: object  # handbook.route.plan.RoutePlan
    requesting: object  # the requesting Country
    requested: list  # a `Requested` per State on the route other than the requesting one
    languages: list  # every Language, for the form's choice of the text's language
    as_of: object  # the day the directory data is read

    def get(self, code):
        return next((state for state in self.requested if state.code == code), None)


def _receivers(ids, user):
    """{country id: [Receiver]}: the authorities that receive requests, single points of contact
    and 24/7 authorities first, each with the 24/7 contact points `user` may see."""
    contacts = defaultdict(list)
    visible = ContactPoint.objects.visible_to(user)
    for row in (
        visible.filter(is_24_7=True, authority__country_id__in=ids, authority__receives_requests=True)
        .order_by("function", "pk")
        .values("authority_id", "function", "person_name", "phone", "mobile", "email")
    ):
        contacts[row["authority_id"]].append(row)
    found = defaultdict(list)
    for row in (
        Authority.objects.filter(country_id__in=ids, receives_requests=True)
        .order_by("-is_single_point_of_contact", "-is_24_7", "name", "pk")
        .values(
            "pk",
            "country_id",
            "name",
            "address",
            "email",
            "switchboard",
            "is_24_7",
            channel_names=joined_names(Channel.objects.all(), "authorities"),
            language_names=joined_names(Language.objects.all(), "authorities"),
        )
    ):
        country_id = row.pop("country_id")
        row["channel_names"] = row["channel_names"] or ""
        row["language_names"] = row["language_names"] or ""
        found[country_id].append(Receiver(**row, contacts=contacts[row["pk"]]))
    return found


def _request_languages(ids):
    """{country id: [(code, name)]}: the languages each State accepts requests in."""
    found = defaultdict(list)
    rows = Language.objects.filter(countries__in=ids).order_by("name").values_list("countries", "code", "name")
    for country_id, code, name in rows:
        found[country_id].append((code, name))
    return found


def dossier_for(*, countries, requesting, user, today):
    """The `Dossier` of a route (`countries` in order) for requests from `requesting`."""
    route_plan = plan_route(countries=countries, user=user, today=today)
    requested_stops = [stop for stop in route_plan.stops if stop.country.pk != requesting.pk]
    ids = [stop.country.pk for stop in requested_stops]
    answers = answers_to(CONDITION_QUESTIONS, ids=ids)
    receivers, languages = _receivers(ids, user), _request_languages(ids)
    if len(requested_stops) < len(route_plan.stops):
        instruments = route_plan.instruments  # the requesting State is on the route: its records are read
    else:
        instruments = law.international_instruments(country_ids=[requesting.pk, *ids])
    requested = []
    for stop in requested_stops:
        pk = stop.country.pk
        requested.append(
            Requested(
                stop=stop,
                answers=answers[pk],
                receivers=receivers[pk],
                border=law.border(instruments=instruments, first=requesting, second=stop.country, today=today),
                language_codes=[code for code, _name in languages[pk]],
                language_names=[name for _code, name in languages[pk]],
            )
        )
    return Dossier(
        plan=route_plan,
        requesting=requesting,
        requested=requested,
        languages=list(Language.objects.order_by("name")),
        as_of=today,
    )
