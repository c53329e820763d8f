"""Liveness and readiness probes for load balancers and Kubernetes.

Answered by the first middleware, before the host check, the HTTPS redirect, sessions and
logging: a probe speaks plain HTTP to the pod's IP address, and the answer must never depend on
the site's data or be cached. The body names the checks, never an error message (those go to the
log at WARNING, so a failing dependency is visible without exposing hosts or credentials).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

from config.cache import strict

logger = logging.getLogger(__name__)

LIVE_PATH = "/-/health/live"
READY_PATH = "/-/health/ready"
PATHS = (LIVE_PATH, READY_PATH)

#: The object name the storage check asks about; it never exists, so the check only reads.
STORAGE_PROBE_NAME = "health-check/probe"


def check_database() -> None:
    """One round trip to the default database."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    """Write and read back a short-lived key in the shared cache (which must raise its errors
    here, even where pages go on without it: config.cache)."""
    cache = caches["default"]
    key = f"health-check:{uuid.uuid4().hex}"
    with strict():
        cache.set(key, "1", timeout=5)
        if cache.get(key) != "1":
            raise RuntimeError("cache did not return the value just written")
        cache.delete(key)


def check_storage() -> None:
    """Ask the media storage whether an object exists (one HEAD request on S3)."""
    default_storage.exists(STORAGE_PROBE_NAME)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
}


def readiness() -> tuple[bool, dict[str, str]]:
    """Run every check; return whether all passed and each check's outcome ("ok"/"failed")."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception:
            logger.warning(
                "Readiness check %s failed after %.3f s",
                name,
                time.monotonic() - started,
                exc_info=True,
            )
            results[name] = "failed"
        else:
            results[name] = "ok"
    return all(result == "ok" for result in results.values()), results


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    # The security middleware never sees these answers: the strictest policy, set here.
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    # Django logs every 4xx/5xx response at WARNING/ERROR; a failing probe is logged above, once
    # per failing check, and must not flood the log with one error per probe.
    response._has_been_logged = True
    return response


class HealthCheckMiddleware:
    """Answer the two probe paths directly; everything else passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path not in PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
            return _no_store(response)
        if path == LIVE_PATH:
            return _no_store(JsonResponse({"status": "ok"}))
        ready, checks = readiness()
        return _no_store(
            JsonResponse(
                {"status": "ok" if ready else "failed", "checks": checks},
                status=200 if ready else 503,
            )
        )


class ProbeAccessLogFilter(logging.Filter):
    """Leave the probes out of gunicorn's access log (its records carry the path as ``U``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, dict) else {}
        return str(args.get("U", "")).rstrip("/") not in PATHS
