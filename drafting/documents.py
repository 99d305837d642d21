"""A request and an urgent notice to one State as a plain `Document`: the parts, rows and tables
that the DOCX and the PDF writers (`drafting.writers`) both render, so that the two files always
hold the same text.

Labels are in the officer's language and, where the State accepts a language the handbook speaks
that the officer's is not, in that language first (`Requested.label_languages`). Free text the
officer typed in a language the State does not accept is marked "to be translated into …".
"""

from dataclasses import dataclass, field

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from countries.i18n import language_name
from drafting import draft as d
from drafting.checks import missing

EMPTY = "—"
NOTICE_TEXT_LIMIT = 200


@dataclass
class Row:
    label: str
    text: str
    note: str = ""  # e.g. "to be translated into Serbian"


@dataclass
class Table:
    headers: list
    rows: list


@dataclass
class Part:
    heading: str
    items: list = field(default_factory=list)  # Row, Table or str (a paragraph)


@dataclass
class Document:
    title: str
    subtitle: str
    language: str  # of the labels (the first of them)
    marking: str
    reference: str
    as_of: str
    is_draft: bool
    parts: list
    draft_label: str = ""
    page_label: str = ""  # "page %(page)s of %(pages)s" in the label languages
    compact: bool = False  # label and value side by side, smaller type: the one-page notice

    @property
    def running_head(self):
        """What every page carries at its top: DRAFT, the marking and handling code."""
        return " · ".join(text for text in (self.draft_label if self.is_draft else "", self.marking) if text)


class Labels:
    """Text in each of `languages`, joined: "Reference / Référence"."""

    def __init__(self, languages):
        self.languages = languages

    def __call__(self, text, **values):
        return self.each(lambda: str(text) % values if values else str(text))

    def each(self, make):
        """What `make()` returns in each language, joined; for a list, item by item."""
        versions = []
        for code in self.languages:
            with translation.override(code):
                versions.append(make())
        if isinstance(versions[0], list):
            return [_joined(items) for items in zip(*versions, strict=True)]
        return _joined(versions)


def _joined(versions):
    return " / ".join(dict.fromkeys(str(version) for version in versions))


def _text(value):
    if value is None or value == "":
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="minutes") if hasattr(value, "hour") else value.isoformat()
    return str(value)


def _choice(name, value, labels):
    choices = dict(d.DraftForm.base_fields[name].choices)
    return labels(choices[value]) if value in choices else _text(value)


def _translation_note(state, values, labels):
    """ "To be translated into …" for free text, where the State does not accept its language."""
    own = values.get("text_language") or translation.get_language()
    if state.accepts(own) is not False:
        return ""
    names = {code: [language_name(accepted, code) for accepted in state.language_codes] for code in labels.languages}
    versions = []
    for code in labels.languages:
        with translation.override(code):
            text = ngettext(
                "to be translated into %(languages)s",
                "to be translated into one of: %(languages)s",
                len(names[code]),
            )
            versions.append(text % {"languages": ", ".join(names[code])})
    return " / ".join(dict.fromkeys(versions))


def _rows(names, values, labels, note):
    """A row per field: essentials always (empty ones say so), others only where filled in."""
    rows = []
    for name in names:
        value = values.get(name)
        form_field = d.DraftForm.base_fields[name]
        if name == "requesting_country":
            continue
        if isinstance(form_field, forms.ChoiceField):
            if name == "text_language":
                continue
            text = _choice(name, value, labels) if value else ""
        else:
            text = _text(value)
        if not text and name not in d.ESSENTIALS:
            continue
        rows.append(
            Row(
                labels(form_field.label),
                text or labels(_("[to be completed]")),
                note if text and name in d.FREE_TEXT else "",
            )
        )
    return rows


def _receiver_part(state, receiver, labels):
    part = Part(labels(_("To")))
    if receiver is None:
        part.items.append(
            labels(_("No authority of %(country)s is recorded as receiving requests."), country=state.country.name)
        )
    else:
        part.items.append(Row(labels(_("Authority")), receiver.name))
        if receiver.address:
            part.items.append(Row(labels(_("Address")), receiver.address))
        if receiver.email:
            part.items.append(Row(labels(_("E-mail")), receiver.email))
        if receiver.switchboard:
            part.items.append(Row(labels(_("Switchboard")), str(receiver.switchboard)))
        for contact in receiver.contacts:
            number = contact["phone"] or contact["mobile"]
            text = ", ".join(str(value) for value in (number, contact["email"]) if value)
            part.items.append(Row(labels(_("24/7: %(function)s"), function=contact["function"]), text))
        others = [other.name for other in state.receivers if other.pk != receiver.pk]
        if others:
            part.items.append(Row(labels(_("Other authorities that receive requests")), "; ".join(others)))
    channels = state.channels(receiver)
    part.items.append(Row(labels(_("Channel")), channels or labels(_("Not recorded: ask the single point of contact"))))
    languages = ", ".join(state.language_names)
    part.items.append(Row(labels(_("Languages accepted")), languages or labels(_("Not recorded"))))
    return part


