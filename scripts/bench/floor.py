"""The floor: a one-file Django app that answers with bytes captured from the real site.

Served by the same gunicorn command as the site (``gunicorn floor:application``), it shows
what the machine, gunicorn and Django's request handling cost without any of the site's work.
``BENCH_FLOOR_DIR`` holds ``manifest.json`` (path, method, logged in or not → file, status,
content type) and the captured bodies; a request with a session cookie gets the logged-in body.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="floor-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_TZ=True,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

FLOOR_DIR = Path(os.environ["BENCH_FLOOR_DIR"])
SESSION_COOKIE = os.environ.get("BENCH_SESSION_COOKIE", "sessionid")
RESPONSES: dict[tuple[str, str, bool], tuple[bytes, int, str]] = {}
for entry in json.loads((FLOOR_DIR / "manifest.json").read_text()):
    RESPONSES[(entry["method"], entry["path"], entry["logged_in"])] = (
        (FLOOR_DIR / entry["file"]).read_bytes(),
        entry["status"],
        entry["content_type"],
    )


@csrf_exempt
def captured(request):
    path = request.get_full_path()
    key = (request.method, path, SESSION_COOKIE in request.COOKIES)
    if key not in RESPONSES:
        return HttpResponse(status=404)
    body, status, content_type = RESPONSES[key]
    return HttpResponse(body, status=status, content_type=content_type)


urlpatterns = [re_path(r"", captured)]
application = get_wsgi_application()
