"""A request id for every log line: taken from the proxy's ``X-Request-ID`` or generated.

The id is kept in a context variable while the request runs, added to every log record by
``RequestIdFilter`` and sent back in the ``X-Request-ID`` response header, so a citizen's error
report, the proxy's access log and the app's log lines can be matched.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"

#: What an id from outside may look like: letters, digits, dot, dash, underscore, colon; at most
#: 128 characters. Anything else (line breaks, quotes, control characters, very long values) is
#: replaced by a generated id, so a client cannot forge log lines or bloat them.
VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def sanitised(value: str | None) -> str | None:
    """The incoming id if it is safe to log and echo, else None."""
    if value and VALID_ID.fullmatch(value):
        return value
    return None


class RequestIdMiddleware:
    """Bind the request id for logging and return it to the client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = sanitised(request.META.get(META_KEY)) or uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[HEADER] = rid
        return response


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every record ("-" outside a request, e.g. in the worker)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs 4xx responses after the middleware has finished; those records carry the
        # request itself.
        from_request = getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = request_id.get() or from_request or "-"
        return True
