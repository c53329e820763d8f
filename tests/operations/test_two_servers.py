"""Two app servers, one worker, one PostgreSQL database and one Redis, as in a cluster.

Server A and server B are two gunicorn processes started by the container entrypoint with the
production settings; the worker is `entrypoint.sh worker`. All three share a PostgreSQL
database made for this module and a redis-server started (and later stopped) by the test on a
port of its own. The test speaks HTTP like a browser behind the reverse proxy would
(`X-Forwarded-Proto: https`, `X-Forwarded-For`, cookies, CSRF tokens from the forms) and checks
what a city's IT would check before running several servers: sessions, votes, the page cache
and rate limits hold across servers, queued e-mail is sent once, a Redis outage makes the
servers unready but loses nothing, and dropped database connections cost at most one retry.

Numbers (requests, retries, durations) are printed; run with ``-s`` to see them.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from tests.smtp import SMTPServer

from .helpers import free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "scripts" / "container" / "entrypoint.sh"
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "beteiligung.kleve.de"
ORIGIN = f"https://{HOST}"
PASSWORD = "Kleve-Test-2026!"
LOAD_USERS = 6

pytestmark = pytest.mark.slow


def report(text: str) -> None:
    print(f"[two servers] {text}", flush=True)


# The stack


class Redis:
    """A redis-server of the test's own on a loopback port, without persistence."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.tmp = tmp
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                subprocess.run(
                    ["redis-cli", "-p", str(self.port), "ping"],
                    capture_output=True,
                    check=True,
                    timeout=2,
                )
                return
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                time.sleep(0.1)
        raise TimeoutError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def _postgres_server() -> str:
    """The PostgreSQL server of the suite (DATABASE_URL) or the local one."""
    outer = os.environ.get("DATABASE_URL", "")
    if outer.startswith(("postgres://", "postgresql://")):
        return outer
    return "postgres://postgres@127.0.0.1:5432/beteiligung"


