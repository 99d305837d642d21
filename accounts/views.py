"""Issued accounts: access requests and their decision, and the staff's second factor (TOTP).

Nobody makes their own account. An official asks through a public form; a coordinator approves
(the account is created with the Officials role and a one-time link to set the password is
emailed) or rejects (a short note is emailed).
"""

import io
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import enrolment
from accounts.models import AccessRequest
from accounts.throttling import allow, client_ip, too_many_requests
from countries.models import Country
from countries.scope import COORDINATORS
from countries.urls_cache import on_site

# Access requests ----------------------------------------------------------------------------------


class AccessRequestForm(forms.ModelForm):
    country = forms.ModelChoiceField(
        queryset=Country.objects.all(), label=gettext_lazy("Country you work for"), empty_label=gettext_lazy("Choose…")
    )

    class Meta:
        model = AccessRequest
        fields = ["name", "organization", "country", "email", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        help_texts = {
            "email": gettext_lazy("Your work address at your service; the set-password link will go there."),
            "reason": gettext_lazy("Your function and the kind of operations you prepare."),
        }

    def clean_email(self):
        # Whether the address already has an account or a waiting request is not said here: the
        # form answers every address alike, so that it cannot tell anyone who has an account. The
        # coordinator sees it on the request (AccessRequest.existing_account).
        return self.cleaned_data["email"].strip().lower()


def _notify_coordinators(access_request, request):
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=COORDINATORS)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    url = on_site(reverse("admin:accounts_accessrequest_change", args=[access_request.pk]))
    body = render_to_string("accounts/email/access_request_new.txt", {"access_request": access_request, "url": url})
    send_mail(_("New access request to the Controlled Delivery Handbook"), body, None, recipients)


@never_cache
@require_http_methods(["GET", "POST"])
def access_request(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST":
        # Floods are refused before any work: per address per hour, and per email per day.
        if not allow(
            f"access-ip:{client_ip(request)}", limit=settings.HANDBOOK_ACCESS_REQUESTS_PER_IP_PER_HOUR, window=3600
        ):
            return too_many_requests(
                request, _("Too many access requests were sent from your address. Try again in an hour.")
            )
        email = (request.POST.get("email") or "").strip().lower()[:254]
        if email and not allow(
            f"access-email:{email}", limit=settings.HANDBOOK_ACCESS_REQUESTS_PER_EMAIL_PER_DAY, window=86400
        ):
            return too_many_requests(request, _("Too many access requests were sent for this email address today."))
        if form.is_valid():
            # A second request while one waits for the same address adds nothing to decide on;
            # the requester is told what every requester is told.
            if not AccessRequest.objects.pending().filter(email__iexact=form.cleaned_data["email"]).exists():
                access_request = form.save()
                _notify_coordinators(access_request, request)
            return redirect("access-request-sent")
    return render(request, "accounts/access_request.html", {"form": form})


def access_request_sent(request):
    return render(request, "accounts/access_request_sent.html")


# Password reset -----------------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, rate limited: each request sends an e-mail, so that without a limit
    anyone could flood an address (or the mail server's reputation) through the form."""

    def post(self, request, *args, **kwargs):
        ip_key = f"reset-ip:{client_ip(request)}"
        if not allow(ip_key, limit=settings.HANDBOOK_PASSWORD_RESETS_PER_IP_PER_HOUR, window=3600):
            return too_many_requests(
                request, _("Too many password resets were asked from your address. Try again in an hour.")
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if not allow(f"reset-email:{email}", limit=settings.HANDBOOK_PASSWORD_RESETS_PER_EMAIL_PER_HOUR, window=3600):
            # No further e-mail this hour; the page says what it says for any address, so that it
            # tells nothing about the address either.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


# Second factor --------------------------------------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.RegexField(
        regex=r"^\d{6}$",
        label=gettext_lazy("Six-digit code from your authenticator app"),
        error_messages={"invalid": gettext_lazy("Enter the six digits your app shows.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6}),
    )


def _pending_device(user):
    """The user's TOTP device waiting for its first code (made on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


QR_SCALE = 5  # pixels per module


def _provisioning_qr(device):
    """The QR code an authenticator app scans to add `device`'s key."""
    return segno.make(device.config_url, error="m")


def _may_enrol(request):
    """Whether this session opened a current enrolment link of its user (accounts/enrolment.py)."""
    return enrolment.is_valid(request.session.get(enrolment.SESSION_KEY), request.user)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Enrol an authenticator app: scan the QR code, confirm with a first code. Only after opening
    the enrolment link sent to the account's address: the password alone binds no authenticator."""
    if not request.user.is_staff:
        raise PermissionDenied
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if confirmed:
        return render(request, "accounts/two_factor.html", {"confirmed": True})
    if not _may_enrol(request):
        return _ask_for_enrolment_link(request)
    device = _pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(enrolment.SESSION_KEY, None)
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up. The admin now asks for its code."))
            return redirect("admin:index")
        form.add_error("token", _("This code is not valid. Wait for the next code and try again."))
    secret = b32encode(device.bin_key).decode()
    # The image's size in the page, so that it takes its place before it loads.
    qr_size = _provisioning_qr(device).symbol_size(scale=QR_SCALE)[0]
    return render(
        request,
        "accounts/two_factor.html",
        {"form": form, "secret": secret, "qr_size": qr_size, "confirmed": False},
    )


def _ask_for_enrolment_link(request):
    """The page without an enrolment link: it sends one to the account's address, a few per hour."""
    user = request.user
    if request.method == "POST" and user.email:
        if not allow(f"enrolment-link:{user.pk}", limit=settings.HANDBOOK_ENROLMENT_LINKS_PER_HOUR, window=3600):
            return too_many_requests(
                request, _("Too many enrolment links were sent to your address. Try again in an hour.")
            )
        enrolment.send_link(user)
        messages.success(request, _("A link to set up your authenticator app has been sent to your email address."))
        return redirect("two-factor")
    return render(
        request, "accounts/two_factor.html", {"confirmed": False, "needs_link": True, "has_email": bool(user.email)}
    )


@never_cache
@login_required
@require_safe
def two_factor_enrol(request, token):
    """The enrolment link: for the signed-in account it was sent to, it opens the enrolment page."""
    if not request.user.is_staff or not enrolment.is_valid(token, request.user):
        messages.error(
            request,
            _(
                "This enrolment link is not valid for your account any more (it works once and expires). "
                "Ask for a new one."
            ),
        )
        return redirect("two-factor")
    request.session[enrolment.SESSION_KEY] = token
    return redirect("two-factor")


@never_cache
@login_required
def two_factor_qr(request):
    """The provisioning QR code as an SVG document, for the enrolment page's <img> (an image from
    the site itself, which the Content Security Policy allows; no inline markup is needed)."""
    if not request.user.is_staff:
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None or not _may_enrol(request):
        raise PermissionDenied
    # A standalone document: without its XML namespace (what `svg_inline` leaves out, for markup
    # inside an HTML page) a browser does not draw the file as an image.
    svg = io.BytesIO()
    _provisioning_qr(device).save(svg, kind="svg", scale=QR_SCALE, xmldecl=True, svgns=True)
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response
