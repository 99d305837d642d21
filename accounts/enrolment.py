"""Binding a staff member's authenticator app (the admin's second factor) only through a channel
that a stolen password does not open: a one-time, expiring link sent to the account's e-mail
address. The link is good until it is used, the account's password or authenticators change, or
HANDBOOK_ENROLMENT_LINK_HOURS pass. Adding and removing an authenticator is logged and e-mailed
to the account's address, so that its owner learns of a change they did not make."""

import hashlib
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from countries.urls_cache import on_site

logger = logging.getLogger("handbook.security")
SALT = "accounts.enrolment"
SESSION_KEY = "accounts_enrolment_link"


def _state(user):
    """What a link is bound to: the account, its password and its confirmed authenticators. A
    change of any of them (an enrolment made with the link, among others) makes the link void."""
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").values_list("pk", flat=True))
    return hashlib.sha256(f"{user.pk}:{user.password}:{devices}".encode()).hexdigest()[:24]


def make_token(user):
    return signing.TimestampSigner(salt=SALT).sign(f"{user.pk}:{_state(user)}")


def link(user):
    return on_site(reverse("two-factor-enrol", args=[make_token(user)]))


def is_valid(token, user):
    """Whether `token` is a current enrolment link of `user` (the signed-in account)."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(
            token or "", max_age=settings.HANDBOOK_ENROLMENT_LINK_HOURS * 3600
        )
    except signing.BadSignature:  # forged, altered or expired
        return False
    return value == f"{user.pk}:{_state(user)}"


def send_link(user):
    body = render_to_string(
        "accounts/email/enrolment_link.txt",
        {"user": user, "link": link(user), "hours": settings.HANDBOOK_ENROLMENT_LINK_HOURS},
    )
    send_mail(_("Set up your authenticator app for the Controlled Delivery Handbook"), body, None, [user.email])


def tell_the_owner(device, change):
    """Log and e-mail a change ("added" or "removed") of one of an account's authenticators."""
    user = device.user
    logger.info("authenticator %s", change, extra={"user_id": user.pk, "device_id": device.pk})
    if not user.email:
        return
    body = render_to_string(
        "accounts/email/authenticator_changed.txt",
        {"user": user, "change": change, "when": timezone.localtime()},
    )
    subject = (
        _("An authenticator app was added to your handbook account")
        if change == "added"
        else _("An authenticator app was removed from your handbook account")
    )
    send_mail(subject, body, None, [user.email])


def device_saved(sender, instance, created, update_fields=None, **kwargs):
    """post_save of TOTPDevice: a device confirmed (enrolled) now."""
    if instance.confirmed and (created or (update_fields is not None and "confirmed" in update_fields)):
        tell_the_owner(instance, "added")


def device_deleted(sender, instance, **kwargs):
    if instance.confirmed:
        tell_the_owner(instance, "removed")
