from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from accounts.backends import forget_user

        post_save.connect(forget_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts-forget-user-save")
        post_delete.connect(forget_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts-forget-user-delete")
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="accounts-sync-roles")

        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts.enrolment import device_deleted, device_saved

        post_save.connect(device_saved, sender=TOTPDevice, dispatch_uid="accounts-authenticator-added")
        post_delete.connect(device_deleted, sender=TOTPDevice, dispatch_uid="accounts-authenticator-removed")


class HandbookAdminConfig(admin_apps.AdminConfig):
    """The admin, with the handbook's site (second factor for staff, see accounts/admin_site.py)."""

    default = False  # "accounts" itself is AccountsConfig
    default_site = "accounts.admin_site.HandbookAdminSite"


def _sync_roles(sender, **kwargs):
    """After every migrate: the role groups cover models added since their migration."""
    from django.apps import apps as global_apps

    from accounts.roles import sync_role_groups

    if global_apps.is_installed("django.contrib.auth"):
        sync_role_groups(global_apps)
