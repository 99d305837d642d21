"""The role groups, by the name `grant` knows them, and the permissions each holds.

The groups are created by handbook/migrations/0002_roles.py and given their permissions again
after every `migrate` (accounts/apps.py), so that models added later are covered. Their names and
who manages which country are in countries/scope.py.
"""

from countries.scope import COORDINATORS, FOCAL_POINTS, OFFICIALS

ROLE_GROUPS = {
    "official": OFFICIALS,
    "focal-point": FOCAL_POINTS,
    "coordinator": COORDINATORS,
}


ALL = ("view", "add", "change", "delete")

# (app label, model name): actions. Row-level scope is the admin's job (countries/admin.py).
FOCAL_POINT_PERMISSIONS = {
    ("countries", "country"): ("view", "change"),
    ("countries", "answer"): ALL,
    ("countries", "instrument"): ALL,
    ("countries", "provision"): ALL,
    ("countries", "membership"): ALL,
    ("contacts", "authority"): ALL,
    ("contacts", "contactpoint"): ALL,
    # Read-only lists that the forms choose from.
    ("countries", "language"): ("view",),
    ("countries", "topic"): ("view",),
    ("countries", "organization"): ("view",),
    ("countries", "party"): ("view",),
    ("countries", "section"): ("view",),
    ("countries", "question"): ("view",),
    ("contacts", "channel"): ("view",),
}
# Coordinators get every permission of these apps, plus the extra ones.
COORDINATOR_APPS = ("countries", "contacts", "accounts", "review", "operations")
COORDINATOR_EXTRA = {("auth", "user"): ALL, ("auth", "group"): ("view",)}


def sync_role_groups(apps, create_missing_permissions=False):
    """Create the role groups and set their permissions (idempotent).

    `apps` is a migration's app registry or the global one. In a migration the permissions may
    not exist yet (Django creates them after all migrations), hence `create_missing_permissions`.
    """
    if create_missing_permissions:
        from django.contrib.auth.management import create_permissions

        for app_config in apps.get_app_configs():
            # create_permissions skips app configs without a models module; migration stubs have none.
            had_models = getattr(app_config, "models_module", None)
            app_config.models_module = had_models or True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = had_models
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(wanted):
        query = Permission.objects.none()
        for (app_label, model), actions in wanted.items():
            codenames = [f"{action}_{model}" for action in actions]
            query |= Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        return list(query)

    Group.objects.get_or_create(name=OFFICIALS)
    focal_points, _created = Group.objects.get_or_create(name=FOCAL_POINTS)
    focal_points.permissions.set(permissions(FOCAL_POINT_PERMISSIONS))
    coordinators, _created = Group.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.set(
        list(Permission.objects.filter(content_type__app_label__in=COORDINATOR_APPS)) + permissions(COORDINATOR_EXTRA)
    )
