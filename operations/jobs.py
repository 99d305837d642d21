"""Scheduled jobs that run once across all nodes.

Every node of a deployment has the same timers (deploy/systemd), so the daily backup and the review
reminders start on each of them at about the same moment. A scheduled start first claims the job:
one conditional UPDATE of its `ScheduledRun` row, which succeeds only when the last start is older
than the window or failed. On PostgreSQL a concurrent UPDATE waits for the first to commit and then
re-checks its condition against the new row; SQLite runs one writer at a time. Either way exactly
one of the nodes gets the row, the others are told who did and stop. Started by hand (without
`--scheduled`), a command always runs.
"""

import contextlib
import datetime
import socket
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from operations.models import ScheduledRun

NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Claim:
    claimed: bool
    last: ScheduledRun | None = None  # the run that holds the job when this start did not get it

    def describe(self):
        last = self.last
        return (
            f"{last.name} was started at {last.started_at:%Y-%m-%d %H:%M:%S} UTC on {last.node or 'another node'} "
            f"({last.get_outcome_display().lower()}); this scheduled start does nothing."
        )


def node_name():
    return socket.gethostname()


def claim(*, name, window):
    """Claim the job `name` for this node unless it was started less than `window` ago (and did not
    fail). Returns a Claim; the caller runs the job only when `claimed`."""
    now = timezone.now()
    with contextlib.suppress(IntegrityError), transaction.atomic():
        ScheduledRun.objects.get_or_create(
            name=name, defaults={"started_at": NEVER, "outcome": ScheduledRun.Outcome.SUCCEEDED}
        )
    claimed = (
        ScheduledRun.objects.filter(name=name)
        .filter(Q(started_at__lte=now - window) | Q(outcome=ScheduledRun.Outcome.FAILED))
        .update(started_at=now, finished_at=None, node=node_name(), outcome=ScheduledRun.Outcome.RUNNING)
    )
    if claimed:
        return Claim(claimed=True)
    return Claim(claimed=False, last=ScheduledRun.objects.get(name=name))


def finish(*, name, succeeded):
    """Record how this node's run ended; a failed run may be claimed again at once."""
    outcome = ScheduledRun.Outcome.SUCCEEDED if succeeded else ScheduledRun.Outcome.FAILED
    ScheduledRun.objects.filter(name=name, node=node_name(), outcome=ScheduledRun.Outcome.RUNNING).update(
        finished_at=timezone.now(), outcome=outcome
    )


@contextlib.contextmanager
def scheduled(*, name, window):
    """`with scheduled(name=…, window=…) as claim:` run the job when `claim.claimed`; its outcome is
    recorded when the block ends (failed when it raises)."""
    result = claim(name=name, window=window)
    if not result.claimed:
        yield result
        return
    try:
        yield result
    except BaseException:
        finish(name=name, succeeded=False)
        raise
    finish(name=name, succeeded=True)


def add_arguments(parser):
    """The options of a command that a timer starts."""
    parser.add_argument(
        "--scheduled",
        action="store_true",
        help="Started by a timer: run only if no node started this job within --window minutes.",
    )
    parser.add_argument("--window", type=int, default=60, help="minutes (default 60)")


@contextlib.contextmanager
def started(command, *, name, scheduled_start, window):
    """Run a management command's job: claimed across nodes when started by a timer, plain otherwise.
    Yields True when the job should run."""
    if not scheduled_start:
        yield True
        return
    with scheduled(name=name, window=datetime.timedelta(minutes=window)) as result:
        if not result.claimed:
            command.stdout.write(result.describe())
        yield result.claimed
