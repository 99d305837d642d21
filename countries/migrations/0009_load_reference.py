"""Load the reference data files (countries, organizations, memberships, instruments with their
entry into force, provisions, parties, questionnaire). Existing rows are matched by their keys:
nothing focal points entered is altered. When a later migration changes a column the files need,
move this load after it (and make this one a no-op), as 0007 was moved here."""

from django.db import migrations


def load(apps, schema_editor):
    """Moved to 0011, after the translated columns exist."""


def make_room_for_narrower_columns(apps, schema_editor):
    """Going back below 0008 narrows the source columns to 500 characters again: the reference
    rows whose source does not fit are removed (the next load restores them from the files)."""
    from django.db.models.functions import Length

    for name in ("Party", "HistoricalParty"):
        model = apps.get_model("countries", name)
        model.objects.annotate(length=Length("source_url")).filter(length__gt=500).delete()
    for name in ("Instrument", "HistoricalInstrument"):
        model = apps.get_model("countries", name)
        model.objects.annotate(length=Length("in_force_source_url")).filter(length__gt=500).update(
            in_force_source_url=""
        )


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0008_party_basis_and_long_sources"),
    ]

    operations = [migrations.RunPython(load, make_room_for_narrower_columns)]
