"""Fictional sample data for demonstrations and load tests (`manage.py seed_sample`).

Every record created here is flagged `is_sample=True` and is plainly fictional: names say "Sample",
people are "Sample Officer 3", addresses use example.org, and phone numbers come only from ranges
reserved for fiction (UK drama numbers +44 20 7946 0000-0999, US +1 202 555 0100-0199). Nothing
here may ever resemble a real person or a real office.

Re-running replaces sample records only. A record a person entered (`is_sample=False`) is never
changed or deleted, and neither is anything it depends on: a sample authority that holds a
hand-entered contact point, or a sample provision that a hand-entered answer cites, is kept and
reused. Countries have no sample flag, so only countries that no person has reviewed
(`last_reviewed_by` empty) get a sample review date and request languages.

The data is deterministic: each country draws from its own `random.Random` seeded with its code and
the scale, and draws the same numbers whatever the database already holds; only dates move with
today.
"""

import datetime
import random
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify

from contacts.models import Authority, Channel, ContactPoint
from countries.models import Answer, Country, Instrument, Language, Organization, Party, Provision, Question, Topic
from operations import data_version

AUTHORITIES_PER_COUNTRY = 5
CONTACT_POINTS_PER_AUTHORITY = 3
PROVISIONS_PER_LAW = 10

# The country's single point of contact, always first: 24/7 and receives requests.
SINGLE_POINT_OF_CONTACT = ("National Police Directorate", Authority.Kind.POLICE)
# Authorisation is judicial in most countries, so the second authority is a prosecutor or a court.
JUDICIAL_AUTHORITIES = [
    ("Office of the Prosecutor General", Authority.Kind.PROSECUTION),
    ("Court of First Instance, Investigating Judges", Authority.Kind.COURT),
]
OTHER_AUTHORITIES = [
    ("Customs Administration", Authority.Kind.CUSTOMS),
    ("Ministry of the Interior", Authority.Kind.MINISTRY),
    ("Ministry of Justice, International Legal Co-operation", Authority.Kind.MINISTRY),
    ("Drug Enforcement Agency", Authority.Kind.DRUG_AGENCY),
    ("Border Guard Service", Authority.Kind.BORDER_GUARD),
    ("Police Liaison Office", Authority.Kind.LIAISON),
    ("Financial Investigation Unit", Authority.Kind.POLICE),
    ("Coast Guard", Authority.Kind.BORDER_GUARD),
    ("Anti-Narcotics Service", Authority.Kind.DRUG_AGENCY),
    ("Special Prosecutor's Office for Organised Crime", Authority.Kind.PROSECUTION),
]
ORGANIZATION_AUTHORITIES = [
    ("Operations Centre", Authority.Kind.INTERNATIONAL_BODY),
    ("Liaison Desk", Authority.Kind.LIAISON),
]

DESK_FUNCTIONS = [
    "Switchboard",
    "Operations room",
    "International co-operation desk",
    "Controlled delivery desk",
    "24/7 duty desk",
]
PERSON_FUNCTIONS = {
    Authority.Kind.POLICE: ["Head of drug unit", "Case officer, controlled deliveries", "Head of surveillance"],
    Authority.Kind.CUSTOMS: ["Head of customs investigations", "Customs intelligence officer"],
    Authority.Kind.PROSECUTION: ["Duty prosecutor", "Prosecutor for international co-operation"],
    Authority.Kind.COURT: ["Investigating judge's clerk", "Registrar"],
    Authority.Kind.MINISTRY: ["Head of international legal co-operation", "Desk officer, mutual legal assistance"],
    Authority.Kind.DRUG_AGENCY: ["Head of drug unit", "Head of operations"],
    Authority.Kind.BORDER_GUARD: ["Border crossing duty officer", "Head of risk analysis"],
    Authority.Kind.LIAISON: ["Liaison officer", "Deputy liaison officer"],
    Authority.Kind.INTERNATIONAL_BODY: ["Operations officer", "Liaison officer"],
}
OFFICE_HOURS = [
    "Mon–Fri 08:00–16:00",
    "Mon–Fri 09:00–17:00",
    "Mon–Fri 07:30–15:30",
    "Mon–Thu 08:00–16:30, Fri 08:00–14:00",
]

