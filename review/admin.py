"""Admin for the review reminders sent: a read-only record."""

from django.contrib import admin

from review.models import ReviewReminder


@admin.register(ReviewReminder)
class ReviewReminderAdmin(admin.ModelAdmin):
    list_display = ["user", "sent_on", "items_count"]
    list_select_related = ["user"]
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
