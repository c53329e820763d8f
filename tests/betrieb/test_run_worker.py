"""The worker goes on after its database connection was lost (the two-server test ends the
connections of a running worker with ``pg_terminate_backend``)."""

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django_tasks_db.management.commands import db_worker

from betrieb.management.commands import run_worker


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_lost_connection_starts_the_worker_again(monkeypatch, caplog):
    runs = []

    def run(worker):
        runs.append(worker)
        if len(runs) == 1:
            raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(db_worker.Worker, "run", run)
    monkeypatch.setattr(db_worker.Worker, "configure_signals", lambda worker: None)
    monkeypatch.setattr(run_worker, "RECONNECT_SECONDS", 0)
    call_command("run_worker", "--batch", "--no-startup-delay")
    assert len(runs) == 2
    assert "Database connection lost" in caplog.text


def test_other_errors_still_stop_it(monkeypatch):
    def run(worker):
        raise RuntimeError("a bug")

    monkeypatch.setattr(db_worker.Worker, "run", run)
    monkeypatch.setattr(db_worker.Worker, "configure_signals", lambda worker: None)
    with pytest.raises(RuntimeError):
        call_command("run_worker", "--batch", "--no-startup-delay")
