"""The container's commands run as processes: migrate, then web (gunicorn) and worker with the
production settings, probed over HTTP like Kubernetes would. A second web server pointed at a
PostgreSQL port nobody listens on is alive but not ready.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from .helpers import free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "scripts" / "container" / "entrypoint.sh"
VENV_BIN = ROOT / ".venv" / "bin"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """A fresh, empty database: on the PostgreSQL server of DATABASE_URL when the suite runs on
    PostgreSQL, else a SQLite file."""
    outer = os.environ.get("DATABASE_URL", "")
    if not outer.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path_factory.mktemp('entrypoint') / 'db.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(outer)
    name = f"{parts.path.lstrip('/')}_entrypoint_{os.getpid()}"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def env(tmp_path_factory, database_url):
    tmp = tmp_path_factory.mktemp("entrypoint")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "EMAIL_", "DJANGO"))}
    return {
        **clean,
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
        "DJANGO_SECRET_KEY": "entrypoint-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": database_url,
        "REDIS_URL": "redis://127.0.0.1:6379/11",
        "ALLOWED_HOSTS": "beteiligung.kleve.de",
        "ACCESSIBILITY_FEEDBACK_EMAIL": "barrierefreiheit@kleve.de",
        "MEDIA_ROOT": str(tmp / "media"),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESS_LOG": "true",
    }


def get(url: str, host: str = "10.42.0.17") -> tuple[int, dict, dict]:
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def start(command: str, env: dict, **extra) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ENTRYPOINT), command],
        env={**env, **extra},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    return output


@pytest.fixture(scope="module")
def migrated(env):
    result = subprocess.run(
        [str(ENTRYPOINT), "migrate"], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return env


def test_unknown_command_is_refused(env):
    result = subprocess.run([str(ENTRYPOINT), "serve"], env=env, capture_output=True, text=True)
    assert result.returncode == 64
    assert "usage: entrypoint.sh web|worker|mail|scheduler|migrate|manage" in result.stderr


def test_migrate_then_web_is_ready_and_logs_requests_but_not_probes(migrated):
    port = free_port()
    web = start("web", migrated, BIND=f"127.0.0.1:{port}")
    try:
        wait_for_http(f"http://127.0.0.1:{port}/-/health/live", timeout=60, process=web)
        status, headers, body = get(f"http://127.0.0.1:{port}/-/health/ready")
        assert status == 200, body
        assert body["checks"] == {"database": "ok", "cache": "ok", "storage": "ok"}
        assert headers["Cache-Control"] == "no-store"
        # An ordinary request by its real host name: redirected to HTTPS, logged with its id.
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/impressum/",
            headers={"Host": "beteiligung.kleve.de", "X-Request-ID": "entrypoint-test-1"},
        )
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(request, timeout=10)
        assert redirect.value.code == 301
        assert redirect.value.headers["X-Request-ID"] == "entrypoint-test-1"
    finally:
        output = stop(web)
    assert "request_id=entrypoint-test-1" in output
    assert "/-/health/" not in output


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def manage_shell(env: dict, code: str) -> str:
    result = subprocess.run(
        [str(ENTRYPOINT), "manage", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_worker_runs_a_queued_task_and_stops_on_sigterm(migrated):
    task_id = manage_shell(
        migrated,
        "from outbox.tasks import send_outgoing_mail; print(send_outgoing_mail.enqueue(0).id)",
    )
    status = "from django_tasks_db.models import DBTaskResult; " + (
        f"print(DBTaskResult.objects.get(id='{task_id}').status)"
    )
    assert manage_shell(migrated, status) == "READY"
    worker = subprocess.Popen(
        [str(ENTRYPOINT), "worker", "--interval", "0.5", "--no-startup-delay"],
        env=migrated,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while manage_shell(migrated, status) != "SUCCESSFUL":
            assert time.monotonic() < deadline, "the worker did not run the task"
            assert worker.poll() is None, worker.communicate()[0]
            time.sleep(0.5)
    finally:
        stop(worker)
    assert worker.returncode in (0, -signal.SIGTERM)


def test_the_mail_retry_loop_runs_until_sigterm(migrated):
    mail = start("mail", migrated)
    time.sleep(5)
    assert mail.poll() is None, mail.communicate()[0]
    stop(mail)
    assert mail.returncode in (0, -signal.SIGTERM)


def test_web_without_its_database_is_alive_but_not_ready(env):
    port = free_port()
    web = start(
        "web",
        env,
        BIND=f"127.0.0.1:{port}",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/beteiligung",
        DATABASE_CONNECT_TIMEOUT="2",
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/-/health/live", timeout=60, process=web)
        assert get(f"http://127.0.0.1:{port}/-/health/live")[0] == 200
        status, _, body = get(f"http://127.0.0.1:{port}/-/health/ready")
        assert status == 503
        assert body == {
            "status": "failed",
            "checks": {"database": "failed", "cache": "ok", "storage": "ok"},
        }
    finally:
        output = stop(web)
    # The failure is logged once per check, as JSON with the reason; the password-free URL's
    # host appears only in the log, never in the probe's answer.
    assert '"message": "Readiness check database failed' in output


def test_the_scheduler_runs_the_due_jobs_and_stops_on_sigterm(migrated):
    scheduler = start("scheduler", migrated)
    runs = (
        "from betrieb.models import PeriodicRun; "
        "print(sorted(PeriodicRun.objects.filter(outcome='ok').values_list('job', flat=True)))"
    )
    try:
        deadline = time.monotonic() + 60
        expected = str(sorted(settings.PERIODIC_JOBS))  # every job runs in its first slot
        while manage_shell(migrated, runs) != expected:
            assert time.monotonic() < deadline, "the scheduler did not run the jobs"
            assert scheduler.poll() is None, scheduler.communicate()[0]
            time.sleep(0.5)
    finally:
        stop(scheduler)
    assert scheduler.returncode == 0  # it finishes a running job, then leaves the loop