def _basis_part(state, requesting, labels):
    part = Part(labels(_("Legal basis")))
    if not state.basis:
        part.items.append(
            labels(
                _(
                    "No international instrument is recorded as applying between %(first)s and %(second)s: "
                    "state the basis (a bilateral agreement, reciprocity) yourself."
                ),
                first=requesting.name,
                second=state.country.name,
            )
        )
    for verdict in state.basis:
        articles = "; ".join(
            f"{provision.article} ({provision.title})" if provision.title else provision.article
            for provision in verdict.provisions
        )
        text = verdict.text
        if verdict.conditions:
            text += " " + " ".join(f"{country.name}: {conditions}" for country, conditions in verdict.conditions)
        part.items.append(Row(f"{verdict.instrument.short_name}: {articles}", f"{verdict.instrument.title}. {text}"))
    if state.border.may_apply:
        names = ", ".join(verdict.instrument.short_name for verdict in state.border.may_apply)
        part.items.append(
            labels(_("May apply, not recorded and not cited as a basis: %(instruments)s."), instruments=names)
        )
    return part


def _sources_part(state, labels, as_of):
    part = Part(labels(_("Sources")))
    part.items.append(labels(_("Directory data as of %(date)s."), date=as_of))
    reviewed = state.country.last_reviewed_on
    part.items.append(
        Row(
            labels(_("Entry of %(country)s last reviewed"), country=state.country.name),
            reviewed.isoformat() if reviewed else labels(_("Never")),
        )
    )
    for verdict in state.basis:
        for shows, url, read_on in verdict.sources:
            read = read_on.isoformat() if read_on else ""
            part.items.append(Row(f"{verdict.instrument.short_name}: {shows}", f"{url} ({read})" if read else url))
    return part


def request_document(*, draft, state, dossier, is_draft):
    """The request to `state` (a `Requested`) as a `Document`."""
    values = draft.values
    own = translation.get_language()
    labels = Labels(state.label_languages(own))
    receiver = state.receiver(draft.authorities.get(state.code))
    note = _translation_note(state, values, labels)
    as_of = dossier.as_of.isoformat()
    parts = [_receiver_part(state, receiver, labels)]
    requesting = Part(labels(_("From")))
    requesting.items.append(Row(labels(_("Requesting State")), dossier.requesting.name))
    requesting.items += _rows(d.SECTIONS[0][2], values, labels, note)
    parts.append(requesting)
    subject = Part(labels(_("Subject")))
    subject.items.append(
        labels(
            _("Controlled delivery on the route %(route)s; %(country)s: %(role)s."),
            route=" – ".join(stop.country.name for stop in dossier.plan.stops),
            country=state.country.name,
            role=state.stop.role_label,
        )
    )
    subject.items.append(labels.each(lambda: state.kind_reason))
    parts.append(subject)
    parts.append(_basis_part(state, dossier.requesting, labels))
    for key, heading, names in d.SECTIONS[1:]:
        part = Part(labels(heading))
        part.items += _rows(names, values, labels, note)
        if key == "transport":
            part.items.append(_crossings_table(draft, dossier, labels))
        if key == "persons":
            if draft.persons:
                part.items.append(_persons_table(draft, labels))
            else:
                part.items.append(labels(_("No person is named.")))
        parts.append(part)
    conditions = Part(
        labels(_("What %(country)s requires, from its answers in the handbook"), country=state.country.name)
    )
    # The questions and values in the labels' languages, the answer's details as its State reads them.
    questions = labels.each(lambda: [condition.question for condition in state.conditions])
    answers = labels.each(lambda: [condition.value for condition in state.conditions])
    with translation.override(labels.languages[0]):
        details = [condition.details for condition in state.conditions]
    for question, value, detail in zip(questions, answers, details, strict=True):
        text = ". ".join(text for text in (value, detail) if text)
        conditions.items.append(Row(question, text))
    if not state.conditions:
        conditions.items.append(
            labels(_("The handbook records no answer for %(country)s."), country=state.country.name)
        )
    parts.append(conditions)
    warnings = labels.each(lambda: state.warnings(values))
    if warnings:
        parts.append(Part(labels(_("Warnings")), list(warnings)))
    if is_draft:
        left = labels.each(lambda: missing(values=values, crossings=draft.crossings, state=state, receiver=receiver))
        if left:
            parts.append(Part(labels(_("Still missing before the final request")), left))
    parts.append(_sources_part(state, labels, as_of))
    return Document(
        title=labels(state.kind_label),
        subtitle=f"{dossier.requesting.name} → {state.country.name}",
        language=labels.languages[0],
        marking=_marking(values),
        reference=values.get("reference") or "",
        as_of=labels(_("Directory data as of %(date)s"), date=as_of),
        is_draft=is_draft,
        parts=parts,
        draft_label=labels(_("DRAFT")),
        page_label=labels(_("page %(page)s of %(pages)s"), page="{page}", pages="{pages}"),
    )


