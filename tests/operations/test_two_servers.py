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

import functools
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
LOAD_IDEAS = 8
TERMINATION_ROUNDS = 3
TERMINATION_INTERVAL = 1.5

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
ideas = [IdeaFactory(space=project, title=f"Lastidee {n}") for n in range(LOAD_IDEAS)]
users = [
    UserFactory(username=f"buerger{n}", display_name=f"Bürgerin {n}") for n in range(USER_COUNT)
]
print(json.dumps({
    "idea": idea.pk,
    "idea_url": idea.get_absolute_url(),
    "load_ideas": [i.pk for i in ideas],
    "users": [[u.email, u.public_name] for u in users],
}))
""".replace("USER_COUNT", str(LOAD_USERS + 5)).replace("LOAD_IDEAS", str(LOAD_IDEAS))


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
        for name, process in self.processes.items():
            if process.poll() is None:
                # gunicorn: SIGQUIT stops at once (SIGTERM waits for idle keep-alive clients)
                process.send_signal(signal.SIGQUIT if name in self.ports else signal.SIGTERM)
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
            "DJANGO_SECRET_KEY": "two-servers-test-secret-key-0123456789-abcdefghijklmnopqrstuvw",
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
        stack = Stack(env, redis, smtp, {}, dsn)
        stack.start_web("A")
        stack.start_web("B")
        stack.start("worker", "worker", "--interval", "0.2", "--no-startup-delay")
        # The test's content and users, made while the servers start.
        stack.data = json.loads(
            run_entrypoint(env, "manage", "shell", "-c", SETUP).splitlines()[-1]
        )
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


def test_a_vote_on_a_is_counted_once_and_fresh_on_b_even_in_the_page_cache(stack):
    idea, path = stack.data["idea"], stack.data["idea_url"]
    reader = Browser(stack, "198.51.100.20")
    # The anonymous page, rendered by B and stored in the shared cache ...
    before = reader.get("B", path)
    assert before.status == 200
    assert "public" in before.headers["Cache-Control"]
    assert support_count(before) == 0
    time.sleep(1.1)  # a page rendered again would carry a later Last-Modified
    # ... is what A serves: the same copy (B's Last-Modified), and 304 for B's ETag.
    from_a = reader.get("A", path)
    assert from_a.headers["Last-Modified"] == before.headers["Last-Modified"]
    assert from_a.headers["ETag"] == before.headers["ETag"]
    assert reader.get("A", path, headers={"If-None-Match": before.headers["ETag"]}).status == 304
    assert reader.get("B", path, headers={"If-None-Match": before.headers["ETag"]}).status == 304

    email, _name = stack.data["users"][1]
    voter = Browser(stack, "198.51.100.21")
    assert voter.log_in("A", email).status == 302
    assert voter.support("A", idea).status == 302
    assert supports_in_db(stack, idea) == (1, 1)
    # The same vote again, on A and on B at the same moment (a double click across servers).
    with ThreadPoolExecutor(2) as pool:
        again = list(pool.map(lambda server: voter.support(server, idea).status, ["A", "B"]))
    assert again == [302, 302]
    assert supports_in_db(stack, idea) == (1, 1)

    after = reader.get("B", path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert support_count(after) == 1
    assert support_count(reader.get("A", path)) == 1
    assert support_count(voter.get("B", path)) == 1  # and for the voter, logged in, on B


def test_failed_logins_on_both_servers_count_against_one_limit(stack):
    """allauth's "login_failed" limit per client address (10 a minute) holds for A and B
    together: the eleventh failure is refused, whichever server it reaches."""
    limit = 10
    attacker = Browser(stack, "203.0.113.66")
    statuses = []
    for attempt in range(limit + 2):
        server = "AB"[attempt % 2]
        token = attacker.csrf_token(server, "/konto/login/")
        response = attacker.post(
            server,
            "/konto/login/",
            {
                "csrfmiddlewaretoken": token,
                # a different account each time: only the limit per address applies
                "login": f"niemand{attempt}@example.org",
                "password": "falsch-geraten-1",
            },
        )
        statuses.append(response.status)
    report(f"failed logins alternating A/B: statuses {statuses}")
    assert statuses[:limit] == [200] * limit
    assert statuses[limit:] == [429, 429]
    # Another client is not affected.
    token = Browser(stack, "203.0.113.67").csrf_token("B", "/konto/login/")
    assert token


def test_mail_queued_on_a_is_sent_once_by_the_worker(stack):
    email, _name = stack.data["users"][2]
    visitor = Browser(stack, "198.51.100.30")
    token = visitor.csrf_token("A", "/konto/password/reset/")
    sent = visitor.post(
        "A", "/konto/password/reset/", {"csrfmiddlewaretoken": token, "email": email}
    )
    assert sent.status == 302
    started = time.monotonic()
    assert stack.smtp.wait_for(lambda: stack.smtp.recorder.to(email), timeout=20), stack.tails()
    delivered = time.monotonic() - started
    time.sleep(1)  # five rounds of the worker: time enough for a second delivery
    assert len(stack.smtp.recorder.to(email)) == 1
    rows = stack.sql(
        'SELECT state, attempts FROM outbox_outgoingmail WHERE to_jsonb("to") ? %s', email
    )
    assert rows == [("sent", 1)]
    report(f"password reset e-mail delivered by the worker {delivered:.2f} s after the request")


def ready(stack: Stack, server: str) -> tuple[int, dict, float]:
    started = time.monotonic()
    response = Browser(stack, "10.0.0.1").get(server, "/-/health/ready", timeout=15)
    return response.status, json.loads(response.body), time.monotonic() - started


def test_without_redis_the_servers_are_unready_but_serve_and_keep_every_vote(stack):
    idea, path = (
        stack.data["load_ideas"][0],
        stack.data["idea_url"].replace(
            f"/{stack.data['idea']}/", f"/{stack.data['load_ideas'][0]}/"
        ),
    )
    email, name = stack.data["users"][3]
    voter = Browser(stack, "198.51.100.40")
    assert voter.log_in("B", email).status == 302
    reader = Browser(stack, "198.51.100.41")
    before = support_count(reader.get("A", path))
    for server in "AB":
        assert ready(stack, server)[0] == 200

    stack.redis.stop()
    try:
        for server in "AB":
            status, body, seconds = ready(stack, server)
            report(f"readiness of {server} without Redis: {status} in {seconds:.2f} s")
            assert status == 503
            assert body["checks"] == {"database": "ok", "cache": "failed", "storage": "ok"}
            assert seconds < 5
            live = Browser(stack, "10.0.0.1").get(server, "/-/health/live")
            assert live.status == 200
        # A failing outside service never loses a submission and never answers 500.
        anonymous = reader.get("A", path)
        assert anonymous.status == 200, stack.tails()
        assert support_count(anonymous) == before
        page = voter.get("B", path)
        assert page.status == 200, stack.tails()
        assert logged_in_as(page) == name
        vote = voter.support("A", idea)
        assert vote.status == 302, stack.tails()
        assert supports_in_db(stack, idea) == (before + 1, before + 1)
    finally:
        stack.redis.start()

    started = time.monotonic()
    statuses = {}
    while time.monotonic() - started < 15:
        statuses = {server: ready(stack, server)[0] for server in "AB"}
        if statuses == {"A": 200, "B": 200}:
            break
        time.sleep(0.2)
    report(
        f"readiness back after Redis restarted: {statuses} in {time.monotonic() - started:.2f} s"
    )
    assert statuses == {"A": 200, "B": 200}
    for server in "AB":
        assert support_count(reader.get(server, path)) == before + 1
    assert logged_in_as(voter.get("A", path)) == name


class Load:
    """Requests with one retry, counted: the first answer of each and whether a retry was
    needed."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.retries = 0
        self.failures_first: list[str] = []
        self.failed: list[str] = []
        self.supports = 0

    def call(self, what: str, attempt, ok) -> Response | None:
        for tries in (1, 2):
            with self.lock:
                self.requests += 1
            try:
                response = attempt()
                problem = None if ok(response) else f"status {response.status}"
            except (OSError, http.client.HTTPException) as error:
                response, problem = None, repr(error)
            if problem is None:
                return response
            with self.lock:
                if tries == 1:
                    self.retries += 1
                    self.failures_first.append(f"{what}: {problem}")
                else:
                    self.failed.append(f"{what}: {problem}")
        return None


