"""Where and under which law: countries, organizations, languages, legal instruments and the
questionnaire that every country answers.

This app imports nothing from `contacts` or `handbook`.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from countries.i18n import written_field
from countries.urls_cache import reverse_slug


class StoredInEnglish(models.Model):
    """A model with fields translated by django-modeltranslation (countries/translation.py).

    Saving runs in English, so that the original column always holds the English text, whatever
    language the person saving reads: the unique constraints, the ordering of lists that are not
    translated and the PostgreSQL search vectors read that column. The `_fr` and `_ru` columns hold
    the translations; reading a translated field gives the reader's language, else English."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with translation.override("en"):
            super().save(*args, **kwargs)


# The help of a field focal points write in English, with French and Russian versions beside it.
WRITTEN_IN_ENGLISH = _(
    "In English. Readers of French or Russian see it, marked as English, until a version in their language is added."
)


def stale_cutoff(today=None):
    """The date before which a review or verification counts as stale."""
    today = today or timezone.localdate()
    months = settings.HANDBOOK_STALE_AFTER_MONTHS
    year, month = divmod(today.month - 1 - months, 12)
    year += today.year
    month += 1
    # Clamp the day so that 31 March minus one month is the last day of February.
    for day in (today.day, 30, 29, 28):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue


def is_stale_date(day, cutoff=None):
    """Whether a review or verification made on `day` (None: never) is stale: before `cutoff`,
    `stale_cutoff()` unless given (a list works it out once for all its rows)."""
    return day is None or day < (cutoff or stale_cutoff())


def stale_condition(field, today=None):
    """Records whose date `field` is empty or before the staleness cut-off."""
    return models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__lt": stale_cutoff(today)})


