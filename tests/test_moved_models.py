"""Access requests, review reminders and scheduled runs moved out of the "handbook" app (to
accounts, review and operations) without loss: a database of the schema before the move, with rows
in every moved table, is upgraded by `migrate` as a deployment runs it, and keeps its rows, its
content types, its permissions, every group's permissions and the admin's log."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import AccessRequest
from operations.models import ScheduledRun
from review.models import ReviewReminder

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE_THE_MOVE = [
    ("handbook", "0008_search_written_translations"),
    ("accounts", None),
    ("review", None),
    ("operations", None),
]
MOVED = {"accessrequest": "accounts", "reviewreminder": "review", "scheduledrun": "operations"}


def _group_permissions():
    return {
        group.name: sorted(group.permissions.values_list("pk", "codename"))
        for group in Group.objects.prefetch_related("permissions")
    }


def test_migrate_moves_the_models_and_keeps_everything(coordinator, albania):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE[0]).apps

    # The database as it was: the models are the "handbook" app's.
    content_types = dict(
        ContentType.objects.filter(model__in=MOVED).values_list("model", "app_label").order_by("model")
    )
    assert content_types == dict.fromkeys(MOVED, "handbook")
    content_type_ids = dict(ContentType.objects.filter(model__in=MOVED).values_list("model", "pk"))
    auditors = Group.objects.create(name="Auditors")
    auditors.permissions.add(
        Permission.objects.get(content_type__app_label="handbook", codename="view_accessrequest"),
        Permission.objects.get(content_type__app_label="handbook", codename="view_scheduledrun"),
    )
    access_request = old.get_model("handbook", "AccessRequest").objects.create(
        name="Ana Example",
        organization="Sample service",
        country_id=albania.pk,
        email="ana@example.org",
        reason="Preparing an operation",
        decided_by_id=coordinator.pk,
    )
    old.get_model("handbook", "ReviewReminder").objects.create(
        user_id=coordinator.pk, sent_on=datetime.date(2026, 11, 2), items_count=7
    )
    started = timezone.now().replace(microsecond=0)
    old.get_model("handbook", "ScheduledRun").objects.create(
        name="backup", started_at=started, node="node-1", outcome="succeeded"
    )
    LogEntry.objects.create(
        user_id=coordinator.pk,
        content_type_id=content_type_ids["accessrequest"],
        object_id=str(access_request.pk),
        object_repr="Ana Example <ana@example.org>",
        action_flag=CHANGE,
        change_message="Looked at it",
    )
    permissions_before = _group_permissions()
    assert any(codename == "change_accessrequest" for _, codename in permissions_before["Coordinators"])

    call_command("migrate", verbosity=0)  # as a deployment runs it, post_migrate handlers included

    ContentType.objects.clear_cache()
    moved = AccessRequest.objects.get()
    assert (moved.pk, moved.name, moved.country, moved.decided_by) == (
        access_request.pk,
        "Ana Example",
        albania,
        coordinator,
    )
    assert moved.status == AccessRequest.Status.PENDING
    reminder = ReviewReminder.objects.get()
    assert (reminder.user, reminder.sent_on, reminder.items_count) == (coordinator, datetime.date(2026, 11, 2), 7)
    run = ScheduledRun.objects.get()
    assert (run.name, run.started_at, run.node, run.outcome) == ("backup", started, "node-1", "succeeded")

    # The same content type rows, relabelled; none left behind under "handbook".
    for model, app_label in MOVED.items():
        assert ContentType.objects.get(app_label=app_label, model=model).pk == content_type_ids[model]
    assert not ContentType.objects.filter(app_label="handbook", model__in=MOVED).exists()
    # Every group holds the same permission rows; the role groups too, after post_migrate ran.
    assert _group_permissions() == permissions_before
    assert sorted(auditors.permissions.values_list("content_type__app_label", "codename")) == [
        ("accounts", "view_accessrequest"),
        ("operations", "view_scheduledrun"),
    ]
    assert coordinator.has_perm("accounts.change_accessrequest")
    # The admin's history of the request still leads to it.
    assert LogEntry.objects.get().get_edited_object() == moved


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/handbook/accessrequest/", "/admin/accounts/accessrequest/"),
        ("/admin/handbook/accessrequest/12/change/", "/admin/accounts/accessrequest/12/change/"),
        ("/admin/handbook/reviewreminder/?sent_on__year=2026", "/admin/review/reviewreminder/?sent_on__year=2026"),
        ("/admin/handbook/scheduledrun/", "/admin/operations/scheduledrun/"),
        ("/admin/handbook/", "/admin/"),
    ],
)
def test_old_admin_addresses_of_moved_models_redirect(client, coordinator, old, new):
    client.force_login(coordinator)
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    if new != "/admin/":
        assert client.get(new).status_code in (200, 302)  # 302: the change page of a request that is not there
