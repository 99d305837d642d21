"""Generate fictional sample data for every country and organization (see handbook/sample.py)."""

from django.core.management.base import BaseCommand, CommandError

from handbook import sample


def _counts(counts):
    return ", ".join(f"{count} {name}" for name, count in counts.items() if count) or "nothing"


class Command(BaseCommand):
    help = (
        "Replace the fictional sample data (authorities, contact points, answers, national laws) with a "
        "fresh set. Records a person entered are never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiply authorities, contact points and provisions by N."
        )
        parser.add_argument("--clear", action="store_true", help="Remove the sample records and create nothing.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the handbook already holds authorities or answers (for `make demo`).",
        )

    def handle(self, *args, scale, clear, if_empty, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        if clear:
            removed = sample.clear_sample()
            self.stdout.write(f"Removed sample data: {_counts(removed)}.")
            return
        if if_empty and not sample.directory_is_empty():
            self.stdout.write("The handbook already holds authorities or answers; no sample data created.")
            return
        result = sample.seed_sample(scale=scale)
        self.stdout.write(
            f"Sample data at scale {scale}: created {_counts(result['created'])}"
            f" (removed {_counts(result['removed'])})."
        )