class Language(StoredInEnglish, models.Model):
    """A language in which requests and calls can be handled (ISO 639-1)."""

    code = models.CharField(_("ISO 639-1 code"), max_length=7, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name


class CountryQuerySet(models.QuerySet):
    def stale(self, today=None):
        """Countries never reviewed, or reviewed before the staleness cut-off."""
        return self.filter(stale_condition("last_reviewed_on", today))

    def reviewed_since(self, date):
        return self.filter(last_reviewed_on__gte=date)

    def of_focal_point(self, user):
        return self.filter(focal_point_assignments__user=user)


class Country(StoredInEnglish, models.Model):
    class OsceStatus(models.TextChoices):
        PARTICIPATING_STATE = "participating_state", _("OSCE participating State")
        ASIAN_PARTNER = "asian_partner", _("Asian Partner for Co-operation")
        MEDITERRANEAN_PARTNER = "mediterranean_partner", _("Mediterranean Partner for Co-operation")

    code = CountryField(_("ISO 3166 code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    osce_status = models.CharField(_("OSCE status"), max_length=30, choices=OsceStatus.choices)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=WRITTEN_IN_ENGLISH,
    )
    summary_fr = models.TextField(_("summary in French"), blank=True)
    summary_ru = models.TextField(_("summary in Russian"), blank=True)
    request_languages = models.ManyToManyField(
        Language,
        blank=True,
        related_name="countries",
        verbose_name=_("languages in which requests are accepted"),
    )
    focal_points = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="FocalPointAssignment",
        related_name="focal_point_countries",
        blank=True,
        verbose_name=_("focal points"),
    )
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last reviewed by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("country-detail", self.slug)

    @property
    def is_stale(self):
        return is_stale_date(self.last_reviewed_on)

    def mark_reviewed(self, user, today=None):
        self.last_reviewed_on = today or timezone.localdate()
        self.last_reviewed_by = user
        self.save(update_fields=["last_reviewed_on", "last_reviewed_by", "updated_at"])

    @property
    def summary_written(self):
        """The summary in the reader's language where a focal point wrote one (`Written`)."""
        return written_field(self, "summary")


class FocalPointAssignment(models.Model):
    """A user who keeps a country's entries current."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point_assignments",
        verbose_name=_("user"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="focal_point_assignments", verbose_name=_("country")
    )
    assigned_on = models.DateField(_("assigned on"), default=timezone.localdate)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name", "user__username"]
        verbose_name = _("focal-point assignment")
        verbose_name_plural = _("focal-point assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "country"],
                name="unique_focal_point_per_country",
                violation_error_message=_("This user is already a focal point for this country."),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.country}"


class Organization(StoredInEnglish, models.Model):
    class Kind(models.TextChoices):
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organization")
        COUNCIL_OF_EUROPE_BODY = "council_of_europe_body", _("Council of Europe body")
        EU_AGENCY = "eu_agency", _("EU agency")
        INTERNATIONAL_POLICE = "international_police", _("International police organization")
        REGIONAL_LAW_ENFORCEMENT = "regional_law_enforcement", _("Regional law-enforcement centre")
        UNION = "union", _("Union of States")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    seat = models.CharField(_("seat"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    role = models.TextField(_("role in controlled deliveries"), blank=True)
    members_source_url = models.URLField(
        _("source of the list of members"),
        max_length=2000,
        blank=True,
        help_text=_("A page listing every member: instruments closed to the members rest on it."),
    )
    members_source_read_on = models.DateField(_("list of members read on"), null=True, blank=True)
    members = models.ManyToManyField(
        Country, through="Membership", related_name="organizations", blank=True, verbose_name=_("members")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return reverse_slug("organization-detail", self.slug)


class Membership(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        PARTICIPATING_STATE = "participating_state", _("Participating State")
        COOPERATION_AGREEMENT = "cooperation_agreement", _("Cooperation agreement")
        OBSERVER = "observer", _("Observer")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organization")
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.MEMBER)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__acronym", "country__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "country"],
                name="unique_membership",
                violation_error_message=_("This country already has a membership in this organization."),
            )
        ]

    def __str__(self):
        return f"{self.country} – {self.organization} ({self.get_kind_display()})"


class Topic(StoredInEnglish, models.Model):
    """What a legal provision is about (controlled delivery, mutual legal assistance, …)."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class InstrumentQuerySet(models.QuerySet):
    def international(self):
        return self.filter(country__isnull=True)

    def national(self):
        return self.filter(country__isnull=False)

    def for_country(self, country):
        return self.filter(country=country)


class Instrument(StoredInEnglish, models.Model):
    """An international convention or a national law; `country` is empty for international ones."""

    class InForce(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        NOT_IN_FORCE = "not_in_force", _("Not in force")
        UNRECORDED = "unrecorded", _("Not recorded")

    class Kind(models.TextChoices):
        UN_CONVENTION = "un_convention", _("UN convention")
        COE_CONVENTION = "coe_convention", _("Council of Europe convention")
        EU_INSTRUMENT = "eu_instrument", _("EU instrument")
        REGIONAL_CONVENTION = "regional_convention", _("Regional convention")
        CUSTOMS_CONVENTION = "customs_convention", _("Customs convention")
        BILATERAL_AGREEMENT = "bilateral_agreement", _("Bilateral agreement")
        NATIONAL_LAW = "national_law", _("National law")
        NATIONAL_REGULATION = "national_regulation", _("National regulation or guideline")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="instruments",
        verbose_name=_("country"),
        help_text=_("Empty for an international instrument."),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    in_force = models.CharField(
        _("in force"),
        max_length=20,
        choices=InForce.choices,
        default=InForce.UNRECORDED,
        help_text=_("An instrument whose entry into force is not recorded never counts as applying."),
    )
    in_force_on = models.DateField(
        _("in force since"),
        null=True,
        blank=True,
        help_text=_("When it entered into force (for a directive: when it took effect)."),
    )
    applicable_from = models.DateField(
        _("applicable from"),
        null=True,
        blank=True,
        help_text=_("When it began to be applied, where that differs (CISA: 26 March 1995)."),
    )
    transposition_deadline = models.DateField(_("transposition deadline"), null=True, blank=True)
    in_force_source_url = models.URLField(_("source of the entry into force"), max_length=2000, blank=True)
    in_force_source_read_on = models.DateField(_("source read on"), null=True, blank=True)
    closed_to = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closed_instruments",
        verbose_name=_("open only to the members of"),
        help_text=_(
            "An instrument of the EU or of Schengen: it binds only the members that take part and the "
            "States recorded as associated; for any other country it does not apply."
        ),
    )
    status_url = models.URLField(
        _("status page"),
        max_length=2000,
        blank=True,
        help_text=_("The depositary's page listing who is bound, where an officer can check a status."),
    )
    days_after_deposit = models.PositiveSmallIntegerField(
        _("days from deposit to entry into force"),
        null=True,
        blank=True,
        help_text=_(
            "For a State that deposits its instrument after the entry into force (1988 Convention: 90; "
            "UNTOC, UNCAC: 30). Used when a status table gives only the deposit date."
        ),
    )
    official_url = models.URLField(_("official text"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("legal instrument")
        verbose_name_plural = _("legal instruments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["national_law", "national_regulation"], country__isnull=False)
                    | (~models.Q(kind__in=["national_law", "national_regulation"]) & models.Q(country__isnull=True))
                ),
                name="instrument_country_matches_kind",
                violation_error_message=_(
                    "A national law or regulation belongs to a country; an international instrument does not."
                ),
            )
        ]

    def __str__(self):
        return self.short_name

    @property
    def is_international(self):
        return self.country_id is None

    @property
    def starts_on(self):
        """The day it began to apply: its application date where that differs, else its entry into force."""
        return self.applicable_from or self.in_force_on

    def in_force_by(self, day):
        """Whether the instrument is recorded as in force on `day`: a blank is not "in force"."""
        if self.in_force != self.InForce.IN_FORCE:
            return False
        return self.starts_on is None or self.starts_on <= day


class Party(models.Model):
    """Whether a country is bound by an international instrument, as its depositary (or the EU's own
    texts) publishes it, with the source and the date it was read. Loaded from
    `countries/reference/parties.csv`; a country without a record is "not recorded", never bound."""

    class Status(models.TextChoices):
        BOUND = "bound", _("Bound")
        NOT_BOUND = "not_bound", _("Not bound")

    class Basis(models.TextChoices):
        RATIFICATION = "ratification", _("ratification")
        ACCESSION = "accession", _("accession")
        ACCEPTANCE = "acceptance", _("acceptance")
        APPROVAL = "approval", _("approval")
        SUCCESSION = "succession", _("succession")
        PARTY = "party", _("party, act not stated")
        PARTICIPATION = "participation", _("participation as an EU Member State")
        ASSOCIATION = "association", _("association with Schengen")
        NOT_PARTY = "not_party", _("not a party")
        SIGNED_ONLY = "signed_only", _("signed, not ratified")
        OPT_OUT = "opt_out", _("does not take part although a member")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class SourceKind(models.TextChoices):
        DEPOSITARY = "depositary", _("depositary")
        OFFICIAL = "official", _("official gazette or treaty database")
        GOVERNMENT = "government", _("government page")
        SECONDARY = "secondary", _("secondary report")

    # A "not bound" resting on a source older than this is due for re-verification.
    RECHECK_NOT_BOUND_AFTER_YEARS = 5

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="parties", verbose_name=_("instrument")
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="instrument_parties", verbose_name=_("country")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.BOUND)
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    bound_since = models.DateField(
        _("in force for it since"), null=True, blank=True, help_text=_("Where the source publishes it.")
    )
    conditions = models.TextField(
        _("reservation or declaration"),
        blank=True,
        help_text=_("Only one that excludes or conditions the controlled-delivery article."),
    )
    excludes_provision = models.BooleanField(
        _("excludes the controlled-delivery article"),
        default=False,
        help_text=_("The reservation excludes the article altogether: the instrument does not apply for it."),
    )
    ceased_on = models.DateField(
        _("no longer applies from"),
        null=True,
        blank=True,
        help_text=_("The first day it no longer applied to the country (a former EU Member State: 1 January 2021)."),
    )
    source_url = models.URLField(_("source"), max_length=2000)
    source_kind = models.CharField(_("kind of source"), max_length=20, choices=SourceKind.choices)
    source_date = models.DateField(
        _("source dated"), null=True, blank=True, help_text=_("The date of the source itself, where it shows one.")
    )
    source_read_on = models.DateField(_("source read on"))
    note = models.TextField(
        _("note"), blank=True, help_text=_("How a date was worked out, or what the source leaves open.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument__short_name", "country__name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "country"],
                name="unique_party_per_instrument_and_country",
                violation_error_message=_("This country already has a record for this instrument."),
            )
        ]

    def __str__(self):
        return f"{self.instrument}: {self.country}"

    @property
    def is_bound(self):
        return self.status == self.Status.BOUND

    # A route names the basis and the kind of source of every record on every border: an enum
    # lookup, where Django's get_FOO_display rebuilds the dictionary of every choice each time.

    def get_basis_display(self):
        try:
            return str(self.Basis(self.basis).label)
        except ValueError:
            return self.basis

    def get_source_kind_display(self):
        try:
            return str(self.SourceKind(self.source_kind).label)
        except ValueError:
            return self.source_kind

    def ceased_by(self, day):
        return self.ceased_on is not None and self.ceased_on <= day

    @property
    def is_strong(self):
        """Resting on the depositary or an official gazette or treaty database: pages show the kind
        of any other source beside the fact."""
        return self.source_kind in (self.SourceKind.DEPOSITARY, self.SourceKind.OFFICIAL)

    def needs_recheck(self, today):
        """A "not bound" resting on a source dated more than five years before `today`."""
        if self.is_bound or self.source_date is None:
            return False
        years = self.RECHECK_NOT_BOUND_AFTER_YEARS
        try:
            limit = self.source_date.replace(year=self.source_date.year + years)
        except ValueError:  # 29 February
            limit = self.source_date.replace(year=self.source_date.year + years, day=28)
        return limit < today


