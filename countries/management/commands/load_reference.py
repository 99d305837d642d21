"""Load the reference data files (`countries/reference/*.csv`) and report what changed."""

from django.core.management.base import BaseCommand

from countries.reference import load_reference


class Command(BaseCommand):
    help = "Load the reference data (countries, organizations, memberships, instruments, parties, questionnaire)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change and change nothing.")
        parser.add_argument("--quiet-unchanged", action="store_true", help="Print nothing when nothing changed.")

    def handle(self, *args, dry_run=False, quiet_unchanged=False, verbosity=1, **options):
        report = load_reference(dry_run=dry_run)
        if quiet_unchanged and not report.total:
            return
        lines = report.lines()
        if verbosity < 2:
            # The summary per table and the total; the record labels with -v 2.
            lines = [line for line in lines if not line.startswith("  ")]
        for line in lines:
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
