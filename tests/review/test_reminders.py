"""Review reminders (`manage.py send_review_reminders`): one email a day per focal point with
stale entries, none to the others, nothing at all on a dry run."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from contacts.models import Authority, ContactPoint
from countries.models import FocalPointAssignment
from countries.scope import FOCAL_POINTS
from review.models import ReviewReminder
from review.reminders import collect_reminders

LONG_AGO = datetime.date(2000, 1, 1)


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.HANDBOOK_BASE_URL = "https://handbook.example.org/"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _person(username):
    return get_user_model().objects.create_user(username=username, email=f"{username}@example.org", is_staff=True)


def _in_focal_point_group(user):
    user.groups.add(Group.objects.get(name=FOCAL_POINTS))
    return user


@pytest.fixture
def alba(focal_point_a, albania):
    """Focal point for Albania, whose country, one authority and one contact point are stale."""
    authority = Authority.objects.create(country=albania, name="Sample Anti-Drug Police", kind="police")
    ContactPoint.objects.create(
        authority=authority, function="24/7 duty desk", phone="+442079460111", last_verified_on=LONG_AGO
    )
    ContactPoint.objects.create(
        authority=authority, function="Fresh desk", phone="+442079460112", last_verified_on=timezone.localdate()
    )
    return _in_focal_point_group(focal_point_a)


@pytest.fixture
def boris(focal_point_b, serbia):
    """Focal point for Serbia, where everything is current."""
    serbia.mark_reviewed(focal_point_b)
    authority = Authority.objects.create(
        country=serbia, name="Sample Customs", kind="customs", last_verified_on=timezone.localdate()
    )
    ContactPoint.objects.create(
        authority=authority, function="Customs desk", phone="+442079460113", last_verified_on=timezone.localdate()
    )
    return _in_focal_point_group(focal_point_b)


@pytest.fixture
def not_in_group(db, albania):
    """Assigned to Albania but not (or no longer) in the "Focal points" group: no reminder."""
    user = _person("ghost")
    FocalPointAssignment.objects.create(user=user, country=albania)
    return user


def _run(*args):
    out = StringIO()
    call_command("send_review_reminders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_dry_run_lists_who_would_get_what_and_sends_nothing(alba, boris, not_in_group):
    output = _run("--dry-run")
    assert "Would remind alba <alba@example.org>: 3 (Albania: country review, 1 authority, 1 contact point)" in output
    assert "boris" not in output.split("Dry run:")[0]
    assert "ghost" not in output
    assert "Dry run: 1 would be reminded" in output
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()


def test_one_email_per_focal_point_with_stale_entries_and_none_the_same_day_again(alba, boris, not_in_group):
    output = _run()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alba@example.org"]
    assert message.subject == "Controlled Delivery Handbook: 3 entries to review"
    authority = Authority.objects.get(name="Sample Anti-Drug Police")
    contact = ContactPoint.objects.get(function="24/7 duty desk")
    assert f"https://handbook.example.org/admin/countries/country/{alba.focal_point_countries.get().pk}/change/" in (
        message.body
    )
    assert f"https://handbook.example.org/admin/contacts/authority/{authority.pk}/change/" in message.body
    assert f"https://handbook.example.org/admin/contacts/contactpoint/{contact.pk}/change/" in message.body
    assert "Albania" in message.body and "never reviewed" in message.body and "1 January 2000" in message.body
    assert "Fresh desk" not in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    reminder = ReviewReminder.objects.get()
    assert (reminder.user, reminder.sent_on, reminder.items_count) == (alba, timezone.localdate(), 3)
    assert "Sent 1 reminders" in output

    output = _run()
    assert len(mail.outbox) == 1
    assert ReviewReminder.objects.count() == 1
    assert "Skipped alba: already reminded today." in output


def test_yesterdays_reminder_does_not_stop_todays(alba):
    ReviewReminder.objects.create(user=alba, sent_on=timezone.localdate() - datetime.timedelta(days=1), items_count=3)
    _run()
    assert len(mail.outbox) == 1


def test_inactive_focal_point_gets_no_reminder(alba):
    alba.is_active = False
    alba.save()
    _run()
    assert mail.outbox == []


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_failed_email_leaves_no_record_so_the_next_run_tries_again(alba, settings):
    settings.EMAIL_BACKEND = "tests.review.test_reminders.BrokenBackend"
    _run()
    assert not ReviewReminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _run()
    assert len(mail.outbox) == 1
    assert ReviewReminder.objects.count() == 1


def test_collecting_runs_a_fixed_number_of_queries(alba, boris, django_assert_num_queries, albania, serbia):
    # focal points, their assignments, today's reminders, the assigned countries, the stale ones
    # among them, their stale authorities, their stale contact points (authority joined)
    with django_assert_num_queries(7):
        first = collect_reminders()
    for n in range(20):
        authority = Authority.objects.create(country=serbia, name=f"Sample Authority {n}", kind="police")
        ContactPoint.objects.create(authority=authority, function=f"Desk {n}", phone="+442079460114")
    extra = _in_focal_point_group(_person("carla"))
    FocalPointAssignment.objects.create(user=extra, country=serbia)
    FocalPointAssignment.objects.create(user=extra, country=albania)
    with django_assert_num_queries(7):
        second = collect_reminders()
    assert [r.user.username for r in first.reminders] == ["alba"]
    assert {r.user.username: r.items_count for r in second.reminders} == {"alba": 3, "boris": 40, "carla": 43}
