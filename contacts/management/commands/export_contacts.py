"""Export contact points for scripted use by coordinators, through the same functions as the
directory's downloads:

    manage.py export_contacts --format xlsx -o contacts.xlsx
    manage.py export_contacts --format csv --country AL --country RS -o -
    manage.py export_contacts --format vcf --country AL RS --include-restricted -o officials.vcf

Public contact points only unless --include-restricted: a file made by a script travels further
than a page does, so the officials-only contacts must be asked for.
"""

from django.core.management.base import BaseCommand, CommandError

from contacts import exports
from contacts.models import ContactPoint, directory_order
from countries.models import Country


class Command(BaseCommand):
    help = "Export contact points as CSV, XLSX or vCard 3.0 (public ones unless --include-restricted)."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=exports.FORMATS)
        parser.add_argument(
            "--country",
            nargs="+",
            action="extend",
            default=[],
            metavar="XX",
            help="ISO code(s) of the countries whose contact points to export (default: all, and organizations).",
        )
        parser.add_argument(
            "--include-restricted", action="store_true", help="Include the contact points for officials only."
        )
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="The file to write; '-' for standard output."
        )

    def handle(self, *args, format, country, include_restricted, output, **options):
        queryset = ContactPoint.objects.all() if include_restricted else ContactPoint.objects.public()
        if country:
            codes = sorted({code.upper() for code in country})
            known = {str(code) for code in Country.objects.filter(code__in=codes).values_list("code", flat=True)}
            if unknown := [code for code in codes if code not in known]:
                raise CommandError(f"Unknown country code: {', '.join(unknown)}.")
            queryset = queryset.filter(authority__country__code__in=codes)
        # The directory's order.
        queryset = queryset.order_by(*directory_order())

        if format == "xlsx":
            if output == "-":
                raise CommandError("An XLSX file cannot go to standard output; give -o FILE.")
            exports.write_xlsx(queryset, path=output)
        else:
            chunks = exports.stream_csv(queryset) if format == "csv" else exports.vcards(queryset)
            if output == "-":
                for chunk in chunks:
                    self.stdout.write(chunk, ending="")
                return
            # newline="" keeps the CRLF line ends that both formats require.
            with open(output, "w", encoding="utf-8", newline="") as file:
                file.writelines(chunks)
        if options["verbosity"] >= 1:
            self.stderr.write(f"Wrote {queryset.count()} contact points to {output}.")
