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
from django_otp.forms import otp_verification_failed
from django_otp.plugins.otp_totp.models import TOTPDevice

from countries.scope import managed_country_ids


class OneStepOTPAuthenticationForm(OTPAdminAuthenticationForm):
    """Username, password and the authenticator's code in one step, with one answer for any of
    them wrong: django-otp's form asks for the code (and lists the account's devices) only once the
    password is right, which tells whoever tries a password that it was.

    Staff have authenticator apps (TOTP) only, so there is no device to choose and no challenge to
    ask for: the code is tried against each of the account's confirmed authenticators in turn."""

    # Declared by django-otp's form; None removes them.
    otp_device = None
    otp_challenge = None
    otp_token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        required=False,  # checked with the password, so that a missing code reads like a wrong one
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "required": True}),
    )

    error_messages = {
        **OTPAdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct username, password and six-digit code for a staff account. "
            "Note that the username and password may be case-sensitive."
        ),
    }

    def clean_otp_token(self):
        # Apps show the code as "123 456"; a copy of it keeps the space.
        return "".join(self.cleaned_data["otp_token"].split())

    def _chosen_device(self, user):
        """Nothing is chosen: `_verify_token` tries each of the user's authenticators."""
        return None

    def _verify_token(self, user, token, device=None):
        # Locked until the sign-in's transaction ends (PostgreSQL), so that one code cannot be used
        # twice by two requests at once.
        devices = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk"))
        allowed = [device for device in devices if device.verify_is_allowed()[0]]
        if not allowed:
            code = "verification_not_allowed" if devices else "invalid_token"
            raise forms.ValidationError(self.otp_error_messages[code], code=code)
        # A wrong code counts as a failure against every authenticator (each throttles its own
        # tries); a right one is no failure of the others tried before it, so theirs is undone.
        throttling = {
            device.pk: (device.throttling_failure_count, device.throttling_failure_timestamp) for device in allowed
        }
        for index, device in enumerate(allowed):
            if device.verify_token(token):
                for other in allowed[:index]:
                    count, timestamp = throttling[other.pk]
                    TOTPDevice.objects.filter(pk=other.pk).update(
                        throttling_failure_count=count, throttling_failure_timestamp=timestamp
                    )
                return device
        otp_verification_failed.send(sender=self.__class__, user=user)
        raise forms.ValidationError(self.otp_error_messages["invalid_token"], code="invalid_token")

    def _update_form(self, user):
        """django-otp fills the device list here once the password is right: there is none."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                raise
            # The same answer whatever was wrong, and nothing of the account on the page.
            self.user_cache = None
            raise self.get_invalid_login_error() from error


class HandbookAdminSite(admin.AdminSite):
    site_header = _("Controlled Delivery Handbook")
    site_title = _("Handbook admin")
    index_title = _("Keep the handbook current")
    # The admin's index with the review dashboard's module for coordinators and, for a focal point,
    # what waits in their countries (accounts/templates/admin/, accounts/admin_index.py).
    index_template = "admin/handbook_index.html"

    @property
    def login_form(self):
        return OneStepOTPAuthenticationForm if settings.HANDBOOK_REQUIRE_2FA else AdminAuthenticationForm

    @property
    def login_template(self):
        return "admin/login_otp.html" if settings.HANDBOOK_REQUIRE_2FA else None

    def index(self, request, extra_context=None):
        # A focal point's home lists what waits in their countries; a coordinator's keeps the
        # review dashboard's module (it covers every country).
        country_ids = managed_country_ids(request.user)
        if country_ids:
            # Imported here: it reads the apps' admin modules, which need this site to exist.
            from accounts.admin_index import focal_point_home

            extra_context = {**(extra_context or {}), "focal_point_home": focal_point_home(country_ids)}
        return super().index(request, extra_context)

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not settings.HANDBOOK_REQUIRE_2FA or request.user.is_verified()
