"""The floor: a one-file Django app that answers with bytes captured from the real site.

Served by the same gunicorn command as the site (``gunicorn floor:application``), it shows
what the machine, gunicorn and Django's request handling cost without any of the site's work.
``BENCH_FLOOR_DIR`` holds ``manifest.json`` (path, method, logged in or not → file, status,
content type) and the captured bodies; a request with a session cookie gets the logged-in body.

With ``BENCH_DURABLE_DATABASE_URL`` and ``BENCH_DURABLE_REDIS_URL`` it is the *vote floor*:
before answering a POST it does the least a vote that is kept needs, and nothing else (no
checks): the citizen's session read from Redis (Django's cached_db store, as the site keeps
it), the support inserted and the idea's counter raised in one transaction on PostgreSQL, one
message published to Redis (as a new generation is). What the site's vote costs beyond that
is its own work: checks, limits, the page cache's generations.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

DURABLE_DATABASE = os.environ.get("BENCH_DURABLE_DATABASE_URL")
DURABLE_REDIS = os.environ.get("BENCH_DURABLE_REDIS_URL")
durable = {}
if DURABLE_DATABASE and DURABLE_REDIS:
    database = urlsplit(DURABLE_DATABASE)
    durable = {
        "INSTALLED_APPS": ["django.contrib.sessions"],
        "DATABASES": {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": database.path.lstrip("/"),
                "USER": database.username or "",
                "PASSWORD": database.password or "",
                "HOST": database.hostname or "",
                "PORT": database.port or "",
                "CONN_MAX_AGE": None,
            }
        },
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": DURABLE_REDIS,
            }
        },
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
    }
settings.configure(
    **{
        "DEBUG": False,
        "SECRET_KEY": "floor-only",
        "ALLOWED_HOSTS": ["*"],
        "ROOT_URLCONF": __name__,
        "MIDDLEWARE": [],
        "INSTALLED_APPS": [],
        "USE_TZ": True,
        **durable,
    }
)

from django.core.cache import cache  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection, transaction  # noqa: E402
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


def vote(request) -> bool:
    """The least a vote that is kept needs (see above); False without a logged-in session."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    user = store(request.COOKIES.get(SESSION_COOKIE)).get("_auth_user_id")
    idea = re.search(r"/(\d+)/", request.path)
    if user is None or idea is None:
        return False
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ideen_ideasupport (idea_id, user_id, created) VALUES (%s, %s, now()) "
            "ON CONFLICT DO NOTHING RETURNING id",
            [int(idea.group(1)), int(user)],
        )
        inserted = cursor.fetchone() is not None
        if inserted:
            cursor.execute(
                "UPDATE ideen_idea SET support_count = support_count + 1 WHERE id = %s",
                [int(idea.group(1))],
            )
    if inserted:
        cache._cache.get_client(write=True).publish("bench:vote-floor", uuid.uuid4().hex)
    return True


@csrf_exempt
def captured(request):
    if durable and request.method == "POST" and not vote(request):
        return HttpResponse(status=403)
    path = request.get_full_path()
    key = (request.method, path, SESSION_COOKIE in request.COOKIES)
    if key not in RESPONSES:
        return HttpResponse(status=404)
    body, status, content_type = RESPONSES[key]
    return HttpResponse(body, status=status, content_type=content_type)


urlpatterns = [re_path(r"", captured)]
application = get_wsgi_application()
