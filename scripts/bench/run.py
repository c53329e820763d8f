"""``make bench``: the site at city scale under gunicorn, measured with wrk against the floor.

Steps: create or reuse the PostgreSQL database (``BENCH_DATABASE_URL``), migrate, load the demo
and the scale data once (``load_scale`` skips when present), vacuum, check the invariants, serve the
site with the production settings under gunicorn (2 workers), capture every page once, serve
the captured bytes with the floor app (``floor.py``) under the same gunicorn command, then for
each page measure the site and the floor one after the other with wrk on loopback. Then a vote
(POST) by many logged-in users, whose counts are checked afterwards, and a mixed run after which
the workers' memory is read. Prints a table, writes JSON (``BENCH_RESULTS``), stops its servers.

Environment (all optional):

- ``BENCH_DATABASE_URL`` (postgres://postgres@127.0.0.1:5432/beteiligung_bench)
- ``BENCH_REDIS_URL`` (redis://127.0.0.1:6379/15; this database is emptied at the start)
- ``BENCH_RESULTS`` (bench/results.json), ``BENCH_PORT`` (8701; the floor uses the next one)
- ``BENCH_SECONDS`` (4: wrk's duration per measurement, longer for slow pages, at most 20)
- ``BENCH_CONNECTIONS`` (2), ``BENCH_VOTERS`` (500), ``BENCH_MIXED_SECONDS`` (90)
- ``BENCH_READERS`` (10000: citizens for the first views, one request each)
- ``BENCH_SCALE`` (1: the factor for ``load_scale``; smaller for a quick try)
"""

from __future__ import annotations

import atexit
import json
import math
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
VENV = ROOT / ".venv" / "bin"
PYTHON = str(VENV / "python")

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/beteiligung_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results.json"))
PORT = int(os.environ.get("BENCH_PORT", "8701"))
FLOOR_PORT = PORT + 1
VOTE_FLOOR_PORT = PORT + 2
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
MAX_SECONDS = 20.0
#: Before each page is measured, wrk runs this long on the site and on the floor (not counted).
WARMUP_SECONDS = 1.0
#: Pages slower than this (one request, seconds) are timed with sequential requests.
SLOW_SECONDS = 2.0
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "2"))
VOTERS = int(os.environ.get("BENCH_VOTERS", "500"))
READERS = int(os.environ.get("BENCH_READERS", "10000"))
MIXED_SECONDS = float(os.environ.get("BENCH_MIXED_SECONDS", "90"))
SCALE = os.environ.get("BENCH_SCALE", "1")
WORKERS = 2

SITE_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    # A key for this machine's benchmark only; sessions are created by this run.
    "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "ACCESSIBILITY_FEEDBACK_EMAIL": "barrieren@example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # As behind one reverse proxy: each simulated citizen sends its own X-Forwarded-For.
    "TRUSTED_PROXY_COUNT": "1",
    "LOG_LEVEL": "WARNING",
}
#: Every request claims to come through the TLS-terminating proxy, as in production.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

WRK_REPORT = """
done = function(summary, latency, requests)
  local f = io.open(os.getenv("BENCH_OUT"), "w")
  local e = summary.errors
  f:write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, "bytes": %d, '
    .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f}',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    summary.bytes, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean))
  f:close()
end
"""

WRK_ROTATE = """
local sessions = {}
for line in io.lines(os.getenv("BENCH_SESSIONS")) do sessions[#sessions + 1] = line end
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local method = os.getenv("BENCH_METHOD")
local body = os.getenv("BENCH_BODY")
local cookie_name = os.getenv("BENCH_COOKIE_NAME")
local mixed = os.getenv("BENCH_MIXED") == "1"
local counter = 0
request = function()
  counter = counter + 1
  local headers = {}
  local index = (counter - 1) % #sessions
  local session = sessions[index + 1]
  local path = paths[(counter - 1) % #paths + 1]
  -- "@/path" in the mixed run: this page as the logged-in citizen, others anonymously.
  if path:sub(1, 1) == "@" then
    path = path:sub(2)
  elseif mixed then
    session = "-"
  end
  -- Each session is a citizen at an address of their own, as the reverse proxy reports it
  -- (rate limits count per user and per client address).
  headers["X-Forwarded-For"] = "10." .. math.floor(index / 65536) % 256 .. "."
    .. math.floor(index / 256) % 256 .. "." .. index % 256
  if session ~= "-" then
    headers["Cookie"] = cookie_name .. "=" .. session .. "; " .. os.getenv("BENCH_CSRF_COOKIE")
  end
  headers["X-Forwarded-Proto"] = "https"
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["Accept"] = "application/json"
    headers["X-CSRFToken"] = os.getenv("BENCH_CSRF")
    headers["Referer"] = os.getenv("BENCH_ORIGIN") .. path
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, headers)
end
"""

