"""Review reminders: tell each focal point which of their entries have gone stale.

`collect_reminders` finds, for every active focal point, their stale countries, authorities and
contact points in a fixed number of queries (whatever the number of focal points or entries);
`send_reminders` emails each person at most once a day and records it (ReviewReminder).
`manage.py send_review_reminders` runs both, every day from cron.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from contacts.models import Authority, ContactPoint
from countries.models import Country, FocalPointAssignment
from countries.scope import FOCAL_POINTS
from countries.urls_cache import on_site
from review.models import ReviewReminder


def active_focal_points():
    """Active users in the "Focal points" group with at least one country assigned."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=FOCAL_POINTS, focal_point_assignments__isnull=False)
        .distinct()
        .order_by("username")
    )


def admin_url(*, viewname, pk):
    """An absolute link to an admin change page, for use outside a request (emails)."""
    return on_site(reverse(viewname, args=[pk]))


@dataclass(frozen=True)
class StaleEntry:
    """An authority or contact point to verify, with the admin page where to do it."""

    record: object
    url: str


@dataclass
class CountryItems:
    """The stale entries of one country."""

    country: Country
    country_is_stale: bool = False
    authorities: list = field(default_factory=list)
    contact_points: list = field(default_factory=list)

    @property
    def count(self):
        return int(self.country_is_stale) + len(self.authorities) + len(self.contact_points)

    @property
    def country_url(self):
        return admin_url(viewname="admin:countries_country_change", pk=self.country.pk)


@dataclass
class Reminder:
    """What one focal point is asked to review, country by country."""

    user: object
    countries: list

    @property
    def items_count(self):
        return sum(items.count for items in self.countries)

    @property
    def subject(self):
        count = self.items_count
        return ngettext(
            "Controlled Delivery Handbook: %(count)d entry to review",
            "Controlled Delivery Handbook: %(count)d entries to review",
            count,
        ) % {"count": count}

    def body(self, *, today):
        return render_to_string(
            "review/email/review_reminder.txt",
            {"reminder": self, "today": today, "base_url": on_site("")},
        )


@dataclass
class Collected:
    """The outcome of `collect_reminders`."""

    reminders: list  # focal points with stale entries who have not been reminded today
    already_reminded: list  # users reminded earlier today
    up_to_date: list  # users with nothing stale


def collect_reminders(*, today=None):
    """Group every focal point's stale entries by country.

    Seven queries in all: the focal points, today's reminders, the assignments, the assigned
    countries, and the stale countries, authorities and contact points among them, all at once.
    """
    today = today or timezone.localdate()
    users = list(active_focal_points())
    reminded_ids = set(ReviewReminder.objects.filter(sent_on=today).values_list("user_id", flat=True))
    country_ids_of = defaultdict(set)
    for user_id, country_id in FocalPointAssignment.objects.filter(user__in=[u.pk for u in users]).values_list(
        "user_id", "country_id"
    ):
        country_ids_of[user_id].add(country_id)
    pending = [user for user in users if user.pk not in reminded_ids]
    wanted_ids = set().union(*(country_ids_of[user.pk] for user in pending))

    items = {country.pk: CountryItems(country) for country in Country.objects.filter(pk__in=wanted_ids)}
    for country_id in Country.objects.stale(today).filter(pk__in=wanted_ids).values_list("pk", flat=True):
        items[country_id].country_is_stale = True
    for authority in Authority.objects.stale(today).filter(country__in=wanted_ids).order_by("name", "pk"):
        url = admin_url(viewname="admin:contacts_authority_change", pk=authority.pk)
        items[authority.country_id].authorities.append(StaleEntry(authority, url))
    stale_contacts = (
        ContactPoint.objects.stale(today)
        .filter(authority__country__in=wanted_ids)
        .select_related("authority")
        .order_by("authority__name", "function", "pk")
    )
    for contact in stale_contacts:
        url = admin_url(viewname="admin:contacts_contactpoint_change", pk=contact.pk)
        items[contact.authority.country_id].contact_points.append(StaleEntry(contact, url))

    collected = Collected(reminders=[], already_reminded=[], up_to_date=[])
    for user in users:
        if user.pk in reminded_ids:
            collected.already_reminded.append(user)
            continue
        countries = sorted(
            (items[pk] for pk in country_ids_of[user.pk] if items[pk].count),
            key=lambda country_items: country_items.country.name,
        )
        if countries:
            collected.reminders.append(Reminder(user=user, countries=countries))
        else:
            collected.up_to_date.append(user)
    return collected


@dataclass
class SendResult:
    sent: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (user, reason)


def send_reminders(*, reminders, today=None):
    """Email each reminder and record it, at most once a day per person.

    The record and the email share a transaction: a second run that races this one fails on the
    unique (user, sent_on) constraint and sends nothing, and a failed email leaves no record, so
    the next run tries again.
    """
    today = today or timezone.localdate()
    result = SendResult()
    for reminder in reminders:
        user = reminder.user
        if not user.email:
            result.skipped.append((user, "no email address"))
            continue
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(user=user, sent_on=today, items_count=reminder.items_count)
                send_mail(
                    subject=reminder.subject,
                    message=reminder.body(today=today),
                    from_email=None,
                    recipient_list=[user.email],
                )
        except IntegrityError:
            result.skipped.append((user, "already reminded today"))
        except OSError as error:  # SMTP and socket errors; the others go on.
            result.skipped.append((user, f"sending failed: {error}"))
        else:
            result.sent.append(reminder)
    return result


def describe(*, reminder):
    """One line per reminder, for the command's dry run and its log."""
    parts = []
    for items in reminder.countries:
        what = []
        if items.country_is_stale:
            what.append("country review")
        if items.authorities:
            what.append(f"{len(items.authorities)} authorit{'y' if len(items.authorities) == 1 else 'ies'}")
        if items.contact_points:
            what.append(f"{len(items.contact_points)} contact point{'' if len(items.contact_points) == 1 else 's'}")
        parts.append(f"{items.country.name}: {', '.join(what)}")
    user = reminder.user
    return f"{user.get_username()} <{user.email or 'no email'}>: {reminder.items_count} ({'; '.join(parts)})"
