"""Admin for access requests: coordinators approve or reject them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import approval
from accounts.models import AccessRequest


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organization", "country", "status", "created_at"]
    list_filter = ["status", "country"]
    search_fields = ["name", "email", "organization"]
    list_select_related = ["country"]
    readonly_fields = [
        "name",
        "organization",
        "country",
        "email",
        "reason",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
        "account",
    ]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # requests come from the public form

    def _decide(self, request, queryset, decide, done_message):
        decided = 0
        for access_request in queryset.filter(status=AccessRequest.Status.PENDING):
            decide(access_request, by=request.user)
            decided += 1
        skipped = queryset.count() - decided
        self.message_user(request, done_message(decided) % {"count": decided}, messages.SUCCESS)
        if skipped:
            self.message_user(request, _("Requests already decided were left as they were."), messages.WARNING)

    @admin.action(description=_("Approve: create the account and email a set-password link"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(
            request,
            queryset,
            approval.approve,
            lambda n: ngettext("%(count)d request approved.", "%(count)d requests approved.", n),
        )

    @admin.action(description=_("Reject: email a short note"), permissions=["change"])
    def reject(self, request, queryset):
        self._decide(
            request,
            queryset,
            approval.reject,
            lambda n: ngettext("%(count)d request rejected.", "%(count)d requests rejected.", n),
        )
