"""Who to call: competent authorities and their contact points."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.fields import PhoneNumberField
from countries.i18n import TRANSLATIONS, fold, reader_language
from countries.models import Country, Language, Organization, StoredInEnglish, is_stale_date, stale_condition

# The contact points' copies of their country's name, one per language, for the directory's order
# (directory_order): (column, the country's field it copies).
SORT_NAMES = (
    ("sort_country", "name"),
    *((f"sort_country_{language}", f"name_{language}") for language in TRANSLATIONS),
)
SORT_COLUMNS = tuple(column for column, _name in SORT_NAMES)


def country_sort_keys(country):
    """{sort column: `country`'s name in that language}, all None for no country. The English
    column holds the name as written; a translation is folded (lower case, no accents), so that
    "États-Unis" sorts among the E on every database, and is the English name where missing."""
    if country is None:
        return dict.fromkeys(SORT_COLUMNS)
    english = country.name_en or country.name
    return {
        column: english if column == "sort_country" else fold(getattr(country, name) or english)
        for column, name in SORT_NAMES
    }


def sort_column():
    """The sort column of the reader's language."""
    language = reader_language()
    return "sort_country" if language == "en" else f"sort_country_{language}"


def directory_order():
    """The directory's order: by country in the reader's language (organizations' contact points
    last), authority, function."""
    return (models.F(sort_column()).asc(nulls_last=True), "sort_authority", "function", "pk")


class Channel(StoredInEnglish, models.Model):
    """A route by which a request can travel (INTERPOL I-24/7, Europol SIENA, SELEC, …)."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return self.name


class AuthorityQuerySet(models.QuerySet):
    def for_country(self, country):
        return self.filter(country=country)

    def for_organization(self, organization):
        return self.filter(organization=organization)

    def stale(self, today=None):
        return self.filter(stale_condition("last_verified_on", today))


class Authority(models.Model):
    """A competent authority of a country, or a body of an organization."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        CUSTOMS = "customs", _("Customs")
        BORDER_GUARD = "border_guard", _("Border guard")
        PROSECUTION = "prosecution", _("Prosecution")
        COURT = "court", _("Court")
        MINISTRY = "ministry", _("Ministry")
        DRUG_AGENCY = "drug_agency", _("Drug law-enforcement agency")
        LIAISON = "liaison", _("Liaison office")
        INTERNATIONAL_BODY = "international_body", _("International body")

    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="authorities",
        verbose_name=_("country"),
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="authorities",
        verbose_name=_("organization"),
    )
    uid = models.UUIDField(
        _("identifier"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Stable across exports and imports."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    receives_requests = models.BooleanField(_("receives requests"), default=False)
    authorises = models.BooleanField(_("authorises"), default=False)
    executes = models.BooleanField(_("executes"), default=False)
    is_single_point_of_contact = models.BooleanField(_("single point of contact"), default=False)
    address = models.TextField(_("address"), blank=True)
    switchboard = PhoneNumberField(_("switchboard"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_24_7 = models.BooleanField(_("reachable 24/7"), default=False)
    languages = models.ManyToManyField(Language, blank=True, related_name="authorities", verbose_name=_("languages"))
    channels = models.ManyToManyField(Channel, blank=True, related_name="authorities", verbose_name=_("channels"))
    notes = models.TextField(_("notes"), blank=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(m2m_fields=["languages", "channels"])

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("competent authority")
        verbose_name_plural = _("competent authorities")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(country__isnull=False, organization__isnull=True)
                    | models.Q(country__isnull=True, organization__isnull=False)
                ),
                name="authority_has_exactly_one_owner",
                violation_error_message=_("An authority belongs to either a country or an organization, not both."),
            ),
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self):
        # Two countries' "Police Directorate" must read apart in admin lists and autocomplete;
        # querysets that print authorities select_related their country and organization.
        if self.country_id:
            return f"{self.name} ({self.country.name})"
        if self.organization_id:
            return f"{self.name} ({self.organization.acronym})"
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"name", "country"} & set(update_fields):
            self.contact_points.update(**self.sort_keys)

    def get_absolute_url(self):
        owner = self.country or self.organization
        return owner.get_absolute_url() + f"#authority-{self.pk}"

    @property
    def owner(self):
        return self.country or self.organization

    @property
    def sort_keys(self):
        """What its contact points copy for the directory's order: its country's name in each
        language (none for an organization's authority) and its own name."""
        return {**country_sort_keys(self.country if self.country_id else None), "sort_authority": self.name}

    def mark_verified(self, today=None):
        self.last_verified_on = today or timezone.localdate()
        self.save(update_fields=["last_verified_on", "updated_at"])

    @property
    def roles(self):
        """The roles this authority holds, as display labels."""
        labels = []
        for field in ("receives_requests", "authorises", "executes", "is_single_point_of_contact"):
            if getattr(self, field):
                labels.append(self._meta.get_field(field).verbose_name)
        return labels


class ContactPointQuerySet(models.QuerySet):
    def copy_sort_keys(self):
        """Copy each contact point's country and authority names into its sort columns, for
        contact points written without `save` (bulk_create)."""
        authority = Authority.objects.filter(pk=models.OuterRef("authority_id"))
        count = self.update(sort_authority=models.Subquery(authority.values("name")[:1]))
        # The names, folded in Python: one UPDATE per country (68 at most), then organizations'.
        for country in Country.objects.all():
            self.filter(authority__country=country).update(**country_sort_keys(country))
        self.filter(authority__country__isnull=True).update(**country_sort_keys(None))
        return count

    def public(self):
        return self.filter(visibility=ContactPoint.Visibility.PUBLIC)

    def visible_to(self, user):
        """What `user` may see: every contact point for a signed-in official, public ones otherwise."""
        if user is not None and user.is_authenticated and user.is_active:
            return self
        return self.public()

    def for_country(self, country):
        return self.filter(authority__country=country)

    def stale(self, today=None):
        return self.filter(stale_condition("last_verified_on", today))


class ContactPoint(models.Model):
    """A desk, a duty officer or a named official to reach within an authority."""

    class Visibility(models.TextChoices):
        OFFICIALS = "officials", _("Officials only")
        PUBLIC = "public", _("Public")

    uid = models.UUIDField(
        _("identifier"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Stable across exports and imports."),
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="contact_points", verbose_name=_("authority")
    )
    function = models.CharField(_("function"), max_length=200)
    person_name = models.CharField(_("person name"), max_length=200, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    mobile = PhoneNumberField(_("mobile"), blank=True)
    fax = PhoneNumberField(_("fax"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="contact_points", verbose_name=_("languages"))
    is_24_7 = models.BooleanField(_("reachable 24/7"), default=False)
    hours = models.CharField(_("hours"), max_length=200, blank=True, help_text=_("When not reachable 24/7."))
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.OFFICIALS,
        help_text=_("Public contact points are shown to anyone; use it for desks and switchboards only."),
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last verified by"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Copies of the authority's country name (one per language: country_sort_keys) and of its own
    # name, in the order the directory lists contact points (directory_order): one index per
    # language then serves a page, rather than sorting every contact point through two joins for
    # each page, a cost that grows with the directory. Kept current by `save` here,
    # `Authority.save` and a country's rename (`sync_sort_country`).
    sort_country = models.CharField(max_length=100, null=True, editable=False)
    sort_country_fr = models.CharField(max_length=100, null=True, editable=False)
    sort_country_ru = models.CharField(max_length=100, null=True, editable=False)
    sort_authority = models.CharField(max_length=200, default="", editable=False)
    history = HistoricalRecords(m2m_fields=["languages"], excluded_fields=[*SORT_COLUMNS, "sort_authority"])

    objects = ContactPointQuerySet.as_manager()

    class Meta:
        ordering = ["authority__name", "function"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(phone="") & models.Q(mobile="") & models.Q(email="")),
                name="contact_point_is_reachable",
                violation_error_message=_("Give at least a phone, a mobile or an email address."),
            ),
        ]
        indexes = [
            models.Index(fields=["visibility"]),
            models.Index(fields=["sort_country", "sort_authority", "function", "id"], name="contactpoint_directory"),
            models.Index(
                fields=["sort_country_fr", "sort_authority", "function", "id"], name="contactpoint_directory_fr"
            ),
            models.Index(
                fields=["sort_country_ru", "sort_authority", "function", "id"], name="contactpoint_directory_ru"
            ),
        ]

    def __str__(self):
        if self.person_name:
            return f"{self.function} ({self.person_name})"
        return self.function

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "authority" in update_fields:
            keys = self.authority.sort_keys
            for column, value in keys.items():
                setattr(self, column, value)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *keys}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.authority.get_absolute_url()

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_stale(self):
        return is_stale_date(self.last_verified_on)

    def mark_verified(self, user, today=None):
        """Stamp today's verification; a save of its own, so that it lands in the history."""
        self.last_verified_on = today or timezone.localdate()
        self.last_verified_by = user
        self.save(update_fields=["last_verified_on", "last_verified_by", "updated_at"])


@receiver(post_save, sender=Country)
def sync_sort_country(sender, instance, raw=False, **kwargs):
    """A country renamed, in any language: its contact points' copies of its name follow (see
    ContactPoint)."""
    if raw:
        return
    keys = country_sort_keys(instance)
    ContactPoint.objects.filter(authority__country=instance).exclude(**keys).update(**keys)
