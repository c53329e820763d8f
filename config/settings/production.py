"""Production: everything that differs per installation comes from the environment."""

import os
import re
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.storage import s3_private_storage, s3_storage

from .base import *  # noqa: F403


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


EMAIL_URL_SCHEMES = {
    # scheme: (backend, use_tls (STARTTLS), use_ssl (implicit TLS), default port)
    "smtp": ("django.core.mail.backends.smtp.EmailBackend", False, False, 25),
    "smtp+tls": ("django.core.mail.backends.smtp.EmailBackend", True, False, 587),
    "submission": ("django.core.mail.backends.smtp.EmailBackend", True, False, 587),
    "smtps": ("django.core.mail.backends.smtp.EmailBackend", False, True, 465),
    "console": ("django.core.mail.backends.console.EmailBackend", False, False, 0),
}


def parse_email_url(url: str) -> dict[str, object]:
    """Django's e-mail settings from one URL, e.g. ``smtp+tls://user:pass@mail.kleve.de:587``."""
    parts = urlsplit(url)
    if parts.scheme not in EMAIL_URL_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown scheme {parts.scheme!r}, use one of "
            + ", ".join(sorted(EMAIL_URL_SCHEMES))
        )
    backend, use_tls, use_ssl, port = EMAIL_URL_SCHEMES[parts.scheme]
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": int(query.get("timeout", ["30"])[0]),
    }


DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Behind a TLS-terminating reverse proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# Probes speak plain HTTP to the pod (config.health answers them before this redirect anyway).
SECURE_REDIRECT_EXEMPT = [r"^-/health/"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

# Persistent database connections (checked before reuse): one per worker instead of one per
# request. 0 closes after every request, as before.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", str(60 * 60)))

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Background work (e-mails about decisions) is queued in the database and run by a separate
# process: `manage.py run_worker` (django-tasks-db's `db_worker`).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# E-mail: either one EMAIL_URL or the single variables below (EMAIL_URL wins).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
if os.environ.get("EMAIL_URL"):
    globals().update(parse_email_url(os.environ["EMAIL_URL"]))
# Barrier reports (BITV NRW § 5) must reach a person: the address is required here.
ACCESSIBILITY_FEEDBACK_EMAIL = os.environ.get("ACCESSIBILITY_FEEDBACK_EMAIL", "")
if not ACCESSIBILITY_FEEDBACK_EMAIL:
    raise ImproperlyConfigured("ACCESSIBILITY_FEEDBACK_EMAIL must be set in production.")

# "Beteiligung anregen": how many requests oblige the city to answer, and within how many days.
VORHABEN_PARTICIPATION_THRESHOLD = int(
    os.environ.get("VORHABEN_PARTICIPATION_THRESHOLD", str(VORHABEN_PARTICIPATION_THRESHOLD))  # noqa: F405
)
VORHABEN_PARTICIPATION_ANSWER_DAYS = int(
    os.environ.get("VORHABEN_PARTICIPATION_ANSWER_DAYS", str(VORHABEN_PARTICIPATION_ANSWER_DAYS))  # noqa: F405
)

# Behind the reverse proxy: the client address is the one it appends to X-Forwarded-For.
# Set TRUSTED_PROXY_COUNT to the number of proxies in front of the app (0 without any).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

# Several app servers share one cache: rate limits (failed logins, barrier reports) and used
# one-time codes must not live in a process, or every server would count on its own.
# Short socket timeouts: a Redis that is down or does not answer costs a request at most these
# seconds (pages, sessions and limits then go on without it, see betrieb.cache), and the
# readiness probe answers 503 instead of hanging.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's RedisCache, going on without Redis while it is unreachable
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "1")),
                "socket_timeout": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "2")),
            },
        }
    }
elif os.environ.get("SINGLE_PROCESS", "").lower() != "true":
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production: rate limits and one-time codes need a cache "
        "that all app processes share. Only a site served by exactly one process may set "
        "SINGLE_PROCESS=true instead."
    )

# Database: a short connect timeout, so the readiness probe and requests fail fast when
# PostgreSQL is unreachable instead of hanging a worker.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    DATABASES["default"]["OPTIONS"].setdefault(  # noqa: F405
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )
    # The planner's cost of a random page read, per connection: 1.1 models SSD and network
    # storage, as PostgreSQL's documentation advises; its default 4 models spinning disks. With
    # 4, a thread page of an idea with 500 comments finds its 20 top-level comments through a
    # parallel scan of all 200,000 comments (15 ms) instead of the idea's own index (1 ms). Set
    # it empty to keep the server's value (e.g. when a connection pooler refuses startup options).
    random_page_cost = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1").strip()
    if random_page_cost:
        if not re.fullmatch(r"\d+(\.\d+)?", random_page_cost):
            raise ImproperlyConfigured("DATABASE_RANDOM_PAGE_COST must be a number like 1.1.")
        DATABASES["default"]["OPTIONS"].setdefault(  # noqa: F405
            "options", f"-c random_page_cost={random_page_cost}"
        )

# Media (uploaded images, renditions, documents) in an S3-compatible bucket when one is named,
# otherwise as local files under MEDIA_ROOT (one server only, or a shared volume). The bucket
# stays private: see config.storage.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = s3_storage(os.environ)
    # Background "Meine Daten" files (accounts.exports) under their own prefix of the private
    # bucket: the worker writes them, the web process streams them after its checks.
    STORAGES["personal_data"] = s3_private_storage(os.environ)
else:
    MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405

# Logs: one JSON object per line on stdout (LOG_FORMAT=text for people reading a terminal),
# each with the request id (config.request_id).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if LOG_FORMAT == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger only speaks about 4xx/5xx; probes are answered before it.
        "django.request": {"level": os.environ.get("LOG_LEVEL_REQUESTS", "WARNING")},
    },
}

# Error reporting to Sentry or a compatible service (GlitchTip, Bugsink), off without a DSN.
# No personal data: no IP addresses, cookies or user details are sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# Static files served by the app itself (compressed, cache-busted), so no CDN is needed.
# Right after SecurityMiddleware, as whitenoise asks.
_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")  # noqa: F405
MIDDLEWARE = [
    *MIDDLEWARE[: _security + 1],  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_security + 1 :],  # noqa: F405
]
