"""`manage.py restore PATH`: a backup into an empty database, checked against its manifest
(operations/backups.py). `--force` replaces what a database that is not empty holds."""

from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database, and check every table's rows."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the folder of the backup")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--force", action="store_true", help="restore over a database that is not empty, replacing what it holds"
        )

    def handle(self, *args, path, database, force, **options):
        try:
            manifest = restore(path, using=database, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Restored {len(manifest['tables'])} tables, {rows} rows, from the backup of {manifest['created_at']};"
            " every table matches the manifest."
        )
