"""Access requests, review reminders and scheduled runs moved to the apps of their concern
(accounts, review, operations). The tables keep their names and rows: Django's record of each
model (its state) moves, the database does not. Their content types move with them, so that
permissions, group permissions and admin log entries keep pointing at the same rows."""

from django.db import migrations

MOVED = {"accessrequest": "accounts", "reviewreminder": "review", "scheduledrun": "operations"}


def _move_content_types(apps, schema_editor, *, forward):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.db_manager(schema_editor.connection.alias)
    for model, app_label in MOVED.items():
        old, new = ("handbook", app_label) if forward else (app_label, "handbook")
        if content_types.filter(app_label=old, model=model).exists():
            # A content type made for the new label in the meantime holds nothing yet.
            content_types.filter(app_label=new, model=model).delete()
            content_types.filter(app_label=old, model=model).update(app_label=new)
    content_types.clear_cache()


def move_content_types(apps, schema_editor):
    _move_content_types(apps, schema_editor, forward=True)


def move_content_types_back(apps, schema_editor):
    _move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0008_search_written_translations"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0001_initial"),
        ("review", "0001_initial"),
        ("operations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AccessRequest"),
                migrations.DeleteModel(name="ReviewReminder"),
                migrations.DeleteModel(name="ScheduledRun"),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
