"""The last start of each scheduled job."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """The last start of a scheduled job (backup, review reminders), shared by every node: a
    scheduled start claims the job with one conditional update (operations/jobs.py), so timers that
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
        db_table = "handbook_scheduledrun"  # created as handbook's; moved here without touching the table
        ordering = ["name"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self):
        return f"{self.name} – {self.started_at:%Y-%m-%d %H:%M} ({self.get_outcome_display()})"