# The languages a country works in, main one first (ISO 639-1 codes the reference data holds).
NATIONAL_LANGUAGES = {
    "AD": ["ca"], "AF": ["fa"], "AL": ["sq"], "AM": ["hy"], "AT": ["de"], "AU": ["en"], "AZ": ["az"],
    "BA": ["bs", "hr", "sr"], "BE": ["nl", "fr", "de"], "BG": ["bg"], "BY": ["be", "ru"], "CA": ["en", "fr"],
    "CH": ["de", "fr", "it"], "CY": ["el", "tr"], "CZ": ["cs"], "DE": ["de"], "DK": ["da"], "DZ": ["ar", "fr"],
    "EE": ["et"], "EG": ["ar"], "ES": ["es"], "FI": ["fi", "sv"], "FR": ["fr"], "GB": ["en"], "GE": ["ka"],
    "GR": ["el"], "HR": ["hr"], "HU": ["hu"], "IE": ["en", "ga"], "IL": ["he", "ar"], "IS": ["is"], "IT": ["it"],
    "JO": ["ar"], "JP": ["ja"], "KG": ["ky", "ru"], "KR": ["ko"], "KZ": ["kk", "ru"], "LI": ["de"], "LT": ["lt"],
    "LU": ["lb", "fr", "de"], "LV": ["lv"], "MA": ["ar", "fr"], "MC": ["fr"], "MD": ["ro"], "ME": ["sr"],
    "MK": ["mk"], "MN": ["mn"], "MT": ["en"], "NL": ["nl"], "NO": ["nb"], "PL": ["pl"], "PT": ["pt"],
    "RO": ["ro"], "RS": ["sr"], "RU": ["ru"], "SE": ["sv"], "SI": ["sl"], "SK": ["sk"], "SM": ["it"],
    "TH": ["th"], "TJ": ["tg", "ru"], "TM": ["tk", "ru"], "TN": ["ar", "fr"], "TR": ["tr"], "UA": ["uk"],
    "US": ["en", "es"], "UZ": ["uz", "ru"], "VA": ["it"],
}  # fmt: skip
WORKING_LANGUAGES = ["en", "fr", "de", "ru"]

# The ten articles of each sample national law: (title, topic slug).
LAW_ARTICLES = [
    ("Definitions", "definitions"),
    ("Controlled delivery", "controlled-delivery"),
    ("Authorisation", "special-investigative-techniques"),
    ("Urgent requests", "mutual-legal-assistance"),
    ("Substitution of the consignment", "controlled-delivery"),
    ("Foreign officers on the territory", "police-co-operation"),
    ("Duration of the measure", "special-investigative-techniques"),
    ("Transit and outgoing deliveries", "customs-co-operation"),
    ("Evidence", "special-investigative-techniques"),
    ("Reporting and feedback", "mutual-legal-assistance"),
]
# Which articles of the sample law an answer rests on (indexes into LAW_ARTICLES).
ARTICLES_FOR_QUESTION = {
    "permitted": [1, 0],
    "national_basis": [1, 2],
    "other_commodities": [0, 1],
    "authorising_authority": [2],
    "judicial_authorisation": [2],
    "mla_request_required": [2, 3],
    "urgent_oral_request": [3],
    "executing_authority": [2, 1],
    "substitution": [4],
    "transit": [7],
    "outgoing": [7],
    "foreign_officers": [5],
    "max_duration": [6],
    "evidence_admissibility": [8],
    "feedback": [9],
}
# Questions that may also cite an article of an international instrument.
INTERNATIONAL_QUESTIONS = {"permitted", "international_basis", "mla_request_required", "substitution", "transit"}

