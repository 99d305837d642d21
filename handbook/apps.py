from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HandbookConfig(AppConfig):
    name = "handbook"
    verbose_name = _("Handbook")

    def ready(self):
        from django.conf import settings
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save

        from handbook import search, signals
        from handbook.auth_backend import forget_user

        signals.connect()
        post_save.connect(forget_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="handbook-forget-user-save")
        post_delete.connect(forget_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="handbook-forget-user-delete")
        connection_created.connect(search.register_sqlite_functions, dispatch_uid="handbook-sqlite-functions")
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="handbook-sync-roles")
        post_migrate.connect(_tune_search, sender=self, dispatch_uid="handbook-tune-search")


class HandbookAdminConfig(admin_apps.AdminConfig):
    """The admin, with the handbook's site (second factor for staff, see handbook/admin_site.py)."""

    default = False  # "handbook" itself is HandbookConfig
    default_site = "handbook.admin_site.HandbookAdminSite"


def _sync_roles(sender, **kwargs):
    """After every migrate: the role groups cover models added since their migration."""
    from django.apps import apps as global_apps

    from countries.roles import sync_role_groups

    if global_apps.is_installed("django.contrib.auth"):
        sync_role_groups(global_apps)


def _tune_search(sender, using="default", **kwargs):
    from django.db import connections

    from handbook.search import tune_postgresql

    tune_postgresql(connections[using])
