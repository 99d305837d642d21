"""Load the reference data files (`countries/reference/*.csv`), report what changed and what the
handbook can state of who is bound by each international instrument."""

from django.core.management.base import BaseCommand

from countries.models import Country
from countries.reference import load_reference
from countries.standing import coverage


def coverage_lines(*, verbose=False):
    """A table of the facts stated per instrument (recorded, or decided by a closed set) over every
    country, the total, and with `verbose` the countries still unrecorded."""
    countries = list(Country.objects.order_by("code"))
    table = coverage(countries=countries)
    lines = ["Coverage (instrument x country):", f"{'instrument':<24} bound  not  ceased  outside  unrecorded  stated"]
    stated = 0
    for row in table:
        stated += row.stated
        lines.append(
            f"{row.instrument.short_name:<24} {row.count('bound'):>5} {row.count('not_bound'):>4} "
            f"{row.count('ceased'):>7} {row.count('outside'):>8} {len(row.unrecorded):>11}  "
            f"{row.stated}/{len(countries)}"
        )
        if verbose and row.unrecorded:
            lines.append("    unrecorded: " + " ".join(str(country.code) for country in row.unrecorded))
    pairs = len(table) * len(countries)
    share = 100 * stated / pairs if pairs else 0
    lines.append(f"stated: {stated} of {pairs} ({share:.1f} %)")
    return lines


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
        else:
            for line in coverage_lines(verbose=verbosity >= 2):
                self.stdout.write(line)
