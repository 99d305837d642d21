"""The handbook's roles and what each may manage.

Roles are groups (created by a migration, handbook/migrations/0002_roles.py): Officials,
Focal points, Coordinators. A superuser counts as a coordinator. Focal points manage the
countries they are assigned to (FocalPointAssignment).
"""

from django.utils.translation import gettext_lazy as _

OFFICIALS = "Officials"
FOCAL_POINTS = "Focal points"
COORDINATORS = "Coordinators"

ROLE_GROUPS = {
    "official": OFFICIALS,
    "focal-point": FOCAL_POINTS,
    "coordinator": COORDINATORS,
}

ROLE_LABELS = {
    OFFICIALS: _("Official"),
    FOCAL_POINTS: _("Focal point"),
    COORDINATORS: _("Coordinator"),
}


def _group_names(user):
    """The user's group names, read once per user object."""
    if not hasattr(user, "_handbook_groups"):
        user._handbook_groups = frozenset(user.groups.values_list("name", flat=True)) if user.pk else frozenset()
    return user._handbook_groups


def is_coordinator(user):
    return bool(user and user.is_active and user.is_authenticated) and (
        user.is_superuser or COORDINATORS in _group_names(user)
    )


def is_focal_point(user):
    return bool(user and user.is_active and user.is_authenticated) and FOCAL_POINTS in _group_names(user)


def managed_country_ids(user):
    """Primary keys of the countries `user` may edit: all for a coordinator (None), the assigned
    ones for a focal point, none for anyone else. Read once per user object."""
    if is_coordinator(user):
        return None
    if not hasattr(user, "_handbook_country_ids"):
        if is_focal_point(user):
            user._handbook_country_ids = frozenset(user.focal_point_assignments.values_list("country_id", flat=True))
        else:
            user._handbook_country_ids = frozenset()
    return user._handbook_country_ids


def country_id_at(obj, path):
    """The country id at `path` (Django lookup syntax, e.g. "authority__country_id") from `obj`,
    or None where a link on the way is empty."""
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def can_manage_country(user, country_id):
    ids = managed_country_ids(user)
    return ids is None or country_id in ids


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
COORDINATOR_APPS = ("countries", "contacts", "handbook")
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
