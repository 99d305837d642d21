"""A country's profile as one viewer may see it: answers by section, legal basis, authorities with
their visible contact points, memberships.

Every part is a lazily computed attribute, so that a page whose fragment is already cached runs
none of these queries, and a page rendered afresh runs a fixed number of them whatever the size
of the data (many-to-many names are joined in SQL rather than prefetched).
"""

from collections import defaultdict
from functools import cached_property
from itertools import groupby
from types import SimpleNamespace

from django.db.models import F, FilteredRelation, Q

from contacts.models import Authority, Channel, ContactPoint
from countries.expressions import JoinedStrings, joined_names
from countries.i18n import columns, translated_column, written_field
from countries.models import Membership, Party, Provision, Question, Section, is_stale_date, stale_cutoff

# What the pages show of an authority (templates/handbook/includes/authorities.html, call_card.html):
# only these columns are read, not its identifier, notes and timestamps.
AUTHORITY_FIELDS = (
    "name",
    "kind",
    "receives_requests",
    "authorises",
    "executes",
    "is_single_point_of_contact",
    "address",
    "switchboard",
    "email",
    "website",
    "is_24_7",
    "last_verified_on",
)
# What the pages show of a contact point (the contact_items macro of templates/includes/macros.html).
CONTACT_POINT_FIELDS = (
    "authority_id",
    "function",
    "person_name",
    "phone",
    "mobile",
    "fax",
    "email",
    "is_24_7",
    "hours",
    "visibility",
    "last_verified_on",
    "language_names",
)


def rows(values):
    """The rows of a `values()` queryset as objects whose columns are attributes, which a template
    reads as it reads a model's fields: a country's hundreds of contact points and provisions are
    built several times faster as plain values than as model instances."""
    return [SimpleNamespace(**row) for row in values]


def authorities_with_contacts(authorities, user):
    """The authorities (a list) with their languages and channels, each with the contact points `user`
    may see as `visible_contacts`: rows of `CONTACT_POINT_FIELDS`, `is_public`, `is_stale` and
    `authority_name`, by function. Two queries; one when there is no authority.

    Languages are joined and grouped by authority and by contact point: a subquery per row
    (`joined_names`) reads the whole table of languages for each row. Channels, a table of a few
    rows, stay a subquery, as a second join would repeat each language once per channel."""
    authorities = list(
        authorities.only(*AUTHORITY_FIELDS).annotate(
            language_names=JoinedStrings("languages__name"),
            channel_names=joined_names(Channel.objects.all(), "authorities"),
        )
    )
    by_authority = defaultdict(list)
    if authorities:
        visible = (
            ContactPoint.objects.visible_to(user)
            .filter(authority__in=[authority.pk for authority in authorities])
            # In each authority's list by function: the lists follow the authorities' order, so the
            # directory's order by authority name would only cost a join with every authority.
            .order_by("function")
            .values("pk")
            .annotate(language_names=JoinedStrings("languages__name"))
            .values(*CONTACT_POINT_FIELDS)
        )
        stale_day = stale_cutoff()
        for contact in rows(visible):
            contact.is_public = contact.visibility == ContactPoint.Visibility.PUBLIC
            contact.is_stale = is_stale_date(contact.last_verified_on, stale_day)  # as ContactPoint.is_stale
            by_authority[contact.authority_id].append(contact)
    for authority in authorities:
        authority.visible_contacts = by_authority[authority.pk]
        for contact in authority.visible_contacts:
            contact.authority_name = authority.name
    return authorities


