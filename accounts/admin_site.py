"""The admin site: staff need a verified second factor (TOTP) when HANDBOOK_REQUIRE_2FA is on.

The setting is read on every request rather than once, so that the site's behaviour follows the
configuration it runs with (and tests can turn it on and off).
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice


class OneStepOTPAuthenticationForm(OTPAdminAuthenticationForm):
    """Username, password and the authenticator's code in one step, with one answer for any of
    them wrong: django-otp's form asks for the code (and lists the account's devices) only once the
    password is right, which tells whoever tries a password that it was. Staff have one
    authenticator (TOTP), so the code is checked against it without a choice of device."""

    error_messages = {
        **OTPAdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct username, password and six-digit code for a staff account. "
            "Note that the username and password may be case-sensitive."
        ),
    }

    def _chosen_device(self, user):
        return super()._chosen_device(user) or (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
        )

    def _update_form(self, user):
        """django-otp fills the device list here once the password is right: nothing is shown."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                raise
            # Nor does the page: django-otp's template adds the device list for a known user.
            self.user_cache = None
            raise self.get_invalid_login_error() from error


class HandbookAdminSite(admin.AdminSite):
    site_header = _("Controlled Delivery Handbook")
    site_title = _("Handbook admin")
    index_title = _("Keep the handbook current")
    # The admin's index with the review dashboard's module (accounts/templates/admin/).
    index_template = "admin/handbook_index.html"

    @property
    def login_form(self):
        return OneStepOTPAuthenticationForm if settings.HANDBOOK_REQUIRE_2FA else AdminAuthenticationForm

    @property
    def login_template(self):
        return "admin/login_otp.html" if settings.HANDBOOK_REQUIRE_2FA else None

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not settings.HANDBOOK_REQUIRE_2FA or request.user.is_verified()
