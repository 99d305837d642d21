"""Recent changes across the handbook, for the public page and its Atom feed.

One bounded query per history table (the latest rows, with what the entry shows joined in),
merged in Python. An entry says what changed, where, when and how, never who: the editor
(`history_user`) is not even read. Anonymous readers never see a contact point's history row
unless that row was public; signed-in officials see every row.
"""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from contacts.models import Authority, ContactPoint
from countries.i18n import article_label, columns, with_translations, written_field
from countries.models import Answer, Country, Instrument, Membership, Provision

LIMIT = 50

KINDS = {"+": _("added"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class Change:
    key: str  # unique per history row, e.g. "change-answer-812": the anchor on the page
    date: datetime
    kind: str  # "+", "~" or "-"
    record_type: str  # the model's verbose name, e.g. "Answer"
    record: str  # a readable label of the record
    place: str  # the country or organization, or "International"
    url: str  # the public page where the record lives now

    @property
    def kind_label(self):
        return KINDS.get(self.kind, self.kind)

    @property
    def title(self):
        return f"{self.record_type}: {self.record}"


def _sees_officials_only(user):
    """The rule of ContactPoint.objects.visible_to, applied to history rows."""
    return user is not None and user.is_authenticated and user.is_active


def _owner(country, organization):
    """The name and public page of a record's country or organization."""
    if country is not None:
        return country.name, country.get_absolute_url()
    if organization is not None:
        return organization.acronym, organization.get_absolute_url()
    return "", ""


def _latest(model, *, related, fields, where=None):
    """The newest history rows of `model`, with only the columns that entries show."""
    common = ["history_id", "history_date", "history_type", "id"]
    rows = model.history.select_related(*related).only(*common, *with_translations(model.history.model, *fields))
    if where:
        rows = rows.filter(**where)
    return rows.order_by("-history_date", "-history_id")[:LIMIT]


def _change(row, model, record, place, url):
    return Change(
        key=f"change-{model._meta.model_name}-{row.history_id}",
        date=row.history_date,
        kind=row.history_type,
        record_type=capfirst(model._meta.verbose_name),
        record=record,
        place=place,
        url=url,
    )


def _country_changes():
    # A historical row holds every language's name as plain columns: the reader's, else English.
    for row in _latest(Country, related=[], fields=[*columns("name"), "slug"]):
        name = written_field(row, "name").text
        yield _change(row, Country, name, name, reverse("country-detail", kwargs={"slug": row.slug}))


def _answer_changes():
    rows = _latest(Answer, related=["country", "question"], fields=["country__name", "country__slug", "question__text"])
    for row in rows:
        question = Truncator(row.question.text).chars(80) if row.question else ""
        place, url = _owner(row.country, None)
        yield _change(row, Answer, question, place, url)


def _authority_changes():
    rows = _latest(
        Authority,
        related=["country", "organization"],
        fields=["name", "country__name", "country__slug", "organization__acronym", "organization__slug"],
    )
    for row in rows:
        place, url = _owner(row.country, row.organization)
        yield _change(row, Authority, row.name, place, f"{url}#authority-{row.id}" if url else "")


def _contact_point_changes(user):
    # For anonymous readers, the row's own visibility decides: the past of a contact point that was
    # officials-only then stays hidden even after it is made public.
    where = None if _sees_officials_only(user) else {"visibility": ContactPoint.Visibility.PUBLIC}
    rows = _latest(
        ContactPoint,
        related=["authority__country", "authority__organization"],
        fields=[
            "function",
            "visibility",
            "authority__id",
            "authority__country__name",
            "authority__country__slug",
            "authority__organization__acronym",
            "authority__organization__slug",
        ],
        where=where,
    )
    for row in rows:
        authority = row.authority
        place, url = _owner(authority.country, authority.organization) if authority else ("", "")
        yield _change(row, ContactPoint, row.function, place, f"{url}#authority-{authority.pk}" if url else "")


def _instrument_owner(instrument):
    """An instrument's country, "International", or nothing once the instrument itself is gone."""
    if instrument is None:
        return "", ""
    if instrument.country_id is None:
        return _("International"), reverse("legislation")
    return _owner(instrument.country, None)


def _instrument_changes():
    rows = _latest(Instrument, related=["country"], fields=["short_name", "country__name", "country__slug"])
    for row in rows:
        place, url = _instrument_owner(row)
        yield _change(row, Instrument, row.short_name, place, url)


def _provision_changes():
    rows = _latest(
        Provision,
        related=["instrument__country"],
        fields=["article", "instrument__short_name", "instrument__country__name", "instrument__country__slug"],
    )
    for row in rows:
        # The instrument is joined as it is now: a deleted one leaves the article alone.
        instrument = row.instrument
        article = article_label(row.article)
        record = f"{instrument.short_name}, {article}" if instrument else article
        place, url = _instrument_owner(instrument)
        yield _change(row, Provision, record, place, url)


def _membership_changes():
    rows = _latest(
        Membership,
        related=["country", "organization"],
        fields=["country__name", "country__slug", "organization__acronym"],
    )
    for row in rows:
        place, url = _owner(row.country, None)
        organization = row.organization.acronym if row.organization else ""
        yield _change(row, Membership, f"{place} – {organization}", place, url)


def recent_changes(*, user, limit=LIMIT):
    """The latest `limit` changes that `user` may see, newest first (seven queries)."""
    changes = [
        *_country_changes(),
        *_answer_changes(),
        *_authority_changes(),
        *_contact_point_changes(user),
        *_instrument_changes(),
        *_provision_changes(),
        *_membership_changes(),
    ]
    changes.sort(key=lambda change: (change.date, change.key), reverse=True)
    return changes[:limit]
