"""A coordinator's decision on an access request: the account with its one-time set-password
link, or a short note."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import AccessRequest
from countries.scope import OFFICIALS
from countries.urls_cache import on_site


def set_password_link(user):
    """A one-time link to set the password (Django's password-reset confirmation)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return on_site(path)


def _unique_username(email):
    User = get_user_model()
    base = email.split("@")[0][:140] or "official"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


class AddressInUse(ValueError):
    """An active account already uses the request's address: approving would make a second one."""


def approve(access_request, *, by):
    """Create the official's account and email the link to set a password."""
    if access_request.status != AccessRequest.Status.PENDING:
        raise ValueError("only a pending request can be approved")
    if access_request.existing_account is not None:
        raise AddressInUse(access_request.email)
    with transaction.atomic():
        User = get_user_model()
        user = User(
            username=_unique_username(access_request.email),
            email=access_request.email,
            first_name=access_request.name[:150],
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=OFFICIALS))
        access_request.status = AccessRequest.Status.APPROVED
        access_request.account = user
        access_request.decided_by = by
        access_request.decided_at = timezone.now()
        access_request.save()
        body = render_to_string(
            "accounts/email/access_approved.txt",
            {"access_request": access_request, "user": user, "link": set_password_link(user)},
        )
        send_mail(_("Your access to the Controlled Delivery Handbook"), body, None, [access_request.email])
    return user


def reject(access_request, *, by):
    if access_request.status != AccessRequest.Status.PENDING:
        raise ValueError("only a pending request can be rejected")
    access_request.status = AccessRequest.Status.REJECTED
    access_request.decided_by = by
    access_request.decided_at = timezone.now()
    access_request.save()
    body = render_to_string("accounts/email/access_rejected.txt", {"access_request": access_request})
    send_mail(_("Your request for access to the Controlled Delivery Handbook"), body, None, [access_request.email])
