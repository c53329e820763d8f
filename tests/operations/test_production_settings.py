"""config.settings.production reads everything from the environment, with documented defaults.

Each case loads the settings in a fresh interpreter, as a server process would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "a-production-like-secret-key-that-is-long-enough-0123456789",
    "ACCESSIBILITY_FEEDBACK_EMAIL": "barrierefreiheit@kleve.de",
    "REDIS_URL": "redis://127.0.0.1:6379/11",
    "ALLOWED_HOSTS": "beteiligung.kleve.de",
}

SHOW = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: str(getattr(s, name, None)) for name in %r}))
"""


def load(names, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "EMAIL_", "SENTRY"))}
    result = subprocess.run(
        [sys.executable, "-c", SHOW % (names,)],
        cwd=ROOT,
        env={**clean, **BASE_ENV, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_keep_media_local_and_logs_json():
    s = load(["STORAGES", "LOG_FORMAT", "EMAIL_PORT", "EMAIL_USE_TLS", "WAGTAILDOCS_SERVE_METHOD"])
    assert "FileSystemStorage" in s["STORAGES"]
    assert s["LOG_FORMAT"] == "json"
    assert (s["EMAIL_PORT"], s["EMAIL_USE_TLS"]) == ("587", "True")
    assert s["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://post%40kleve.de:s%3Acret@mail.kleve.de:2525",
            ["mail.kleve.de", "2525", "post@kleve.de", "s:cret", "True", "False"],
        ),
        ("smtps://mail.kleve.de", ["mail.kleve.de", "465", "", "", "False", "True"]),
        ("smtp://relay", ["relay", "25", "", "", "False", "False"]),
    ],
)
def test_email_url(url, expected):
    names = [
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "EMAIL_USE_SSL",
    ]
    s = load(names, EMAIL_URL=url)
    assert [s[name] for name in names] == expected


def test_an_unknown_email_scheme_stops_the_start():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**os.environ, **BASE_ENV, "EMAIL_URL": "imap://mail"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "EMAIL_URL: unknown scheme 'imap'" in result.stderr


def test_a_bucket_name_switches_media_to_a_private_s3_bucket():
    s = load(
        ["STORAGES"],
        AWS_STORAGE_BUCKET_NAME="beteiligung-media",
        AWS_S3_ENDPOINT_URL="https://s3.rz.example",
    )
    assert "storages.backends.s3.S3Storage" in s["STORAGES"]
    assert "'default_acl': None" in s["STORAGES"]
    assert "'querystring_auth': True" in s["STORAGES"]


def test_postgresql_connections_time_out_quickly():
    s = load(["DATABASES"], DATABASE_URL="postgres://app@db.example:5432/beteiligung")
    assert "'connect_timeout': 5" in s["DATABASES"]


def test_postgresql_connections_plan_for_ssd_storage_unless_told_otherwise():
    url = "postgres://app@db.example:5432/beteiligung"
    s = load(["DATABASES"], DATABASE_URL=url)
    assert "'options': '-c random_page_cost=1.1'" in s["DATABASES"]
    s = load(["DATABASES"], DATABASE_URL=url, DATABASE_RANDOM_PAGE_COST="2")
    assert "'options': '-c random_page_cost=2'" in s["DATABASES"]
    s = load(["DATABASES"], DATABASE_URL=url, DATABASE_RANDOM_PAGE_COST="")
    assert "random_page_cost" not in s["DATABASES"]


def test_a_malformed_random_page_cost_is_refused():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            **os.environ,
            **BASE_ENV,
            "DATABASE_URL": "postgres://app@db.example:5432/beteiligung",
            "DATABASE_RANDOM_PAGE_COST": "1; DROP TABLE x",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DATABASE_RANDOM_PAGE_COST must be a number" in result.stderr


def test_sentry_is_off_without_a_dsn_and_on_with_one():
    code = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.is_initialized())"
    run = {"cwd": ROOT, "capture_output": True, "text": True, "timeout": 60}
    off = subprocess.run([sys.executable, "-c", code], env={**os.environ, **BASE_ENV}, **run)
    on = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **BASE_ENV, "SENTRY_DSN": "http://key@127.0.0.1:9/1"},
        **run,
    )
    assert off.stdout.strip() == "False", off.stderr
    assert on.stdout.strip() == "True", on.stderr
