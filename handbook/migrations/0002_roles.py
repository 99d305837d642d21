"""The three roles as groups with their model permissions.

Row-level scope (a focal point edits only their own countries) is enforced by the admin's scoping
mixin; these permissions say which kinds of record each role may touch at all. The sets live in
accounts/roles.py and are applied again after every `migrate` (post_migrate), so that models added
later are covered too.
"""

from django.db import migrations

from accounts.roles import sync_role_groups


def forwards(apps, schema_editor):
    sync_role_groups(apps, create_missing_permissions=True)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Officials", "Focal points", "Coordinators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0001_search_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
