"""`manage.py compile_catalogues`: every `.po` under locale/ into its `.mo`, with Python alone
(handbook/catalogues.py); GNU gettext is not needed."""

from django.core.management.base import BaseCommand

from handbook.catalogues import compiled, problems, sources


class Command(BaseCommand):
    help = "Compile the translation catalogues (locale/*/LC_MESSAGES/*.po) into .mo files."

    def handle(self, *args, **options):
        for po_path in sources():
            mo_path = po_path.with_suffix(".mo")
            mo_path.write_bytes(compiled(po_path))
            missing = problems(po_path)
            self.stdout.write(f"{mo_path}: compiled; {len(missing)} messages untranslated or fuzzy.")