def run_entrypoint(env: dict, *args: str, timeout: int = 600) -> str:
    result = subprocess.run(
        [str(ENTRYPOINT), *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


SETUP = """
import datetime, json
from django.utils import timezone
from home.setup import ensure_site_root
from ideen.staff import ensure_groups
from tests.factories import (
    IdeaFactory, ProjectIndexPageFactory, ProjectPageFactory, UserFactory,
)
ensure_groups()
home = ensure_site_root()
today = timezone.localdate()
index = ProjectIndexPageFactory(parent=home)
project = ProjectPageFactory(
    parent=index,
    title="Radwege am Spoykanal",
    participation_start=today - datetime.timedelta(days=5),
    participation_end=today + datetime.timedelta(days=20),
)
idea = IdeaFactory(space=project, title="Fahrradständer am Bahnhof")
ideas = [IdeaFactory(space=project, title=f"Lastidee {n}") for n in range(4)]
users = [UserFactory(username=f"buerger{n}", display_name=f"Bürgerin {n}") for n in range(%d)]
print(json.dumps({
    "idea": idea.pk,
    "idea_url": idea.get_absolute_url(),
    "load_ideas": [i.pk for i in ideas],
    "users": [[u.email, u.public_name] for u in users],
}))
""" % (LOAD_USERS + 2)


class Stack:
    def __init__(self, env: dict, redis: Redis, smtp: SMTPServer, data: dict, dsn: str):
        self.env = env
        self.redis = redis
        self.smtp = smtp
        self.data = data
        self.dsn = dsn
        self.ports: dict[str, int] = {}
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}
        self.tmp = Path(env["MEDIA_ROOT"]).parent

    def start(self, name: str, *command: str, **extra) -> None:
        log = self.tmp / f"{name}.log"
        with log.open("a") as output:
            process = subprocess.Popen(
                [str(ENTRYPOINT), *command],
                env={**self.env, **extra},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        self.processes[name] = process
        self.logs[name] = log

    def log(self, name: str) -> str:
        return self.logs[name].read_text()

    def start_web(self, name: str) -> None:
        port = free_port()
        self.ports[name] = port
        self.start(name, "web", BIND=f"127.0.0.1:{port}")

    def tails(self, size: int = 3000) -> str:
        """The end of every process's log, for failure messages."""
        return "\n".join(f"--- {name}\n{self.log(name)[-size:]}" for name in self.logs)

    def url(self, server: str) -> tuple[str, int]:
        return "127.0.0.1", self.ports[server]

    def sql(self, query: str, *params):
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    started = time.monotonic()
    tmp = tmp_path_factory.mktemp("two-servers")
    parts = urlsplit(_postgres_server())
    name = f"twoservers_{os.getpid()}_{int(time.time())}"
    server_dsn = urlunsplit(parts._replace(path="/postgres"))
    dsn = urlunsplit(parts._replace(path=f"/{name}"))
    import psycopg

    with psycopg.connect(server_dsn, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    redis = Redis(tmp)
    smtp = SMTPServer()
    stack = None
    try:
        redis.start()
        smtp.start()
        clean = {
            k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "EMAIL_", "DJANGO"))
        }
        env = {
            **clean,
            "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
            "DJANGO_SECRET_KEY": "two-servers-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DATABASE_URL": dsn,
            "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": ORIGIN,
            "TRUSTED_PROXY_COUNT": "1",
            "WAGTAILADMIN_BASE_URL": ORIGIN,
            "ACCESSIBILITY_FEEDBACK_EMAIL": "barrierefreiheit@kleve.de",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}?timeout=5",
            "MEDIA_ROOT": str(tmp / "media"),
            "STATIC_ROOT": str(tmp / "static"),
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "4",
            "LOG_LEVEL": "WARNING",
        }
        # The image has its static files built in; here they are collected while migrating.
        collect = subprocess.Popen(
            [str(ENTRYPOINT), "manage", "collectstatic", "--noinput", "-v0"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        run_entrypoint(env, "migrate")
        assert collect.wait(timeout=300) == 0, collect.communicate()[0]
        migrated = time.monotonic()
        data = json.loads(run_entrypoint(env, "manage", "shell", "-c", SETUP).splitlines()[-1])
        stack = Stack(env, redis, smtp, data, dsn)
        stack.start_web("A")
        stack.start_web("B")
        stack.start("worker", "worker", "--interval", "0.2", "--no-startup-delay")
        for server in ("A", "B"):
            wait_for_http(
                f"http://127.0.0.1:{stack.ports[server]}/-/health/live",
                timeout=60,
                process=stack.processes[server],
            )
        report(
            f"stack up in {time.monotonic() - started:.1f} s "
            f"(migrate {migrated - started:.1f} s): servers A :{stack.ports['A']}, "
            f"B :{stack.ports['B']}, worker, redis :{redis.port}, database {name}"
        )
        yield stack
    finally:
        if stack is not None:
            stack.stop_all()
        redis.stop()
        smtp.stop()
        with psycopg.connect(server_dsn, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# A browser, as far as the site can tell


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """Cookies, CSRF tokens and proxy headers by hand; speaks to whichever server it is told."""

    def __init__(self, stack: Stack, ip: str):
        self.stack = stack
        self.ip = ip
        self.cookies: dict[str, str] = {}

    def request(
        self,
        server: str,
        method: str,
        path: str,
        form: dict | None = None,
        headers: dict | None = None,
        timeout: float = 20,
    ) -> Response:
        host, port = self.stack.url(server)
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        sent = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.ip,
            "Accept": "text/html",
            "Accept-Language": "de",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = ORIGIN
            sent["Referer"] = ORIGIN + path
        sent.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return response

    def get(self, server: str, path: str, **kwargs) -> Response:
        return self.request(server, "GET", path, **kwargs)

    def post(self, server: str, path: str, form: dict, **kwargs) -> Response:
        return self.request(server, "POST", path, form=form, **kwargs)

    def csrf_token(self, server: str, path: str) -> str:
        page = self.get(server, path)
        assert page.status == 200, (path, page.status, self.stack.tails())
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def log_in(self, server: str, email: str) -> Response:
        token = self.csrf_token(server, "/konto/login/")
        return self.post(
            server,
            "/konto/login/",
            {"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        )

    def support(self, server: str, idea: int, **kwargs) -> Response:
        token = self.cookies["csrftoken"]
        return self.post(
            server,
            f"/ideen/{idea}/unterstuetzen/",
            {"csrfmiddlewaretoken": token, "state": "1"},
            **kwargs,
        )


def support_count(page: Response) -> int:
    match = re.search(r'id="support-count"[^>]*>\s*(\d+)', page.text)
    assert match, "no support count on the page"
    return int(match.group(1))


def logged_in_as(page: Response) -> str | None:
    match = re.search(
        r'href="/konto/profil/"><span class="visually-hidden">[^<]*</span>([^<]+)<', page.text
    )
    return match.group(1).strip() if match else None


def supports_in_db(stack: Stack, idea: int) -> tuple[int, int]:
    """(rows in ideen_ideasupport, the idea's counter)."""
    rows = stack.sql("SELECT count(*) FROM ideen_ideasupport WHERE idea_id = %s", idea)[0][0]
    counter = stack.sql("SELECT support_count FROM ideen_idea WHERE id = %s", idea)[0][0]
    return rows, counter


# The tests, in the order a rollout would check them


def test_a_session_from_server_a_is_valid_on_server_b(stack):
    email, name = stack.data["users"][0]
    browser = Browser(stack, "198.51.100.10")
    login = browser.log_in("A", email)
    assert login.status == 302, login.text[:2000]
    assert "sessionid" in browser.cookies
    on_b = browser.get("B", "/")
    assert on_b.status == 200
    assert logged_in_as(on_b) == name
    assert logged_in_as(browser.get("A", "/")) == name
    assert logged_in_as(Browser(stack, "198.51.100.11").get("B", "/")) is None