class ProvisionQuerySet(models.QuerySet):
    def for_country(self, country):
        return self.filter(instrument__country=country)

    def international(self):
        return self.filter(instrument__country__isnull=True)


class Provision(StoredInEnglish, models.Model):
    """An article of an instrument that matters for controlled deliveries."""

    uid = models.UUIDField(
        _("identifier"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Stable across exports and imports."),
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="provisions", verbose_name=_("instrument")
    )
    article = models.CharField(_("article"), max_length=60)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)
    official_url = models.URLField(_("official URL"), blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="provisions", verbose_name=_("topics"))
    order = models.PositiveIntegerField(_("order"), default=0)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProvisionQuerySet.as_manager()

    class Meta:
        ordering = ["instrument__short_name", "order", "article"]
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "article"],
                name="unique_article_per_instrument",
                violation_error_message=_("This instrument already has this article."),
            )
        ]

    def __str__(self):
        return f"{self.instrument.short_name}, {self.article}"


class Section(StoredInEnglish, models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=120, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("questionnaire section")
        verbose_name_plural = _("questionnaire sections")

    def __str__(self):
        return self.title


class Question(StoredInEnglish, models.Model):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no")
        TEXT = "text", _("Text")

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="questions", verbose_name=_("section"))
    key = models.SlugField(_("key"), max_length=60, unique=True)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["section__order", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text

    @property
    def has_value(self):
        return self.takes_value(self.kind)

    @classmethod
    def takes_value(cls, kind):
        """Whether a question of `kind` is answered with a value (yes, no, partly…) besides text."""
        return kind == cls.Kind.YES_NO


class AnswerQuerySet(models.QuerySet):
    def for_country(self, country):
        return self.filter(country=country)

    def answered(self):
        """Answers that say something: a known value, or details for a text question."""
        return self.exclude(value=Answer.Value.UNKNOWN).exclude(value="", details="", details_fr="", details_ru="")


class Answer(models.Model):
    class Value(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        PARTLY = "partly", _("Partly")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")
        UNKNOWN = "unknown", _("Unknown")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="answers", verbose_name=_("country"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    value = models.CharField(
        _("value"),
        max_length=20,
        choices=Value.choices,
        blank=True,
        help_text=_("Required for yes/no questions; leave empty for text questions."),
    )
    details = models.TextField(
        _("details"),
        blank=True,
        help_text=WRITTEN_IN_ENGLISH,
    )
    details_fr = models.TextField(_("details in French"), blank=True)
    details_ru = models.TextField(_("details in Russian"), blank=True)
    provisions = models.ManyToManyField(Provision, blank=True, related_name="answers", verbose_name=_("legal basis"))
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=["provisions"])

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["country__name", "question__section__order", "question__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "question"],
                name="unique_answer_per_country_and_question",
                violation_error_message=_("This country already has an answer to this question."),
            )
        ]

    def __str__(self):
        return f"{self.country}: {self.question.key}"

    def clean(self):
        super().clean()
        question = getattr(self, "question", None) if self.question_id else None
        if question is None:
            return
        if question.has_value and not self.value:
            raise ValidationError({"value": _("Choose a value for this yes/no question (or “Unknown”).")})
        if not question.has_value and self.value:
            raise ValidationError({"value": _("A text question takes details only, not a value.")})

    @property
    def details_written(self):
        """The details in the reader's language where a focal point wrote them (`Written`)."""
        return written_field(self, "details")
