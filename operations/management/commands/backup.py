"""`manage.py backup PATH`: the whole database into a new folder, with a manifest of row counts
(operations/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from operations import jobs
from operations.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database into a new folder: the database file and a manifest of row counts."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a new (or empty) folder for this backup")
        parser.add_argument("--database", default="default")
        jobs.add_arguments(parser)

    def handle(self, *args, path, database, scheduled, window, **options):
        with jobs.started(self, name="backup", scheduled_start=scheduled, window=window) as run:
            if not run:
                return
            try:
                manifest = backup(path, using=database)
            except BackupError as error:
                raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"Backed up {len(manifest['tables'])} tables, {rows} rows, to {path}.")