def _marking(values):
    return " · ".join(text for text in (values.get("marking"), values.get("handling_code")) if text)


def _crossings_table(draft, dossier, labels):
    names = {str(stop.country.code): stop.country.name for stop in dossier.plan.stops}
    return Table(
        [labels(_("Border")), labels(_("Crossing point")), labels(_("Expected date")), labels(_("Expected time"))],
        [
            [
                f"{names.get(row['leaving'], row['leaving'])} → {names.get(row['entering'], row['entering'])}",
                row.get("point") or "",
                _text(row.get("date")),
                _text(row.get("time")),
            ]
            for row in draft.crossings
        ],
    )


def _persons_table(draft, labels):
    roles = dict(d.ROLES)
    fields = d.PersonForm.base_fields
    return Table(
        [labels(fields[name].label) for name in ("role", "name", "born", "nationality", "document", "details")],
        [
            [
                labels(roles.get(person["role"], person["role"])),
                *(person.get(name) or "" for name in ("name", "born", "nationality", "document", "details")),
            ]
            for person in draft.persons
        ],
    )


def _shortened(text, limit=NOTICE_TEXT_LIMIT):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notice_document(*, draft, state, dossier, is_draft):
    """The one-page urgent notice to `state`'s 24/7 desk: who calls, about what, when it arrives."""
    values = draft.values
    labels = Labels(state.label_languages(translation.get_language()))
    receiver = state.receiver(draft.authorities.get(state.code))
    desk = Part(labels(_("For the 24/7 desk")))
    numbers = state.stop.round_the_clock_numbers[:3]
    for entry in numbers:
        text = ", ".join(str(value) for value in (entry["number"], entry["email"]) if value)
        desk.items.append(Row(_shortened(entry["label"], 120), text))
    if not numbers:
        desk.items.append(labels(_("No 24/7 contact of %(country)s is recorded."), country=state.country.name))
    if receiver is not None:
        desk.items.append(Row(labels(_("The formal request goes to")), receiver.name))
    caller = Part(labels(_("Who calls")))
    for name in (
        "requesting_authority",
        "officer",
        "officer_phone",
        "officer_email",
        "reference",
        "urgency",
        "deadline",
    ):
        value = values.get(name)
        text = _choice(name, value, labels) if name == "urgency" else _shortened(_text(value))
        caller.items.append(Row(labels(d.DraftForm.base_fields[name].label), text or EMPTY))
    consignment = Part(labels(_("The consignment")))
    for name in ("substances", "quantity", "mode", "vehicle"):
        value = values.get(name)
        text = _choice(name, value, labels) if name == "mode" and value else _shortened(_text(value))
        consignment.items.append(Row(labels(d.DraftForm.base_fields[name].label), text or EMPTY))
    entering = draft.crossing_into(state.code)
    if entering:
        when = " ".join(_text(entering.get(name)) for name in ("date", "time") if entering.get(name))
        consignment.items.append(
            Row(
                labels(_("Expected at the border of %(country)s"), country=state.country.name),
                ", ".join(text for text in (entering.get("point"), when) if text) or EMPTY,
            )
        )
    asked = Part(labels(_("What is asked")))
    asked.items.append(
        labels(
            _(
                "A controlled delivery through %(country)s is being prepared (%(kind)s). Please call back the officer "
                "at the number above; the written request follows."
            ),
            country=state.country.name,
            kind=state.kind_label,
        )
    )
    warnings = labels.each(lambda: state.warnings(values))
    if warnings:
        asked.items += [_shortened(warning, 200) for warning in warnings[:2]]
    return Document(
        title=labels(_("Urgent notice: controlled delivery")),
        subtitle=f"{dossier.requesting.name} → {state.country.name}",
        language=labels.languages[0],
        marking=_marking(values),
        reference=values.get("reference") or "",
        as_of=labels(_("Directory data as of %(date)s"), date=dossier.as_of.isoformat()),
        is_draft=is_draft,
        parts=[desk, caller, consignment, asked],
        compact=True,
        draft_label=labels(_("DRAFT")),
        page_label=labels(_("page %(page)s of %(pages)s"), page="{page}", pages="{pages}"),
    )
