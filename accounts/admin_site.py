"""The admin site: staff need a verified second factor (TOTP) when HANDBOOK_REQUIRE_2FA is on.

The setting is read on every request rather than once, so that the site's behaviour follows the
configuration it runs with (and tests can turn it on and off).
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm


class HandbookAdminSite(admin.AdminSite):
    site_header = _("Controlled Delivery Handbook")
    site_title = _("Handbook admin")
    index_title = _("Keep the handbook current")
    # The admin's index with the review dashboard's module (accounts/templates/admin/).
    index_template = "admin/handbook_index.html"

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.HANDBOOK_REQUIRE_2FA else AdminAuthenticationForm

    @property
    def login_template(self):
        return "admin/login_otp.html" if settings.HANDBOOK_REQUIRE_2FA else None

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not settings.HANDBOOK_REQUIRE_2FA or request.user.is_verified()
