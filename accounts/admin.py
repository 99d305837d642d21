"""Admin for access requests: coordinators approve or reject them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import approval
from accounts.models import AccessRequest


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "existing_account", "organization", "country", "status", "created_at"]
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
        "existing_account",
    ]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # requests come from the public form

    def get_queryset(self, request):
        return super().get_queryset(request).with_existing_account()

    @admin.display(description=_("account with this address"))
    def existing_account(self, access_request):
        # The public form does not say whether an address has an account; the coordinator does see it.
        return access_request.existing_account_name or "—"

    def _decide(self, request, queryset, decide, done_message):
        decided = 0
        pending = list(queryset.filter(status=AccessRequest.Status.PENDING))
        for access_request in pending:
            try:
                decide(access_request, by=request.user)
            except approval.AddressInUse:
                self.message_user(
                    request,
                    _("%(email)s already has an account: not approved. Reject the request, or send a password reset.")
                    % {"email": access_request.email},
                    messages.ERROR,
                )
                continue
            decided += 1
        skipped = queryset.count() - len(pending)
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
