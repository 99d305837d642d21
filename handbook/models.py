"""Records of the handbook's own work: the review reminders it has sent, and access requests."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class ReviewReminder(models.Model):
    """One review reminder emailed to a focal point; at most one per person and day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_reminders",
        verbose_name=_("user"),
    )
    sent_on = models.DateField(_("sent on"))
    items_count = models.PositiveIntegerField(_("entries to review"))

    class Meta:
        ordering = ["-sent_on", "user"]
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_review_reminder_per_user_and_day"),
        ]

    def __str__(self):
        return f"{self.user} – {self.sent_on}"


class AccessRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=AccessRequest.Status.PENDING)


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


class ScheduledRun(models.Model):
    """The last start of a scheduled job (backup, review reminders), shared by every node: a
    scheduled start claims the job with one conditional update (handbook/jobs.py), so timers that
    fire on several nodes at the same moment run it once."""

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    name = models.CharField(_("job"), max_length=50, primary_key=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    node = models.CharField(_("node"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self):
        return f"{self.name} – {self.started_at:%Y-%m-%d %H:%M} ({self.get_outcome_display()})"
