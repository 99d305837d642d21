"""Email each focal point the entries of their countries that have gone stale.

Run it daily (deploy/systemd/handbook-reminders.timer, with --scheduled so that it runs once
across all nodes); a person gets at most one reminder a day:

    manage.py send_review_reminders --dry-run   # who would get what; sends and records nothing
    manage.py send_review_reminders
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from operations import jobs
from review.reminders import collect_reminders, describe, send_reminders


class Command(BaseCommand):
    help = "Email each focal point the stale entries of their countries (at most once a day per person)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would get what; send nothing.")
        jobs.add_arguments(parser)

    def handle(self, *args, dry_run, scheduled, window, **options):
        if dry_run:
            self.remind(dry_run=True)
            return
        with jobs.started(self, name="review reminders", scheduled_start=scheduled, window=window) as run:
            if run:
                self.remind(dry_run=False)

    def remind(self, *, dry_run):
        today = timezone.localdate()
        collected = collect_reminders(today=today)
        for user in collected.already_reminded:
            self.stdout.write(f"Skipped {user.get_username()}: already reminded today.")
        if dry_run:
            for reminder in collected.reminders:
                self.stdout.write(f"Would remind {describe(reminder=reminder)}")
            self.stdout.write(
                f"Dry run: {len(collected.reminders)} would be reminded, "
                f"{len(collected.already_reminded)} already reminded today, "
                f"{len(collected.up_to_date)} up to date. Nothing sent."
            )
            return
        result = send_reminders(reminders=collected.reminders, today=today)
        for reminder in result.sent:
            self.stdout.write(f"Reminded {describe(reminder=reminder)}")
        for user, reason in result.skipped:
            self.stderr.write(f"Not reminded {user.get_username()}: {reason}.")
        self.stdout.write(
            f"Sent {len(result.sent)} reminders; {len(result.skipped)} not sent, "
            f"{len(collected.already_reminded)} already reminded today, {len(collected.up_to_date)} up to date."
        )