YES_NO_VALUES = [Answer.Value.YES, Answer.Value.PARTLY, Answer.Value.NO, Answer.Value.NOT_APPLICABLE]
YES_NO_WEIGHTS = [55, 20, 15, 10]
TEXT_ANSWERS = {
    "national_basis": "Sample answer: the fictional {law}, articles 2 and 3.",
    "international_basis": "Sample answer: the conventions cited as legal basis; bilateral agreements case by case.",
    "authorising_authority": (
        "Sample answer: the competent prosecutor authorises; in urgent cases the head of the drug unit, "
        "confirmed in writing within {hours} hours."
    ),
    "documents_required": (
        "Sample answer: the requesting authority, the facts, the consignment and its route, the persons "
        "involved and the contact details of the officer in charge."
    ),
    "request_languages": "Sample answer: {languages}.",
    "decision_time": "Sample answer: usually {days} working days; urgent requests within {hours} hours.",
    "executing_authority": "Sample answer: the {spoc} receives requests and leads the operation.",
    "max_duration": "Sample answer: {days} days, renewable once by the authorising authority.",
    "guarantees": "Sample answer: seizure at destination and feedback on the outcome within one month.",
    "feedback": "Sample answer: a short written report to the authorising authority after the operation.",
    "channels": "Sample answer: {channels}.",
    "special_requirements": "Sample answer: call the 24/7 duty desk before sending the written request.",
}

UK_DRAMA_PREFIX = "+44207946"  # +44 20 7946 0000 to 0999, reserved by Ofcom for drama
US_FICTION_PREFIX = "+1202555"  # +1 202 555 0100 to 0199, reserved for fiction


def clear_sample():
    """Remove sample records that no hand-entered record depends on; return counts by model name."""
    with transaction.atomic():
        removed = _delete_sample()
        data_version.bump()
    return removed


def seed_sample(*, scale=1, today=None):
    """Replace the sample records with a fresh set at `scale`; return counts of what changed."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    today = today or timezone.localdate()
    with transaction.atomic():
        removed = _delete_sample()
        created = _SampleBuilder(scale=scale, today=today).build()
        # bulk_create and the raw deletes send no signals: bump the data version once (it is
        # bumped again on commit, see data_version.bump).
        data_version.bump()
    _refresh_planner_statistics()
    return {"removed": removed, "created": created}


def _refresh_planner_statistics():
    """After a bulk load PostgreSQL's planner needs fresh statistics (autovacuum may be late or
    off): without them it scans whole tables where the search indexes would answer at once."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def directory_is_empty():
    """True while no authority or answer exists, sample or not (for `seed_sample --if-empty`)."""
    return not (Authority.objects.exists() or Answer.objects.exists())


def _delete_sample():
    """Delete sample records, keeping any that a hand-entered record still points to.

    QuerySet.delete() would load every row and send two signals per row (history, data version):
    tens of seconds at scale 10, and thousands of "-" history rows for records that never had
    history. Instead the many-to-many rows go first, then one DELETE per model. The foreign keys
    that point at these models are checked at commit, so a future model that refers to them makes
    this fail loudly rather than leave orphans.
    """
    sample_authorities = Authority.objects.filter(is_sample=True).filter(
        ~Exists(ContactPoint.objects.filter(authority=OuterRef("pk")))
    )
    sample_provisions = Provision.objects.filter(is_sample=True).filter(
        ~Exists(Answer.provisions.through.objects.filter(provision=OuterRef("pk")))
    )
    sample_instruments = Instrument.objects.filter(is_sample=True).filter(
        ~Exists(Provision.objects.filter(instrument=OuterRef("pk")))
    )
    # Order matters: each step keeps what the hand-entered records left after the previous one.
    steps = [
        (Answer.objects.filter(is_sample=True), [Answer.provisions.through.objects.filter(answer__is_sample=True)]),
        (
            ContactPoint.objects.filter(is_sample=True),
            [ContactPoint.languages.through.objects.filter(contactpoint__is_sample=True)],
        ),
        (
            sample_authorities,
            [
                Authority.languages.through.objects.filter(authority__in=sample_authorities),
                Authority.channels.through.objects.filter(authority__in=sample_authorities),
            ],
        ),
        (sample_provisions, [Provision.topics.through.objects.filter(provision__in=sample_provisions)]),
        (sample_instruments, [Party.objects.filter(instrument__in=sample_instruments)]),
    ]
    removed = {}
    for queryset, links in steps:
        for link in links:
            link.delete()  # auto-created through models have no receivers: one DELETE each
        count = queryset._raw_delete(queryset.db)
        if count:
            removed[str(queryset.model._meta.verbose_name_plural)] = count
    return removed