_servers: list[subprocess.Popen] = []


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def manage(*args: str, capture: bool = False) -> str:
    env = {**os.environ, **SITE_ENV}
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def site_info(*args: str) -> dict:
    env = {**os.environ, **SITE_ENV}
    result = subprocess.run(
        [PYTHON, str(BENCH_DIR / "site_info.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    )
    return json.loads(result.stdout)


def ensure_database() -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def empty_cache() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def prepare_data() -> None:
    log("Migrating")
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    log("Loading demo content and scale data (once; later runs skip this)")
    manage("load_demo", "--force", "-v0")
    manage("load_scale", "--force", "--scale", SCALE, "-v2")
    # After a bulk load the visibility map is empty, so PostgreSQL cannot answer counts from
    # an index alone (21 ms instead of 1 ms for a project's idea count). In production
    # autovacuum sets it; here it is done once, before measuring.
    log("Vacuuming, as autovacuum would after a bulk load")
    vacuum = "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"
    manage("shell", "-c", vacuum)
    log("Checking the invariants")
    print(manage("check_invariants", capture=True), end="")


def start_server(app: str, port: int, chdir: Path, env: dict) -> subprocess.Popen:
    command = [
        str(VENV / "gunicorn"),
        app,
        "--chdir",
        str(chdir),
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env={**os.environ, **env}, start_new_session=True)
    _servers.append(process)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn for {app} exited with {process.returncode}")
        try:
            fetch(port, "/favicon.ico")
            return process  # it answers
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn for {app} did not answer on port {port}")


def stop_servers(*_args) -> None:
    while _servers:
        process = _servers.pop()
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)


def _exit_on_signal(signum, _frame) -> None:
    stop_servers()
    raise SystemExit(128 + signum)


def fetch(port: int, path: str, *, cookies: str = "", method: str = "GET", data=None, headers=()):
    """One request; returns (status, content type, body, seconds)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", method=method, data=data, headers=dict(headers)
    )
    for name, value in PROXY_HEADERS.items():
        request.add_header(name, value)
    if cookies:
        request.add_header("Cookie", cookies)
    opener = urllib.request.build_opener(_NoRedirect)
    started = time.monotonic()
    try:
        with opener.open(request, timeout=120) as response:
            body = response.read()
            status, content_type = response.status, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        body = error.read()
        status, content_type = error.code, error.headers.get("Content-Type", "")
    return status, content_type, body, time.monotonic() - started


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wrk(port: int, paths: list[str], sessions: list[str], seconds: float, **extra) -> dict:
    """Run wrk against the paths (rotating sessions); its summary as a dict."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "script.lua").write_text(WRK_ROTATE + WRK_REPORT)
        (tmp / "paths").write_text("\n".join(paths) + "\n")
        (tmp / "sessions").write_text("\n".join(sessions or ["-"]) + "\n")
        env = {
            **os.environ,
            "BENCH_OUT": str(tmp / "out.json"),
            "BENCH_PATHS": str(tmp / "paths"),
            "BENCH_SESSIONS": str(tmp / "sessions"),
            "BENCH_METHOD": extra.get("method", "GET"),
            "BENCH_BODY": extra.get("body", ""),
            "BENCH_COOKIE_NAME": extra.get("cookie_name", "sessionid"),
            "BENCH_CSRF": extra.get("csrf", ""),
            "BENCH_CSRF_COOKIE": extra.get("csrf_cookie", ""),
            "BENCH_ORIGIN": f"https://127.0.0.1:{port}",
            "BENCH_MIXED": "1" if extra.get("mixed") else "0",
        }
        subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{extra.get('connections', CONNECTIONS)}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "120s",
                "-s",
                str(tmp / "script.lua"),
                f"http://127.0.0.1:{port}",
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        result = json.loads((tmp / "out.json").read_text())
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


#: In the mixed run, each page is asked this many times for every download of an export.
PAGES_PER_EXPORT = 400


def mixed_paths(pages: list[dict]) -> list[str]:
    """A day's mix: every page, anonymous and logged in, many times; each export once in a while.

    Logged-in pages are marked with "@" for the wrk script."""
    html = [
        ("@" if p["logged_in"] else "") + p["path"]
        for p in pages
        if not _is_export(p) and not p.get("after") and not p.get("first")
    ]
    exports = [p["path"] for p in pages if _is_export(p)]
    paths = html * PAGES_PER_EXPORT
    step = max(1, len(paths) // max(1, len(exports)))
    for number, path in enumerate(exports):
        paths.insert(number * step + step // 2 + number, path)
    return paths


def _is_export(page: dict) -> bool:
    return page["name"].endswith((".csv", ".json"))


def sequential(port: int, path: str, cookies: str, count: int = 3, before=None) -> dict:
    """A few complete requests one after the other, summarised like wrk's report. With
    ``before(number)``, called before each request and not timed (a support)."""
    times = []
    size = 0
    for number in range(count):
        if before is not None:
            before(number)
        status, _type, body, seconds = fetch(port, path, cookies=cookies)
        times.append(seconds)
        size += len(body)
    ranked = sorted(times)
    return {
        "requests": count,
        "duration_us": sum(times) * 1e6,
        "errors": 0,
        "non2xx": 0 if status < 400 else count,
        "bytes": size,
        "p50_us": statistics.median(times) * 1e6,
        "p90_us": ranked[math.ceil(0.9 * count) - 1] * 1e6,  # nearest rank
        "p99_us": ranked[-1] * 1e6,
        "mean_us": statistics.mean(times) * 1e6,
        "rps": count / sum(times),
        "sequential": True,
    }


def post_support(port: int, path: str, cookies: str, csrf: str):
    """A support as the page's script sends it (``state=1``, JSON wanted); as ``fetch``."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
        "X-CSRFToken": csrf,
        "Referer": f"https://127.0.0.1:{port}{path}",
    }
    return fetch(port, path, cookies=cookies, method="POST", data=b"state=1", headers=headers)


def after_supports(port: int, path: str, cookies: str, change: dict, support_cookies) -> dict:
    """``path`` requested right after each support of ``change`` (one per session, whose
    cookies ``support_cookies(session)`` gives), summarised like ``sequential``; only the
    page's requests are timed."""

    def support(number: int) -> None:
        session = change["sessions"][number]
        status, _type, body, _seconds = post_support(
            port, change["path"], *support_cookies(session)
        )
        if status != 200:
            raise SystemExit(f"The support before an 'after' page failed: {status} {body[:200]!r}")

    return sequential(port, path, cookies, len(change["sessions"]), before=support)


def worker_rss(master: subprocess.Popen) -> list[int]:
    """Resident memory of the gunicorn workers (children of the master), in kB."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]))
    return sizes


def main() -> int:
    atexit.register(stop_servers)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGINT, _exit_on_signal)
    started = time.monotonic()
    ensure_database()
    empty_cache()
    prepare_data()
    plan = site_info("plan", str(VOTERS), str(READERS))
    cookie_name = plan["session_cookie_name"]
    csrf = secrets.token_hex(16)  # a CSRF secret of 32 characters, sent as cookie and header
    csrf_cookie = f"{plan['csrf_cookie_name']}={csrf}"
    citizen_cookie = f"{cookie_name}={plan['citizen_session']}; {csrf_cookie}"

    with tempfile.TemporaryDirectory() as floor_dir:
        floor_dir = Path(floor_dir)
        (floor_dir / "plan.json").write_text(json.dumps(plan))
        log("Counting queries per page (test client, same settings and database)")
        query_counts = site_info("queries", str(floor_dir / "plan.json"))
        log("Starting the site under gunicorn")
        site = start_server("config.wsgi:application", PORT, ROOT, SITE_ENV)

        # Capture each page once from the site: the floor serves these bytes.
        manifest, pages = [], []
        for n, page in enumerate(plan["pages"]):
            cookies = citizen_cookie if page["logged_in"] else ""
            fetch(PORT, page["path"], cookies=cookies)  # warm up
            status, content_type, body, seconds = fetch(PORT, page["path"], cookies=cookies)
            (floor_dir / f"{n}.body").write_bytes(body)
            manifest.append(
                {
                    "method": "GET",
                    "path": page["path"],
                    "logged_in": page["logged_in"],
                    "file": f"{n}.body",
                    "status": status,
                    "content_type": content_type,
                }
            )
            pages.append({**page, "status": status, "bytes": len(body), "single_s": seconds})
            log(f"  {page['name']}: {status}, {len(body)} bytes, {seconds * 1000:.0f} ms")
        vote = plan["vote"]
        voters = vote["sessions"]
        before_votes = site_info("votes", str(vote["idea"]))

        def support_cookies(session: str) -> tuple[str, str]:
            return f"{cookie_name}={session}; {csrf_cookie}", csrf

        status, content_type, body, _s = post_support(
            PORT, vote["path"], *support_cookies(voters[0])
        )
        log(f"  vote: {status} {body[:120]!r}")
        manifest.append(
            {
                "method": "POST",
                "path": vote["path"],
                "logged_in": True,
                "file": "vote.body",
                "status": status,
                "content_type": content_type,
            }
        )
        (floor_dir / "vote.body").write_bytes(body)
        floor_vote = plan["floor_vote"]
        manifest.append({**manifest[-1], "path": floor_vote["path"]})
        (floor_dir / "manifest.json").write_text(json.dumps(manifest))
        start_server(
            "floor:application",
            FLOOR_PORT,
            BENCH_DIR,
            {"BENCH_FLOOR_DIR": str(floor_dir), "BENCH_SESSION_COOKIE": cookie_name},
        )
        # The least a vote that is kept needs (``floor.vote``), on another proposal.
        start_server(
            "floor:application",
            VOTE_FLOOR_PORT,
            BENCH_DIR,
            {
                "BENCH_FLOOR_DIR": str(floor_dir),
                "BENCH_SESSION_COOKIE": cookie_name,
                "BENCH_DURABLE_DATABASE_URL": DATABASE_URL,
                "BENCH_DURABLE_REDIS_URL": REDIS_URL,
            },
        )

        log("Measuring: each page on the site, then on the floor")
        rows = []
        for page in pages:
            sessions = [plan["citizen_session"]] if page["logged_in"] else []
            if page.get("first"):
                # Each request a citizen who has not seen the page yet (a first view).
                sessions = plan["reader_sessions"]
            common = {"cookie_name": cookie_name, "csrf_cookie": csrf_cookie}
            if page.get("after"):
                # One request after each support, one after the other; the floor likewise.
                real = after_supports(
                    PORT, page["path"], citizen_cookie, page["after"], support_cookies
                )
                base = sequential(FLOOR_PORT, page["path"], citizen_cookie, real["requests"])
                rows.append(
                    _row(page, query_counts.get(page["name"], {}).get("queries"), real, base)
                )
                _print_row(rows[-1])
                continue
            if page["single_s"] > SLOW_SECONDS:
                # wrk would leave requests running after it stops, in the way of the next
                # measurement: a few requests one after the other instead.
                cookies = citizen_cookie if page["logged_in"] else ""
                real = sequential(PORT, page["path"], cookies)
            else:
                # A second of the same load on both first, not counted: neither the site nor
                # the floor is measured while its workers still warm up for this page.
                if not _is_export(page) and not page.get("first"):
                    wrk(PORT, [page["path"]], sessions, WARMUP_SECONDS, **common)
                    wrk(FLOOR_PORT, [page["path"]], sessions, WARMUP_SECONDS, **common)
                seconds = min(MAX_SECONDS, max(SECONDS, 4 * page["single_s"]))
                real = wrk(PORT, [page["path"]], sessions, seconds, **common)
            if page.get("first") and real["requests"] > len(sessions):
                log(f"  {real['requests']} requests, {len(sessions)} citizens: some saw it again")
            base = wrk(FLOOR_PORT, [page["path"]], sessions, SECONDS, **common)
            rows.append(_row(page, query_counts.get(page["name"], {}).get("queries"), real, base))
            _print_row(rows[-1])

        log(f"Voting: {len(voters)} logged-in users support one idea (POST)")
        post = {
            "method": "POST",
            "body": "state=1",
            "cookie_name": cookie_name,
            "csrf": csrf,
            "csrf_cookie": csrf_cookie,
            "connections": max(CONNECTIONS, 4),
        }
        real = wrk(PORT, [vote["path"]], voters, max(SECONDS, 8), **post)
        base = wrk(FLOOR_PORT, [vote["path"]], voters, SECONDS, **post)
        floor_before = site_info("votes", str(floor_vote["idea"]))
        kept = wrk(
            VOTE_FLOOR_PORT, [floor_vote["path"]], floor_vote["sessions"], max(SECONDS, 8), **post
        )
        floor_votes = {"before": floor_before, "after": site_info("votes", str(floor_vote["idea"]))}
        after_votes = site_info("votes", str(vote["idea"]))
        # Each voter supports the idea once, however often they post: the rows grow by the
        # voters reached (at least one per completed request, at most all of them).
        reached = min(len(voters), real["requests"] + 1)
        added = after_votes["rows"] - before_votes["rows"]
        vote_row = _row(
            {"name": "vote (POST, many users)", "bytes": len(body), "status": status},
            None,
            real,
            base,
        )
        vote_row["counts"] = {
            "before": before_votes,
            "after": after_votes,
            "voters": len(voters),
            "added": added,
            "exact": after_votes["support_count"] == after_votes["rows"]
            and reached <= added <= len(voters),
            "post_rate_share_of_floor": real["rps"] / base["rps"] if base["rps"] else None,
        }
        vote_row["vote_floor"] = {
            "site": kept,
            "rps": round(kept["rps"], 1),
            "median_ms": round(kept["p50_us"] / 1000, 2),
            "share_of_floor": kept["rps"] / base["rps"] if base["rps"] else None,
            "site_share_of_it": real["rps"] / kept["rps"] if kept["rps"] else None,
            "votes": floor_votes,
        }
        rows.append(vote_row)
        _print_row(vote_row)
        log(f"  counts: {vote_row['counts']}")
        log(
            f"  vote floor (session, insert, counter, commit, publish): "
            f"{kept['p50_us'] / 1000:.2f} ms, {kept['rps']:.1f} req/s"
        )

        log(f"Mixed requests for {MIXED_SECONDS:.0f} s, then the workers' memory")
        rss_before = worker_rss(site)
        mixed = wrk(
            PORT,
            mixed_paths(pages),
            [plan["citizen_session"]],
            MIXED_SECONDS,
            mixed=True,
            cookie_name=cookie_name,
            csrf_cookie=csrf_cookie,
        )
        rss_after = worker_rss(site)
        memory = {
            "mixed_requests": mixed["requests"],
            "rss_kb_before": rss_before,
            "rss_kb_after": rss_after,
        }
        log(f"  {mixed['requests']} requests; worker RSS {rss_before} → {rss_after} kB")
        stop_servers()

    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True, capture_output=True
        ).stdout.strip(),
        "database": urlsplit(DATABASE_URL).path.lstrip("/"),
        "scale": SCALE,
        "workers": WORKERS,
        "connections": CONNECTIONS,
        "pages": rows,
        "memory": memory,
        "queries": query_counts,
        "total_seconds": round(time.monotonic() - started),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    print()
    print(table(rows, memory))
    for name, counted in query_counts.items():
        if counted.get("explain"):
            print(f"\nSlowest query ({name}, {counted['slowest_ms']} ms):")
            print(counted["slowest_sql"])
            print(counted["explain"])
    log(f"Results written to {RESULTS} ({result['total_seconds']} s in all)")
    return 0


def _row(page: dict, queries, real: dict, base: dict) -> dict:
    median = real["p50_us"] / 1000
    floor_median = base["p50_us"] / 1000
    return {
        "page": page["name"],
        "path": page.get("path", ""),
        "status": page.get("status"),
        "bytes": page["bytes"],
        "queries": queries,
        "median_ms": round(median, 1),
        "floor_ms": round(floor_median, 2),
        "ratio": round(median / floor_median, 1) if floor_median else None,
        "rps": round(real["rps"], 1),
        "floor_rps": round(base["rps"], 1),
        "site": real,
        "floor": base,
    }


def _print_row(row: dict) -> None:
    log(f"  {row['page']}: {row['median_ms']} ms (floor {row['floor_ms']} ms), {row['rps']} req/s")


def table(rows: list[dict], memory: dict) -> str:
    header = ("page", "status", "bytes", "queries", "median ms", "floor ms", "ratio", "req/s")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row["page"],
                str(row["status"]),
                f"{row['bytes']:,}",
                "-" if row["queries"] is None else str(row["queries"]),
                f"{row['median_ms']:.1f}",
                f"{row['floor_ms']:.2f}",
                "-" if row["ratio"] is None else f"{row['ratio']:.1f}",
                f"{row['rps']:.1f}",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        cells = [line[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)
        ]
        out.append(" | ".join(cells))
        if n == 0:
            out.append("-+-".join("-" * w for w in widths))
    for row in rows:
        if "vote_floor" in row:
            kept = row["vote_floor"]
            out.append("")
            out.append(
                f"vote: {row['rps']:.0f}/s, {row['counts']['post_rate_share_of_floor']:.1%} of "
                f"the floor's POST rate ({row['floor_rps']:.0f}/s); the least a vote that is "
                f"kept needs (vote floor): {kept['rps']:.0f}/s, {kept['share_of_floor']:.1%} "
                f"of the floor; the site's vote makes {kept['site_share_of_it']:.0%} of that"
            )
    after = memory["rss_kb_after"]
    out.append("")
    out.append(
        f"worker RSS after {memory['mixed_requests']} mixed requests: "
        + ", ".join(f"{kb / 1024:.0f} MB" for kb in after)
        + f" (median over workers {statistics.median(after) / 1024:.0f} MB)"
    )
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
