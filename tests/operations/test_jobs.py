"""Scheduled jobs run once across all nodes (operations/jobs.py): the claim itself, and two nodes'
timers starting the reminders and the backup at the same moment (real processes)."""

import datetime
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone

from operations import jobs
from operations.models import ScheduledRun
from tests.processes import PYTHON, ROOT, environment, manage

HOUR = datetime.timedelta(hours=1)


@pytest.mark.django_db
def test_a_job_is_claimed_once_within_its_window():
    assert jobs.claim(name="backup", window=HOUR).claimed
    second = jobs.claim(name="backup", window=HOUR)
    assert not second.claimed
    assert second.last.outcome == ScheduledRun.Outcome.RUNNING
    assert "does nothing" in second.describe()


@pytest.mark.django_db
def test_a_job_started_longer_ago_than_its_window_is_claimed_again():
    jobs.claim(name="backup", window=HOUR)
    jobs.finish(name="backup", succeeded=True)
    ScheduledRun.objects.filter(name="backup").update(started_at=timezone.now() - 2 * HOUR)
    assert jobs.claim(name="backup", window=HOUR).claimed


@pytest.mark.django_db
def test_a_failed_run_may_be_claimed_again_at_once():
    with pytest.raises(RuntimeError), jobs.scheduled(name="backup", window=HOUR) as claim:
        assert claim.claimed
        raise RuntimeError("disk full")
    assert ScheduledRun.objects.get(name="backup").outcome == ScheduledRun.Outcome.FAILED
    assert jobs.claim(name="backup", window=HOUR).claimed


@pytest.mark.django_db
def test_a_successful_run_is_recorded():
    with jobs.scheduled(name="review reminders", window=HOUR) as claim:
        assert claim.claimed
    run = ScheduledRun.objects.get(name="review reminders")
    assert run.outcome == ScheduledRun.Outcome.SUCCEEDED
    assert run.finished_at is not None
    assert run.node == jobs.node_name()


@pytest.mark.django_db
def test_a_command_started_by_hand_always_runs(capsys):
    call_command("send_review_reminders", "--scheduled")
    call_command("send_review_reminders", "--scheduled")
    assert "does nothing" in capsys.readouterr().out
    call_command("send_review_reminders")  # by hand: no claim
    assert "does nothing" not in capsys.readouterr().out


STALE_FOCAL_POINTS = """
import datetime
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from countries.models import Country, FocalPointAssignment
from operations.models import ScheduledRun
from review.models import ReviewReminder
ReviewReminder.objects.all().delete()
ScheduledRun.objects.all().delete()
countries = list(Country.objects.order_by("code")[:3])
Country.objects.filter(pk__in=[c.pk for c in countries]).update(
    last_reviewed_on=datetime.date.today() - datetime.timedelta(days=1000))
for country in countries:
    user, _ = get_user_model().objects.get_or_create(
        username=f"focal-{country.slug}", defaults={"email": f"focal-{country.slug}@example.org"})
    user.groups.add(Group.objects.get(name="Focal points"))
    FocalPointAssignment.objects.get_or_create(user=user, country=country)
"""


def _start_together(env, *commands):
    """Start the commands at the same moment, as two nodes' timers would; (returncode, stdout) each."""
    processes = [
        subprocess.Popen(
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for command in commands
    ]
    return [(process.wait(timeout=120), process.stdout.read().decode()) for process in processes]


def _messages(folder):
    return sum(path.read_text().count("\nSubject: ") for path in folder.glob("*.log")) if folder.exists() else 0


def test_reminders_started_on_two_nodes_at_once_are_sent_once(served):
    tmp, url = served
    env = environment(tmp, database_url=url)
    mail = tmp / "mail-two-nodes"
    env.update(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(mail))
    manage(env, "shell", "-c", STALE_FOCAL_POINTS)

    results = _start_together(env, ["send_review_reminders", "--scheduled"], ["send_review_reminders", "--scheduled"])

    assert [code for code, _ in results] == [0, 0], results
    outputs = [output for _, output in results]
    assert sum("does nothing" in output for output in outputs) == 1, outputs
    assert sum("Sent 3 reminders" in output for output in outputs) == 1, outputs
    assert _messages(mail) == 3


def test_a_backup_started_on_two_nodes_at_once_is_made_once(served):
    tmp, url = served
    env = environment(tmp, database_url=url)
    manage(env, "shell", "-c", "from operations.models import ScheduledRun; ScheduledRun.objects.all().delete()")
    node_a, node_b = tmp / "backup-node-a", tmp / "backup-node-b"

    results = _start_together(env, ["backup", "--scheduled", str(node_a)], ["backup", "--scheduled", str(node_b)])

    assert [code for code, _ in results] == [0, 0], results
    assert sum("does nothing" in output for _, output in results) == 1, results
    assert [node_a.exists(), node_b.exists()].count(True) == 1
    made = node_a if node_a.exists() else node_b
    assert (made / "manifest.json").exists()
