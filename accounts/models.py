"""Officials' requests for an account."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def accounts_using(email):
    """The active accounts whose address is `email` (a value, or `OuterRef("email")`), oldest first."""
    return get_user_model().objects.filter(email__iexact=email, is_active=True).order_by("pk")


class AccessRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=AccessRequest.Status.PENDING)

    def with_existing_account(self):
        """Each request with `existing_account_name`: the username of the account that already uses
        its address, or None; for a list, in the list's one query (see `existing_account`)."""
        return self.annotate(existing_account_name=Subquery(accounts_using(OuterRef("email")).values("username")[:1]))


class AccessRequest(models.Model):
    """An official's request for an account. Accounts are issued, never self-made: a coordinator
    approves (the account is created with the Officials role and a set-password link is emailed)
    or rejects (a short note is emailed)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("full name"), max_length=200)
    organization = models.CharField(_("organization"), max_length=200)
    country = models.ForeignKey(
        "countries.Country", on_delete=models.PROTECT, related_name="access_requests", verbose_name=_("country")
    )
    email = models.EmailField(_("official email"))
    reason = models.TextField(_("why you need access"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_requests",
        verbose_name=_("account"),
    )

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        db_table = "handbook_accessrequest"  # created as handbook's; moved here without touching the table
        ordering = ["-created_at"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(status="pending"),
                name="one_pending_access_request_per_email",
                violation_error_message=_("A request for this email address is already waiting for a decision."),
            )
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def existing_account(self):
        """The active account that already uses this request's address, or None: the public form
        does not say so (it would tell anyone who has an account), the coordinator sees it here."""
        return accounts_using(self.email).first()
