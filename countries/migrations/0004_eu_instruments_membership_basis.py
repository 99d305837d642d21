"""The EU instruments apply between EU Member States: record the EU as their membership basis.

The reference organizations say that EU membership decides which EU instruments apply (2000 MLA
Convention, European Investigation Order, Naples II); the Schengen Implementing Convention (CISA)
is treated the same way. Matched on the reference slugs, so a renamed short name does not matter;
an instrument a coordinator has since given another basis is left alone.
"""

from django.db import migrations

EU_SLUG = "eu"
# EU MLA Convention 2000, EIO Directive, Naples II, CISA.
EU_INSTRUMENTS = ["eu-mla-convention-2000", "eio-directive", "naples-ii", "cisa"]


def set_eu_basis(apps, schema_editor):
    Instrument = apps.get_model("countries", "Instrument")
    Organization = apps.get_model("countries", "Organization")
    eu = Organization.objects.filter(slug=EU_SLUG).first()
    if eu is None:
        return
    Instrument.objects.filter(slug__in=EU_INSTRUMENTS, country__isnull=True, membership_basis__isnull=True).update(
        membership_basis=eu
    )


def clear_eu_basis(apps, schema_editor):
    Instrument = apps.get_model("countries", "Instrument")
    Instrument.objects.filter(slug__in=EU_INSTRUMENTS, membership_basis__slug=EU_SLUG).update(membership_basis=None)


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0003_instrument_membership_basis"),
    ]

    operations = [
        migrations.RunPython(set_eu_basis, clear_eu_basis),
    ]