def provision_rows(provisions, *extra):
    """`provisions` as the country page shows them (templates/handbook/includes/provisions.html):
    their article, title and summary in the reader's language, official address, and `instrument`
    (its short name, official address and country), and the columns named in `extra`."""
    values = provisions.rewrite(False).values(
        *extra,
        "pk",
        "article",
        "official_url",
        reader_title=translated_column(Provision, "title"),
        reader_summary=translated_column(Provision, "summary"),
        instrument_short_name=F("instrument__short_name"),
        instrument_official_url=F("instrument__official_url"),
        instrument_country_id=F("instrument__country_id"),
    )
    return [
        SimpleNamespace(
            **{name: row[name] for name in extra},
            pk=row["pk"],
            article=row["article"],
            title=row["reader_title"],
            summary=row["reader_summary"],
            official_url=row["official_url"],
            instrument=SimpleNamespace(
                short_name=row["instrument_short_name"],
                official_url=row["instrument_official_url"],
                country_id=row["instrument_country_id"],
            ),
        )
        for row in values
    ]


class CountryProfile:
    def __init__(self, country, user):
        self.country = country
        self.user = user

    @cached_property
    def sections(self):
        """[(section, [(question, [provisions])])] in questionnaire order: rows with the section's
        `title`, the question's `key`, `text` and `has_value`, and the country's answer to it
        (`answer_value`, `answer_details` as written, or None)."""
        provisions_by_answer = defaultdict(list)
        legal_bases = Provision.objects.filter(answers__country=self.country).annotate(answer_pk=F("answers__pk"))
        for provision in provision_rows(legal_bases, "answer_pk"):
            provisions_by_answer[provision.answer_pk].append(provision)
        questions = (
            # Each column named as stored (`rewrite(False)`): the text is read in the reader's
            # language by `translated_column`, the answer's details in every version by `written`.
            Question.objects.rewrite(False)
            # The country's answer to each question, joined (a country answers a question at most once).
            .annotate(answer=FilteredRelation("answers", condition=Q(answers__country=self.country)))
            .values(
                "key",
                "kind",
                "section_id",
                reader_text=translated_column(Question, "text"),
                section_title=translated_column(Section, "title", "section__"),
                answer_id=F("answer__pk"),
                answer_value=F("answer__value"),
                **{f"answer_{column}": F(f"answer__{column}") for column in columns("details")},
            )
        )
        sections = []
        for _section_id, in_section in groupby(rows(questions), key=lambda question: question.section_id):
            in_section = list(in_section)
            for question in in_section:
                question.text = question.reader_text
                question.has_value = Question.takes_value(question.kind)
                question.answer_details = written_field(question, "answer_details")
            section = SimpleNamespace(title=in_section[0].section_title)
            sections.append(
                (section, [(question, provisions_by_answer.get(question.answer_id, [])) for question in in_section])
            )
        return sections

    @cached_property
    def authorities(self):
        return authorities_with_contacts(
            Authority.objects.for_country(self.country).order_by("-is_single_point_of_contact", "-is_24_7", "name"),
            self.user,
        )

    @cached_property
    def call_card(self):
        """Who an officer calls first, from the authorities above (no query of its own): the single
        points of contact, the 24/7 authorities, and the 24/7 contact points the viewer may see."""
        authorities = self.authorities
        return {
            "single_points_of_contact": [
                authority for authority in authorities if authority.is_single_point_of_contact
            ],
            "round_the_clock_authorities": [
                authority for authority in authorities if authority.is_24_7 and authority.switchboard
            ],
            "round_the_clock_contacts": [
                contact for authority in authorities for contact in authority.visible_contacts if contact.is_24_7
            ],
        }

    @cached_property
    def _provisions(self):
        national, international = [], []
        both = Q(instrument__country=self.country) | Q(instrument__country__isnull=True)
        for provision in provision_rows(Provision.objects.filter(both)):
            (national if provision.instrument.country_id else international).append(provision)
        return national, international

    @property
    def national_provisions(self):
        return self._provisions[0]

    @property
    def international_provisions(self):
        return self._provisions[1]

    @cached_property
    def parties(self):
        """The country's records of the international instruments it is (or is not) bound by."""
        return list(
            Party.objects.filter(country=self.country).select_related("instrument").order_by("instrument__short_name")
        )

    @cached_property
    def memberships(self):
        return list(Membership.objects.filter(country=self.country).select_related("organization"))
