"""A real SMTP server (aiosmtpd on loopback) that is down and comes back.

With the server down, sign-up, password reset and barrier reports answer as usual and nothing
is lost; once it is back, the sweep delivers every e-mail exactly once, also when the worker
process is killed in between (even in the middle of a send).
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from barrierefreiheit.feedback import BarrierReport
from outbox.models import OutgoingMail
from outbox.services import send_due
from tests.accounts.conftest import SIGNUP_DATA

ROOT = Path(__file__).resolve().parents[2]
State = OutgoingMail.State


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """allauth sends one confirmation per address in three minutes (counted in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def retry_at_once(settings):
    """No waiting between attempts: the test decides when the server is back."""
    settings.MAIL_OUTBOX = {**settings.MAIL_OUTBOX, "first_delay": 0}


def body_of(envelope) -> str:
    return envelope.content.decode("utf-8", "replace").replace("=\r\n", "").replace("\r\n", "\n")


def link_in(envelope, path_prefix: str) -> str:
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}[^\s]*)", body_of(envelope))
    assert match, body_of(envelope)
    return match.group(1)


def signup_and_reset_while_down(client, user) -> None:
    """The citizen's view: the usual pages, no error."""
    response = client.post(reverse("account_signup"), SIGNUP_DATA, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    response = client.post(reverse("account_reset_password"), {"email": user.email}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("account_reset_password_done")
    waiting = OutgoingMail.objects.order_by("pk")
    assert [(m.to, m.state, m.attempts) for m in waiting] == [
        ([SIGNUP_DATA["email"]], State.PENDING, 1),
        ([user.email], State.PENDING, 1),
    ]
    assert all("ConnectionRefusedError" in m.last_error for m in waiting)


@pytest.mark.django_db
@pytest.mark.usefixtures("requests_commit", "retry_at_once")
def test_sign_up_and_password_reset_survive_an_outage(client, user, smtp_server):
    signup_and_reset_while_down(client, user)

    smtp_server.start()
    assert send_due().sent == 2
    assert send_due().states == []  # nothing left: a second sweep sends nothing again
    assert len(smtp_server.recorder.to(SIGNUP_DATA["email"])) == 1
    assert len(smtp_server.recorder.to(user.email)) == 1

    # The confirmation that arrived late still works.
    (confirmation,) = smtp_server.recorder.to(SIGNUP_DATA["email"])
    client.post(link_in(confirmation, "/konto/confirm-email/"))
    assert EmailAddress.objects.get(email=SIGNUP_DATA["email"]).verified


@pytest.mark.django_db
@pytest.mark.usefixtures("requests_commit", "retry_at_once")
def test_a_barrier_report_survives_an_outage(client, home_page, settings, smtp_server):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "team-barrierefreiheit@kleve.de"
    response = client.post(
        "/barriere-melden/",
        {
            "page_url": "/projekte/radwege/",
            "description": "Die Karte ist mit der Tastatur nicht bedienbar.",
            "name": "Erika Muster",
            "email": "erika@example.org",
            "website": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/barriere-melden/gesendet/"
    # The report is in the admin listing whatever happens to the e-mails.
    assert BarrierReport.objects.get().description.startswith("Die Karte")
    assert set(OutgoingMail.objects.values_list("kind", "state")) == {
        ("barrier_report", State.PENDING)
    }

    smtp_server.start()
    assert send_due().sent == 2
    send_due()
    assert len(smtp_server.recorder.to("team-barrierefreiheit@kleve.de")) == 1
    assert len(smtp_server.recorder.to("erika@example.org")) == 1


# The worker as a process of its own, killed and started again


@contextmanager
def database_for_worker(tmp_path):
    """The test database as a worker process reaches it (the test keeps off it meanwhile).

    PostgreSQL: the test database itself. SQLite: the in-memory test database is copied to a
    file for the worker and copied back afterwards.
    """
    settings = connection.settings_dict
    if connection.vendor != "sqlite":
        user = quote(settings["USER"] or "")
        password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
        host = settings["HOST"] or "127.0.0.1"
        port = settings["PORT"] or "5432"
        yield f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
        return
    connection.ensure_connection()
    path = tmp_path / "worker.sqlite3"
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    try:
        yield f"sqlite:///{path}"
    finally:
        copy = sqlite3.connect(path)
        copy.backup(connection.connection)
        copy.close()


class Worker:
    """``manage.py send_queued_mail --loop`` in a process of its own."""

    def __init__(self, database_url: str, smtp_port: int):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.outbox.worker_settings",
            "DATABASE_URL": database_url,
            "TEST_SMTP_PORT": str(smtp_port),
            "MAIL_RETRY_FIRST_DELAY": "0",
            "MAIL_LEASE_SECONDS": "3",
            "PYTHONUNBUFFERED": "1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "send_queued_mail", "--loop", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for_line(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            assert self.process.poll() is None, "".join(self.lines)
            time.sleep(0.1)
        raise AssertionError(f"no {text!r} from the worker:\n" + "".join(self.lines))

    def kill(self) -> None:
        """As a crash or an OOM kill would: no chance to clean up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("requests_commit", "retry_at_once")
def test_each_mail_arrives_once_although_the_worker_is_killed_twice(
    client, user, smtp_server, tmp_path
):
    signup_and_reset_while_down(client, user)
    recorder = smtp_server.recorder

    with database_for_worker(tmp_path) as database_url:
        # 1. The worker retries while the server is still down, and is killed.
        first = Worker(database_url, smtp_server.port)
        first.wait_for_line("retrying 2")
        first.kill()

        # 2. The server is back, but the next worker is killed in the middle of a send.
        recorder.hold.set()
        smtp_server.start()
        second = Worker(database_url, smtp_server.port)
        assert smtp_server.wait_for(recorder.holding.is_set, timeout=60)
        second.kill()
        recorder.hold.clear()
        assert recorder.messages == []

        # 3. A third worker takes the abandoned e-mails over once their lease has run out.
        third = Worker(database_url, smtp_server.port)
        assert smtp_server.wait_for(lambda: len(recorder.messages) >= 2, timeout=60)
        time.sleep(1.5)  # a few more sweeps: none may send anything again
        third.kill()

    assert len(recorder.to(SIGNUP_DATA["email"])) == 1
    assert len(recorder.to(user.email)) == 1
    assert len(recorder.messages) == 2
    sent = OutgoingMail.objects.order_by("pk")
    assert [m.state for m in sent] == [State.SENT, State.SENT]
    assert all(m.attempts >= 3 for m in sent)  # down, killed while sending, delivered
