"""Admin for the scheduled jobs' last starts: a read-only record for operators."""

from django.contrib import admin

from operations.models import ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    """The last start of each scheduled job, for operators: read-only."""

    list_display = ["name", "started_at", "finished_at", "node", "outcome"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
