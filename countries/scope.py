"""Who manages which country: the role groups' names, and the countries a user may edit.

A user's roles are groups (created by handbook/migrations/0002_roles.py, their permissions set by
accounts/roles.py): Officials, Focal points, Coordinators. A superuser counts as a coordinator.
Focal points manage the countries they are assigned to (FocalPointAssignment); the admin scopes
every list and form to them (countries/admin_scope.py).
"""

OFFICIALS = "Officials"
FOCAL_POINTS = "Focal points"
COORDINATORS = "Coordinators"


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
