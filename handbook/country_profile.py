"""A country's profile as one viewer may see it: answers by section, legal basis, authorities with
their visible contact points, memberships.

Every part is a lazily computed attribute, so that a page whose fragment is already cached runs
none of these queries, and a page rendered afresh runs a fixed number of them whatever the size
of the data (many-to-many names are joined in SQL rather than prefetched).
"""

from collections import defaultdict
from functools import cached_property
from itertools import groupby

from django.db.models import F, OuterRef, Prefetch, Q, Subquery

from contacts.models import Authority, Channel, ContactPoint
from countries.expressions import joined_names
from countries.i18n import columns, written_field
from countries.models import Answer, Language, Membership, Party, Provision, Question


def visible_contact_points(user):
    """Contact points `user` may see, with their languages joined into `language_names`."""
    return ContactPoint.objects.visible_to(user).annotate(
        language_names=joined_names(Language.objects.all(), "contact_points")
    )


def authorities_with_contacts(authorities, user, *, contacts=None):
    """Authorities with their languages, channels and the contact points `user` may see (those of
    them that `contacts` filters, when given) as `visible_contacts`."""
    visible = visible_contact_points(user)
    if contacts is not None:
        visible = visible.filter(contacts)
    return authorities.annotate(
        language_names=joined_names(Language.objects.all(), "authorities"),
        channel_names=joined_names(Channel.objects.all(), "authorities"),
    ).prefetch_related(Prefetch("contact_points", queryset=visible, to_attr="visible_contacts"))


class CountryProfile:
    def __init__(self, country, user):
        self.country = country
        self.user = user

    @cached_property
    def sections(self):
        """[(section, [(question, answer fields or None, [provisions])])] in questionnaire order."""
        answers = Answer.objects.filter(country=self.country, question=OuterRef("pk"))
        questions = Question.objects.select_related("section").annotate(
            answer_id=Subquery(answers.values("pk")[:1]),
            answer_value=Subquery(answers.values("value")[:1]),
            # answer_details, answer_details_fr, answer_details_ru: every version, for `written_field`
            **{f"answer_{column}": Subquery(answers.values(column)[:1]) for column in columns("details")},
        )
        provisions_by_answer = defaultdict(list)
        for provision in (
            Provision.objects.filter(answers__country=self.country)
            .annotate(answer_pk=F("answers__pk"))
            .select_related("instrument")
        ):
            provisions_by_answer[provision.answer_pk].append(provision)
        questions = list(questions)
        for question in questions:
            question.answer_details = written_field(question, "answer_details")
        return [
            (section, [(question, provisions_by_answer.get(question.answer_id, [])) for question in rows])
            for section, rows in groupby(questions, key=lambda question: question.section)
        ]

    @cached_property
    def authorities(self):
        return authorities_with_contacts(Authority.objects.for_country(self.country), self.user).order_by(
            "-is_single_point_of_contact", "-is_24_7", "name"
        )

    @cached_property
    def call_card(self):
        """Who an officer calls first, from the authorities above (no query of its own): the single
        points of contact, the 24/7 authorities, and the 24/7 contact points the viewer may see as
        (authority, contact)."""
        authorities = list(self.authorities)
        return {
            "single_points_of_contact": [
                authority for authority in authorities if authority.is_single_point_of_contact
            ],
            "round_the_clock_authorities": [
                authority for authority in authorities if authority.is_24_7 and authority.switchboard
            ],
            "round_the_clock_contacts": [
                (authority, contact)
                for authority in authorities
                for contact in authority.visible_contacts
                if contact.is_24_7
            ],
        }

    @cached_property
    def _provisions(self):
        national, international = [], []
        both = Q(instrument__country=self.country) | Q(instrument__country__isnull=True)
        for provision in Provision.objects.filter(both).select_related("instrument"):
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
