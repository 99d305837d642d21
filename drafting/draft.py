"""The draft of the requests for one route: what the officer types once, declared once.

`DraftForm` (with `PersonForm` and `CrossingForm` rows) is the only declaration of a draft: the
HTML form is rendered from it, a JSON draft is read through it (`read_json`), and the JSON Schema
of `/route/requests/schema.json` is derived from it (`drafting.schema`). A draft never touches the
database: these forms are plain `Form`s, and a cleaned draft lives only as long as its request.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SHORT = 300
LONG = 20_000


class Scale(forms.ChoiceField):
    """None, partial or total: how much of the consignment is intercepted or substituted."""

    NONE, PARTIAL, TOTAL = "none", "partial", "total"
    CHOICES = [(NONE, _("None")), (PARTIAL, _("Partial")), (TOTAL, _("Total"))]

    def __init__(self, **kwargs):
        super().__init__(choices=self.CHOICES, initial=self.NONE, **kwargs)


def short(label, help_text="", **kwargs):
    return forms.CharField(label=label, help_text=help_text, max_length=SHORT, required=False, **kwargs)


def long(label, help_text="", **kwargs):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        **kwargs,
    )


ROUTINE, URGENT, IMMEDIATE = "routine", "urgent", "immediate"
URGENCY = [(ROUTINE, _("Routine")), (URGENT, _("Urgent")), (IMMEDIATE, _("Immediate: the consignment is moving"))]
NOT_ACCOMPANIED, UNARMED, ARMED = "none", "unarmed", "armed"
ACCOMPANYING = [
    (NOT_ACCOMPANIED, _("No foreign officers accompany the consignment")),
    (UNARMED, _("Foreign officers accompany it, unarmed")),
    (ARMED, _("Foreign officers accompany it, armed")),
]
MODES = [
    ("", _("Not known yet")),
    ("air", _("Air")),
    ("sea", _("Sea")),
    ("road", _("Road")),
    ("rail", _("Rail")),
    ("post", _("Post")),
]


class DraftForm(forms.Form):
    """Everything but the route, the persons and the border crossings."""

    # The requesting side
    requesting_country = forms.ChoiceField(label=_("Requesting State"), choices=())
    requesting_authority = short(_("Requesting authority"), _("Its full name and address."))
    officer = short(_("Officer in charge"), _("Name, rank and unit."))
    officer_phone = short(_("24/7 number of the officer or desk"), _("With the international prefix."))
    officer_email = short(_("E-mail of the officer or desk"))
    reference = short(_("Case reference"), _("Your own reference; it is printed on every page."))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=URGENCY, initial=ROUTINE)
    urgency_reason = long(_("Reason for the urgency"))
    deadline = forms.DateField(
        label=_("Answer needed by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    marking = short(_("Classification marking"), _("As your rules require, e.g. RESTRICTED; printed on every page."))
    handling_code = short(_("Handling code"), _("e.g. a Europol handling code or a TLP colour; printed on every page."))
    text_language = forms.ChoiceField(
        label=_("Language of the text you type"),
        choices=(),
        help_text=_("The requests say which parts must be translated for each State."),
    )
    # The case
    offences = long(_("Offences"))
    legal_qualification = long(
        _("Legal qualification"), _("The provisions of your criminal law, with their penalties.")
    )
    facts = long(_("Facts and investigation so far"))
    purpose = long(_("Purpose of the controlled delivery"))
    domestic_decision = long(
        _("Domestic authorising decision"), _("Who authorised the operation in your State, when, and its reference.")
    )
    # The consignment
    substances = long(_("Substances or goods"))
    quantity = short(_("Estimated quantity"))
    packaging = long(_("Packaging and concealment"))
    seals = long(_("Seals and markings"))
    tracking_devices = long(_("Tracking devices"))
    interception = Scale(label=_("Interception requested"))
    substitution = Scale(label=_("Substitution requested"))
    samples = long(_("Samples"), _("Whether samples are taken, by whom, and where they are kept."))
    # Transport and route
    mode = forms.ChoiceField(label=_("Mode of transport"), choices=MODES, required=False)
    vehicle = long(
        _("Vehicles and containers"), _("Registration plates, container and seal numbers, flight or voyage.")
    )
    transport_documents = long(
        _("Transport documents"), _("Waybill, CMR, bill of lading, air waybill and their numbers.")
    )
    handover_points = long(_("Handover and intervention points"))
    contact_lost = long(_("If contact with the consignment is lost"))
    # The operation
    commander = long(_("Operation commander and means of communication"))
    accompanying = forms.ChoiceField(label=_("Foreign officers"), choices=ACCOMPANYING, initial=NOT_ACCOMPANIED)
    accompanying_details = long(_("Accompanying officers"), _("Names, ranks, authority, and the weapons if armed."))
    surveillance_means = long(_("Surveillance means"))
    working_language = short(_("Working language of the operation"))
    # Conditions
    confidentiality = long(_("Confidentiality"))
    limits_on_use = long(_("Limits on the use of information and evidence"))
    reports_wanted = long(_("Reports wanted"))
    evidence_wanted = long(_("Evidence wanted"))

    def __init__(self, *args, countries, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requesting_country"].choices = [(str(country.code), country.name) for country in countries]
        self.fields["text_language"].choices = [(language.code, language.name) for language in languages]


# The sections of the form and of every request, in order, with the fields each holds. The persons
# and the border crossings are rows of their own, shown within "Persons" and "Transport and route".
SECTIONS = [
    (
        "requesting",
        _("The requesting side"),
        [
            "requesting_country",
            "requesting_authority",
            "officer",
            "officer_phone",
            "officer_email",
            "reference",
            "urgency",
            "urgency_reason",
            "deadline",
            "marking",
            "handling_code",
            "text_language",
        ],
    ),
    ("case", _("The case"), ["offences", "legal_qualification", "facts", "purpose", "domestic_decision"]),
    (
        "consignment",
        _("The consignment"),
        [
            "substances",
            "quantity",
            "packaging",
            "seals",
            "tracking_devices",
            "interception",
            "substitution",
            "samples",
        ],
    ),
    (
        "transport",
        _("Transport and route"),
        ["mode", "vehicle", "transport_documents", "handover_points", "contact_lost"],
    ),
    ("persons", _("Persons"), []),
    (
        "operation",
        _("The operation"),
        ["commander", "accompanying", "accompanying_details", "surveillance_means", "working_language"],
    ),
    ("conditions", _("Conditions"), ["confidentiality", "limits_on_use", "reports_wanted", "evidence_wanted"]),
]

# What every request needs before it is final, whatever the State.
ESSENTIALS = [
    "requesting_authority",
    "officer",
    "officer_phone",
    "reference",
    "marking",
    "offences",
    "legal_qualification",
    "facts",
    "purpose",
    "domestic_decision",
    "substances",
    "quantity",
    "contact_lost",
    "commander",
]
# Free text: what the officer writes in their own language (the rest are names, numbers, choices).
FREE_TEXT = [
    "urgency_reason",
    "offences",
    "legal_qualification",
    "facts",
    "purpose",
    "domestic_decision",
    "substances",
    "packaging",
    "seals",
    "tracking_devices",
    "samples",
    "vehicle",
    "transport_documents",
    "handover_points",
    "contact_lost",
    "commander",
    "accompanying_details",
    "surveillance_means",
    "confidentiality",
    "limits_on_use",
    "reports_wanted",
    "evidence_wanted",
]


SUSPECT, COURIER, RECIPIENT, OTHER = "suspect", "courier", "recipient", "other"
ROLES = [(SUSPECT, _("Suspect")), (COURIER, _("Courier")), (RECIPIENT, _("Recipient")), (OTHER, _("Other"))]


class PersonForm(forms.Form):
    role = forms.ChoiceField(label=pgettext_lazy("person", "Role"), choices=[("", "—"), *ROLES], required=False)
    name = short(pgettext_lazy("person", "Name"))
    born = short(_("Date and place of birth"))
    nationality = short(_("Nationality"))
    document = short(_("Identity document"))
    details = long(pgettext_lazy("person", "Details"), _("Address, telephone numbers, part in the offence."))

    def is_blank(self):
        return not any(self.cleaned_data.get(name) for name in ("name", "born", "nationality", "document", "details"))


class CrossingForm(forms.Form):
    """One border of the route: where and when the consignment is expected to cross it."""

    leaving = forms.CharField(widget=forms.HiddenInput, max_length=2)
    entering = forms.CharField(widget=forms.HiddenInput, max_length=2)
    point = short(_("Crossing point"))
    date = forms.DateField(label=_("Expected date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Expected time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))


PersonFormSet = forms.formset_factory(PersonForm, extra=0, max_num=30, absolute_max=30, validate_max=True)
CrossingFormSet = forms.formset_factory(CrossingForm, extra=0, max_num=9, absolute_max=9, validate_max=True)
BLANK_PERSON_ROWS = 2
MIN_PERSON_ROWS = 3


@dataclass
class Draft:
    """A cleaned draft: the form's values, the persons named, a crossing per border, and the
    receiving authority chosen for each State (country code → authority pk)."""

    values: dict
    persons: list
    crossings: list
    authorities: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.values.get(name)

    def crossing_into(self, code):
        return next((crossing for crossing in self.crossings if crossing["entering"] == code), None)

    def crossing_out_of(self, code):
        return next((crossing for crossing in self.crossings if crossing["leaving"] == code), None)
