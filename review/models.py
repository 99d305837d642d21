"""The review reminders sent to focal points."""

from django.conf import settings
from django.db import models
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
        db_table = "handbook_reviewreminder"  # created as handbook's; moved here without touching the table
        ordering = ["-sent_on", "user"]
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_review_reminder_per_user_and_day"),
        ]

    def __str__(self):
        return f"{self.user} – {self.sent_on}"