def _phone(rng):
    if rng.random() < 0.5:
        return f"{UK_DRAMA_PREFIX}{rng.randrange(1000):04d}"
    return f"{US_FICTION_PREFIX}{rng.randrange(100, 200):04d}"


def _verified_on(rng, today):
    """Mostly recent; some deliberately stale (13-30 months ago) and some never verified."""
    draw = rng.random()
    if draw < 0.1:
        return None
    if draw < 0.3:
        return today - datetime.timedelta(days=rng.randint(400, 900))
    return today - datetime.timedelta(days=rng.randint(0, 330))


def _unique(codes):
    return list(dict.fromkeys(codes))


class _SampleBuilder:
    """Plans every record in memory, then writes each model with one bulk_create.

    bulk_create writes no history rows; sample records need none. Random draws never depend on
    what the database holds, so a kept record or a skipped answer does not shift later draws.
    """

    def __init__(self, *, scale, today):
        self.scale = scale
        self.today = today
        self.languages = dict(Language.objects.values_list("code", "pk"))
        self.language_names = dict(Language.objects.values_list("code", "name"))
        self.channels = list(Channel.objects.order_by("slug"))
        self.topics = dict(Topic.objects.values_list("slug", "pk"))
        self.questions = list(Question.objects.select_related("section").order_by("section__order", "order", "pk"))
        # Sample answers cite only the international instruments that bind their country.
        self.international_provisions = defaultdict(list)
        bound = Party.objects.filter(status=Party.Status.BOUND, excludes_provision=False)
        for country_id, provision_id in (
            bound.filter(instrument__provisions__is_sample=False)
            .order_by("instrument__slug", "instrument__provisions__order", "instrument__provisions__article")
            .values_list("country_id", "instrument__provisions__pk")
        ):
            self.international_provisions[country_id].append(provision_id)
        self.kept_authorities = {
            (a.country_id, a.organization_id, a.name): a for a in Authority.objects.filter(is_sample=True)
        }
        self.kept_instruments = {i.slug: i for i in Instrument.objects.filter(is_sample=True)}
        self.existing_provisions = {
            (p.instrument_id, p.article): p
            for p in Provision.objects.filter(instrument__in=self.kept_instruments.values())
        }
        self.answered = set(Answer.objects.values_list("country_id", "question_id"))

        self.authorities, self.contact_points, self.instruments = [], [], []
        self.provisions, self.answers = [], []
        # (object, [related pk or object]) pairs, written once the objects have primary keys.
        self.authority_languages, self.authority_channels, self.contact_languages = [], [], []
        self.provision_topics, self.answer_provisions = [], []
        self.reviewed_countries, self.request_languages = [], []

    def build(self):
        for country in Country.objects.order_by("code"):
            self._country(country)
        for organization in Organization.objects.order_by("slug"):
            self._organization(organization)
        return self._write()

    # Planning ---------------------------------------------------------------------------------

    def _language_pks(self, codes):
        return [self.languages[code] for code in _unique(codes) if code in self.languages]

    def _country(self, country):
        rng = random.Random(f"{country.code}:{self.scale}")
        code = str(country.code).lower()
        national = NATIONAL_LANGUAGES.get(str(country.code), ["en"])

        request_codes = national[:2] + ["en"] + ([rng.choice(WORKING_LANGUAGES)] if rng.random() < 0.3 else [])
        review_draw, review_days = rng.random(), rng.randint(0, 330)
        stale_days = rng.randint(400, 900)
        if country.last_reviewed_by_id is None:
            # About a quarter stale (13-30 months ago), one in ten never reviewed, the rest recent.
            if review_draw < 0.25:
                country.last_reviewed_on = self.today - datetime.timedelta(days=stale_days)
            elif review_draw < 0.35:
                country.last_reviewed_on = None
            else:
                country.last_reviewed_on = self.today - datetime.timedelta(days=review_days)
            self.reviewed_countries.append(country)
            self.request_languages.append((country, self._language_pks(request_codes)))

        spoc, spoc_channels = self._country_authorities(country, rng, code, national)
        law_articles = self._national_law(country, rng, code)
        self._answers(
            country, rng, law_articles=law_articles, spoc=spoc, channels=spoc_channels, languages=request_codes
        )

    def _country_authorities(self, country, rng, code, national):
        others = OTHER_AUTHORITIES[:]
        rng.shuffle(others)
        templates = [SINGLE_POINT_OF_CONTACT, rng.choice(JUDICIAL_AUTHORITIES)]
        templates += [t for t in others + JUDICIAL_AUTHORITIES if t not in templates]
        count = AUTHORITIES_PER_COUNTRY * self.scale
        contact_numbers = iter(range(1, 10**6))
        spoc = spoc_channels = None
        for index in range(count):
            base, kind = templates[index % len(templates)]
            rounds = index // len(templates)
            label = base if rounds == 0 else f"{base}, Regional Office {rounds}"
            is_spoc = index == 0
            languages = ["en", national[0]] + ([rng.choice(national + WORKING_LANGUAGES)] if rng.random() < 0.4 else [])
            authority, channels = self._authority(
                rng,
                country=country,
                name=f"Sample {label} ({country.name})",
                kind=kind,
                is_spoc=is_spoc,
                slug=f"{code}/{slugify(label)}",
                email=f"authority-{code}-{index + 1}@example.org",
                languages=languages,
            )
            if is_spoc:
                spoc, spoc_channels = authority, channels
            for position in range(CONTACT_POINTS_PER_AUTHORITY):
                self._contact_point(
                    rng,
                    authority=authority,
                    kind=kind,
                    number=next(contact_numbers),
                    prefix=code,
                    position=position,
                    is_spoc=is_spoc,
                    languages=["en"] + national[:1] + (national[1:2] if rng.random() < 0.3 else []),
                )
        return spoc, spoc_channels

    def _organization(self, organization):
        rng = random.Random(f"{organization.slug}:{self.scale}")
        # One or two per organization whatever the scale, so that scale N is exactly N times as many.
        count = random.Random(organization.slug).choice([1, 2]) * self.scale
        contact_numbers = iter(range(1, 10**6))
        for index in range(count):
            base, kind = ORGANIZATION_AUTHORITIES[index % len(ORGANIZATION_AUTHORITIES)]
            rounds = index // len(ORGANIZATION_AUTHORITIES)
            label = base if rounds == 0 else f"{base} {rounds + 1}"
            authority, _channels = self._authority(
                rng,
                organization=organization,
                name=f"Sample {organization.acronym} {label}",
                kind=kind,
                is_spoc=False,
                slug=f"{organization.slug}/{slugify(label)}",
                email=f"authority-{organization.slug}-{index + 1}@example.org",
                languages=["en", "fr"] + (["de"] if rng.random() < 0.3 else []),
            )
            for position in range(CONTACT_POINTS_PER_AUTHORITY):
                self._contact_point(
                    rng,
                    authority=authority,
                    kind=kind,
                    number=next(contact_numbers),
                    prefix=organization.slug,
                    position=position,
                    is_spoc=False,
                    languages=["en"] + (["fr"] if rng.random() < 0.5 else []),
                )

    def _authority(self, rng, *, name, kind, is_spoc, slug, email, languages, country=None, organization=None):
        receives = is_spoc or kind in (Authority.Kind.PROSECUTION, Authority.Kind.LIAISON) or rng.random() < 0.25
        authorises = kind in (Authority.Kind.PROSECUTION, Authority.Kind.COURT) or rng.random() < 0.1
        executes = kind not in (Authority.Kind.COURT, Authority.Kind.MINISTRY) and rng.random() < 0.8
        channel_count = rng.randint(1, 2)
        fields = {
            "name": name,
            "kind": kind,
            "receives_requests": receives,
            "authorises": authorises,
            "executes": executes or is_spoc,
            "is_single_point_of_contact": is_spoc,
            "is_24_7": is_spoc or rng.random() < 0.3,
            "address": f"{rng.randint(1, 120)} Sample Street, Sample City (fictional address)",
            "switchboard": _phone(rng),
            "email": email,
            "website": f"https://example.org/{slug}",
            "notes": "Fictional sample authority for demonstration; not a real office.",
            "last_verified_on": _verified_on(rng, self.today),
        }
        channels = rng.sample(self.channels, min(channel_count, len(self.channels)))
        kept = self.kept_authorities.get((getattr(country, "pk", None), getattr(organization, "pk", None), name))
        if kept is not None:
            # A hand-entered contact point still belongs to it: reuse it as it is.
            return kept, channels
        authority = Authority(country=country, organization=organization, is_sample=True, **fields)
        self.authorities.append(authority)
        self.authority_languages.append((authority, self._language_pks(languages)))
        self.authority_channels.append((authority, [channel.pk for channel in channels]))
        return authority, channels

    def _contact_point(self, rng, *, authority, kind, number, prefix, position, is_spoc, languages):
        duty_desk = is_spoc and position == 0
        is_desk = duty_desk or position == 0 or rng.random() < 0.25
        if duty_desk:
            function = "24/7 duty desk"
        elif is_desk:
            function = rng.choice(DESK_FUNCTIONS)
        else:
            function = rng.choice(PERSON_FUNCTIONS[kind])
        is_public = duty_desk or (is_desk and rng.random() < 0.3)
        title = "Prosecutor" if kind == Authority.Kind.PROSECUTION else "Officer"
        phone = _phone(rng) if is_desk or rng.random() < 0.7 else ""
        mobile = _phone(rng) if not is_desk and rng.random() < 0.5 else ""
        fax = _phone(rng) if is_desk and rng.random() < 0.2 else ""
        email = f"{'desk' if is_desk else 'officer'}-{prefix}-{number}@example.org"
        if rng.random() < 0.15 and (phone or mobile):
            email = ""
        is_24_7 = duty_desk or function == "24/7 duty desk" or rng.random() < (0.4 if is_desk else 0.1)
        contact_point = ContactPoint(
            authority=authority,
            **authority.sort_keys,  # bulk_create does not call save()
            function=function,
            person_name="" if is_desk else f"Sample {title} {number}",
            phone=phone,
            mobile=mobile,
            fax=fax,
            email=email,
            is_24_7=is_24_7,
            hours="" if is_24_7 else rng.choice(OFFICE_HOURS),
            visibility=ContactPoint.Visibility.PUBLIC if is_public else ContactPoint.Visibility.OFFICIALS,
            last_verified_on=_verified_on(rng, self.today),
            is_sample=True,
        )
        self.contact_points.append(contact_point)
        self.contact_languages.append((contact_point, self._language_pks(languages)))

    def _national_law(self, country, rng, code):
        """Plan the sample national law and its articles; return the first round's provisions."""
        slug = f"sample-{code}-special-investigations-act"
        adopted_on = datetime.date(rng.randint(1995, 2020), rng.randint(1, 12), rng.randint(1, 28))
        url = f"https://example.org/{code}/laws/special-investigations-act"
        instrument = self.kept_instruments.get(slug)
        if instrument is None:
            instrument = Instrument(
                slug=slug,
                short_name=f"Sample Special Investigations Act ({country.name})",
                title=f"Sample Act on Special Investigative Techniques and Controlled Deliveries ({country.name})",
                kind=Instrument.Kind.NATIONAL_LAW,
                country=country,
                adopted_on=adopted_on,
                in_force_on=adopted_on + datetime.timedelta(days=rng.randint(30, 365)),
                official_url=url,
                is_sample=True,
            )
            self.instruments.append(instrument)
        first_round = []
        for number in range(1, PROVISIONS_PER_LAW * self.scale + 1):
            title, topic = LAW_ARTICLES[(number - 1) % len(LAW_ARTICLES)]
            rounds = (number - 1) // len(LAW_ARTICLES)
            if rounds:
                title = f"{title}: supplementary rules {rounds}"
            article = f"Art. {number}"
            topics = [topic] + (["controlled-delivery"] if rng.random() < 0.5 else [])
            provision = self.existing_provisions.get((instrument.pk, article)) if instrument.pk else None
            if provision is None:
                provision = Provision(
                    instrument=instrument,
                    article=article,
                    title=title,
                    summary=f"Sample provision: fictional rules on {title.lower()}, for demonstration only.",
                    excerpt=f"Sample excerpt: “The competent authority may … ({title.lower()}).” (fictional)",
                    official_url=f"{url}#art-{number}",
                    order=number,
                    is_sample=True,
                )
                self.provisions.append(provision)
                self.provision_topics.append((provision, [self.topics[t] for t in _unique(topics) if t in self.topics]))
            if rounds == 0:
                first_round.append(provision)
        return first_round

    def _answers(self, country, rng, *, law_articles, spoc, channels, languages):
        names = self.language_names
        for question in self.questions:
            value_draw, value = rng.random(), rng.choices(YES_NO_VALUES, YES_NO_WEIGHTS)[0]
            link_draw, link_count = rng.random(), rng.randint(1, 3)
            extra = rng.sample(range(len(LAW_ARTICLES)), 2)
            international_draw = rng.random()
            citable = self.international_provisions.get(country.pk)
            international = rng.choice(citable) if citable else None
            days, hours = rng.randint(2, 30), rng.choice([4, 12, 24, 48])
            if question.has_value:
                value = Answer.Value.UNKNOWN if value_draw < 1 / 8 else value
                details = "" if value == Answer.Value.UNKNOWN else self._yes_no_details(value)
            else:
                value = ""
                details = TEXT_ANSWERS.get(question.key, "Sample answer: fictional text for demonstration.").format(
                    law=law_articles[0].instrument.short_name if law_articles else "national law",
                    hours=hours,
                    days=days,
                    spoc=spoc.name if spoc else "national police",
                    languages=", ".join(names.get(code, code) for code in _unique(languages)),
                    channels=", ".join(channel.name for channel in channels) or "the judicial channel",
                )
            provisions = []
            if question.key in ARTICLES_FOR_QUESTION and link_draw < 0.7 and value != Answer.Value.UNKNOWN:
                indexes = _unique(ARTICLES_FOR_QUESTION[question.key] + extra)[:link_count]
                provisions = [law_articles[i] for i in indexes if i < len(law_articles)]
            if question.key in INTERNATIONAL_QUESTIONS and international and international_draw < 0.5:
                provisions.append(international)
            if (country.pk, question.pk) in self.answered:
                continue  # a person already answered this question for this country
            answer = Answer(country=country, question=question, value=value, details=details, is_sample=True)
            self.answers.append(answer)
            self.answer_provisions.append((answer, provisions))

    @staticmethod
    def _yes_no_details(value):
        return f"Sample answer: {Answer.Value(value).label}. Fictional text for demonstration only."

    # Writing ----------------------------------------------------------------------------------

    def _write(self):
        Authority.objects.bulk_create(self.authorities)
        ContactPoint.objects.bulk_create(self.contact_points)
        Instrument.objects.bulk_create(self.instruments)
        Provision.objects.bulk_create(self.provisions)
        Answer.objects.bulk_create(self.answers)

        self._link(Authority.languages.through, "authority_id", "language_id", self.authority_languages)
        self._link(Authority.channels.through, "authority_id", "channel_id", self.authority_channels)
        self._link(ContactPoint.languages.through, "contactpoint_id", "language_id", self.contact_languages)
        self._link(Provision.topics.through, "provision_id", "topic_id", self.provision_topics)
        self._link(Answer.provisions.through, "answer_id", "provision_id", self.answer_provisions)

        # Only countries no person has reviewed: their review date and request languages are sample.
        Country.objects.bulk_update(self.reviewed_countries, ["last_reviewed_on"])
        through = Country.request_languages.through
        through.objects.filter(country__in=[country for country, _ in self.request_languages]).delete()
        self._link(through, "country_id", "language_id", self.request_languages)

        return {
            "authorities": len(self.authorities),
            "contact points": len(self.contact_points),
            "answers": len(self.answers),
            "instruments": len(self.instruments),
            "provisions": len(self.provisions),
            "sample country reviews": len(self.reviewed_countries),
        }

    @staticmethod
    def _link(through, source, target, pairs):
        rows = [
            through(**{source: obj.pk, target: getattr(related, "pk", related)})
            for obj, related_items in pairs
            for related in _unique(related_items)
        ]
        through.objects.bulk_create(rows, batch_size=2000)