def test_dropped_database_connections_cost_at_most_one_retry_and_lose_no_write(stack):
    """While users read and vote on A and B, every connection to the database is terminated
    (as by a PostgreSQL failover or restart) again and again."""
    users = stack.data["users"][4 : 4 + LOAD_USERS]
    ideas = stack.data["load_ideas"]
    path = stack.data["idea_url"]
    browsers = []
    for number, (email, _name) in enumerate(users):
        browser = Browser(stack, f"192.0.2.{100 + number}")
        assert browser.log_in("AB"[number % 2], email).status == 302
        browsers.append(browser)
    probe_email, probe_name = stack.data["users"][4 + LOAD_USERS]
    probe = Browser(stack, "192.0.2.99")
    assert probe.log_in("A", probe_email).status == 302
    probes = []
    load = Load()
    done = threading.Event()

    def one_user(number: int) -> None:
        browser = browsers[number]

        def read(index: int, idea: int) -> None:
            server = "AB"[(number + index) % 2]
            page = path.replace(f"/{stack.data['idea']}/", f"/{idea}/")
            load.call(
                f"GET {page} on {server}",
                functools.partial(browser.get, server, page),
                ok=lambda response: response.status == 200,
            )

        for index, idea in enumerate(ideas):
            read(index, idea)
            server = "BA"[(number + index) % 2]
            voted = load.call(
                f"support {idea} on {server}",
                functools.partial(browser.support, server, idea),
                ok=lambda response: response.status == 302,
            )
            if voted is not None:
                with load.lock:
                    load.supports += 1
            done.wait(0.3)  # the votes spread over the terminations
        index = 0
        while not done.is_set():  # reading on until the last round is over
            read(index, ideas[index % len(ideas)])
            index += 1

    terminated = []

    def terminate() -> None:
        # A failover or restart of PostgreSQL, several times during the load: every
        # connection of the servers and the worker is ended. The rounds are further apart than
        # a request and its retry take, as after a real failover.
        for _round in range(TERMINATION_ROUNDS):
            time.sleep(TERMINATION_INTERVAL)
            killed = stack.sql(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )[0][0]
            terminated.append(killed)
            # The first request after the ending, on each server: no retry allowed.
            for server in "AB":
                page = probe.get(server, "/konto/profil/")
                probes.append((server, page.status, logged_in_as(page) == probe_name))
        time.sleep(1)
        done.set()

    started = time.monotonic()
    terminator = threading.Thread(target=terminate)
    terminator.start()
    try:
        with ThreadPoolExecutor(LOAD_USERS) as pool:
            list(pool.map(one_user, range(LOAD_USERS)))
    finally:
        done.set()
        terminator.join()
    seconds = time.monotonic() - started
    report(
        f"load with dropped connections: {load.requests} requests ({load.supports} votes) in "
        f"{seconds:.1f} s, {len(terminated)} rounds of pg_terminate_backend ending "
        f"{sum(terminated)} connections, {load.retries} requests needed a retry, "
        f"{len(load.failed)} failed twice; the first request after each ending: "
        f"{sum(status == 200 for _server, status, _user in probes)} of {len(probes)} answered 200"
    )
    for line in load.failures_first:
        report(f"  retried: {line}")
    for line in load.failed:
        report(f"  failed twice: {line}")
    assert load.failed == [], stack.tails()
    assert len(terminated) == TERMINATION_ROUNDS and sum(terminated) > 0
    # Only a request whose connection was ended under it fails (once): one after an ending
    # finds a new connection (CONN_HEALTH_CHECKS).
    assert probes == [(server, 200, True) for _round in terminated for server in "AB"]
    assert load.retries <= sum(terminated)
    rows = stack.sql(
        "SELECT count(*) FROM ideen_ideasupport s JOIN accounts_user u ON u.id = s.user_id "
        "WHERE u.email = ANY(%s) AND s.idea_id = ANY(%s)",
        [email for email, _name in users],
        ideas,
    )[0][0]
    assert rows == load.supports == LOAD_USERS * len(ideas)
    mismatched = stack.sql(
        "SELECT i.id FROM ideen_idea i WHERE i.support_count <> "
        "(SELECT count(*) FROM ideen_ideasupport s WHERE s.idea_id = i.id)"
    )
    assert mismatched == []
    # The worker survived its connection being dropped, too.
    assert stack.processes["worker"].poll() is None, stack.log("worker")[-3000:]
    for server in "AB":
        assert ready(stack, server)[0] == 200


def test_a_redis_that_hangs_costs_a_request_one_timeout_not_more(stack):
    """Redis accepts connections but answers nothing (a stopped process, a full network
    buffer): the socket timeouts (REDIS_SOCKET_TIMEOUT, 2 s by default) bound every wait."""
    path = stack.data["idea_url"]
    reader = Browser(stack, "198.51.100.50")
    assert reader.get("B", path).status == 200
    stack.redis.process.send_signal(signal.SIGSTOP)
    try:
        status, body, seconds = ready(stack, "A")
        report(f"readiness of A with a hanging Redis: {status} in {seconds:.2f} s")
        assert status == 503
        assert body["checks"]["cache"] == "failed"
        assert seconds < 4
        started = time.monotonic()
        page = reader.get("B", path)
        page_seconds = time.monotonic() - started
        report(f"anonymous page from B with a hanging Redis: {page.status} in {page_seconds:.2f} s")
        assert page.status == 200
        assert page_seconds < 6
    finally:
        stack.redis.process.send_signal(signal.SIGCONT)
    deadline = time.monotonic() + 15
    while ready(stack, "A")[0] != 200:
        assert time.monotonic() < deadline, "A did not become ready again"
        time.sleep(0.2)
