"""The scheduler: intervals and slots, failures recorded, history pruned, each run once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from betrieb.models import PeriodicRun
from betrieb.scheduler import Job, configured_jobs, delete_old_runs, overview, run_due
from tests.concurrency import at_once

Outcome = PeriodicRun.Outcome
NOW = datetime(2026, 12, 5, 10, 0, 30, tzinfo=UTC)


def appending(path: Path, text: str) -> list[str]:
    """Arguments of `manage.py shell -c` that append one line to a file: a visible side effect."""
    return ["-c", f"open({str(path)!r}, 'a').write({text + chr(10)!r})"]


@pytest.fixture
def jobs(settings, tmp_path):
    """A job every minute and one every day at 03:00 that write to a file; one that fails."""
    side_effects = tmp_path / "runs.txt"
    settings.PERIODIC_JOBS = {
        "minutely": {
            "command": "shell",
            "args": appending(side_effects, "minutely"),
            "interval": 60,
        },
        "broken": {
            "command": "shell",
            "args": ["-c", "raise RuntimeError('mail server away')"],
            "interval": 60,
        },
        "daily": {
            "command": "shell",
            "args": appending(side_effects, "daily"),
            "interval": 86400,
            "offset": 3 * 3600,
        },
    }
    return side_effects


def lines(path: Path) -> list[str]:
    return sorted(path.read_text().splitlines()) if path.exists() else []


def test_slots_are_aligned_to_the_interval_and_offset():
    minutely = Job("m", "check", timedelta(minutes=1))
    daily = Job("d", "check", timedelta(days=1), offset=timedelta(hours=3))
    assert minutely.slot(NOW) == datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    assert minutely.next_due(NOW) == datetime(2026, 12, 5, 10, 1, tzinfo=UTC)
    assert daily.slot(NOW) == datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
    assert daily.slot(datetime(2026, 12, 5, 2, 59, tzinfo=UTC)) == datetime(
        2026, 12, 4, 3, 0, tzinfo=UTC
    )
    assert daily.next_due(NOW) == datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


def test_the_defaults_schedule_the_mail_sweep_and_the_retention_but_not_the_crawl():
    jobs = {job.name: job for job in configured_jobs()}
    assert jobs["send_queued_mail"].interval == timedelta(minutes=1)
    assert jobs["apply_retention"].interval == timedelta(days=1)
    assert "check_accessibility" not in jobs


@pytest.mark.django_db
def test_due_jobs_run_once_per_slot_and_again_in_the_next(jobs):
    run_due(NOW)
    assert lines(jobs) == ["daily", "minutely"]

    assert run_due(NOW + timedelta(seconds=29)) == []  # same minute: nothing is due
    assert lines(jobs) == ["daily", "minutely"]

    ran = run_due(NOW + timedelta(seconds=30))  # the next minute, the same day
    assert sorted(run.job for run in ran) == ["broken", "minutely"]
    assert lines(jobs) == ["daily", "minutely", "minutely"]
    assert PeriodicRun.objects.filter(job="daily").count() == 1


@pytest.mark.django_db
def test_a_failing_job_is_recorded_with_its_error_and_the_others_still_run(jobs):
    runs = {run.job: run for run in run_due(NOW)}
    broken = PeriodicRun.objects.get(job="broken")
    assert broken.outcome == Outcome.FAILED
    assert "RuntimeError: mail server away" in broken.error
    assert broken.finished_at is not None and broken.started_at <= broken.finished_at
    assert runs["minutely"].outcome == Outcome.OK and runs["daily"].outcome == Outcome.OK
    assert lines(jobs) == ["daily", "minutely"]


@pytest.mark.django_db
def test_an_unknown_command_is_a_failed_run(settings):
    settings.PERIODIC_JOBS = {"typo": {"command": "send_queud_mail", "interval": 60}}
    [run] = run_due(NOW)
    assert run.outcome == Outcome.FAILED and "Unknown command" in run.error


@pytest.mark.django_db
def test_history_is_kept_for_the_configured_days(jobs, settings):
    settings.PERIODIC_RUNS_KEEP_DAYS = 2
    run_due(NOW - timedelta(days=3))
    run_due(NOW - timedelta(days=1))
    for run in PeriodicRun.objects.all():
        run.finished_at = run.slot + timedelta(seconds=1)
        run.save()
    assert delete_old_runs(NOW) == 3
    assert {run.slot.date() for run in PeriodicRun.objects.all()} == {
        (NOW - timedelta(days=1)).date()
    }


@pytest.mark.django_db
def test_overview_shows_last_run_and_next_due(jobs):
    run_due(NOW)
    statuses = {status.job.name: status for status in overview(NOW + timedelta(seconds=10))}
    assert statuses["broken"].last_run.outcome == Outcome.FAILED
    assert statuses["minutely"].next_due == datetime(2026, 12, 5, 10, 1, tzinfo=UTC)
    assert statuses["daily"].next_due == datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
    later = {status.job.name: status for status in overview(NOW + timedelta(minutes=5))}
    assert later["minutely"].next_due == datetime(2026, 12, 5, 10, 5, tzinfo=UTC)  # due now


@pytest.mark.django_db
def test_the_command_runs_the_due_jobs_once(jobs):
    call_command("run_periodic", verbosity=0)
    call_command("run_periodic", verbosity=0)
    assert PeriodicRun.objects.filter(job="minutely").count() in (1, 2)  # may cross a minute
    assert PeriodicRun.objects.filter(job="daily").count() == 1
    assert lines(jobs).count("daily") == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs parallel transactions (PostgreSQL)"
)
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_run_each_job_once(jobs, settings):
    settings.PERIODIC_JOBS = {
        name: spec for name, spec in settings.PERIODIC_JOBS.items() if name != "broken"
    }
    for round_ in range(5):
        moment = NOW + timedelta(minutes=round_)
        results = at_once([lambda moment=moment: run_due(moment)] * 2)
        # Together the two processes ran the minutely job once; exactly one of them.
        assert sum(1 for runs in results for run in runs if run.job == "minutely") == 1
    assert PeriodicRun.objects.filter(job="minutely").count() == 5
    assert PeriodicRun.objects.filter(job="daily").count() == 1
    assert lines(jobs) == ["daily"] + ["minutely"] * 5
    assert set(PeriodicRun.objects.values_list("outcome", flat=True)) == {Outcome.OK}
