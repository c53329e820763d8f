"""The periodic jobs (settings ``PERIODIC_JOBS``) and running the due ones exactly once.

Time is cut into slots of each job's interval (counted from the Unix epoch plus an offset). A
run of a slot is a row of ``PeriodicRun`` with a unique (job, slot): the scheduler process whose
insert succeeds runs the job, every other one gets an ``IntegrityError`` and skips it. So any
number of scheduler processes may run; each slot runs once. A slot in which no scheduler was
running is not made up for later.
"""

from __future__ import annotations

import io
import os
import socket
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import PeriodicRun

ERROR_LENGTH = 4000


@dataclass(frozen=True)
class Job:
    name: str
    command: str
    interval: timedelta
    args: tuple[str, ...] = ()
    offset: timedelta = timedelta(0)

    def slot(self, now: datetime) -> datetime:
        """The start of the interval ``now`` lies in."""
        step = self.interval.total_seconds()
        shift = self.offset.total_seconds()
        start = (now.timestamp() - shift) // step * step + shift
        return datetime.fromtimestamp(start, UTC)

    def next_due(self, now: datetime) -> datetime:
        """The start of the next interval."""
        return self.slot(now) + self.interval


def configured_jobs() -> list[Job]:
    """The jobs of ``settings.PERIODIC_JOBS`` (name -> command, interval and offset in seconds)."""
    return [
        Job(
            name=name,
            command=spec.get("command", name),
            interval=timedelta(seconds=spec["interval"]),
            args=tuple(spec.get("args", ())),
            offset=timedelta(seconds=spec.get("offset", 0)),
        )
        for name, spec in settings.PERIODIC_JOBS.items()
    ]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job: Job, now: datetime) -> PeriodicRun | None:
    """Insert the run of the current slot; None when another process has inserted it."""
    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(
                job=job.name, slot=job.slot(now), started_at=timezone.now(), worker=worker_name()
            )
    except IntegrityError:
        return None


def run(job: Job, record: PeriodicRun) -> PeriodicRun:
    """Run the job's command and store how it ended; a failure is recorded, never raised."""
    output = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
    except (Exception, SystemExit):
        record.outcome = PeriodicRun.Outcome.FAILED
        record.error = traceback.format_exc()[-ERROR_LENGTH:]
    else:
        record.outcome = PeriodicRun.Outcome.OK
    record.finished_at = timezone.now()
    record.save(update_fields=["outcome", "error", "finished_at"])
    return record


def run_due(now: datetime | None = None, jobs: list[Job] | None = None) -> list[PeriodicRun]:
    """Run every job whose current slot has not run yet (here or elsewhere); prune history."""
    now = now or timezone.now()
    runs = []
    for job in configured_jobs() if jobs is None else jobs:
        record = claim(job, now)
        if record is not None:
            runs.append(run(job, record))
    delete_old_runs(now)
    return runs


def delete_old_runs(now: datetime | None = None) -> int:
    """Delete runs that ended more than ``PERIODIC_RUNS_KEEP_DAYS`` ago."""
    now = now or timezone.now()
    keep = timedelta(days=settings.PERIODIC_RUNS_KEEP_DAYS)
    return PeriodicRun.objects.finished_before(now - keep).delete()[0]


@dataclass(frozen=True)
class JobStatus:
    job: Job
    last_run: PeriodicRun | None
    next_due: datetime


def overview(now: datetime | None = None) -> list[JobStatus]:
    """Each configured job with its last run and the start of its next slot."""
    now = now or timezone.now()
    statuses = []
    for job in configured_jobs():
        last = PeriodicRun.objects.latest_of(job.name)
        due_now = last is None or last.slot < job.slot(now)
        statuses.append(JobStatus(job, last, job.slot(now) if due_now else job.next_due(now)))
    return statuses
