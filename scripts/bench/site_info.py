"""The benchmark's view into the site: URLs to measure, sessions, query counts, vote counts.

Run by ``scripts/bench/run.py`` with the same settings and database as the served site, never
by the site itself. Subcommands print JSON on stdout:

- ``plan VOTERS READERS``: the pages to measure, a session cookie for a demo citizen, for VOTERS
  generated citizens who do not support the vote target yet and for READERS other generated
  citizens (each of whom opens a page for the first time), and the vote target;
- ``queries PLAN_FILE``: the number of SQL queries each page takes (second request, warm),
  their time and the slowest one; the slowest of all with ``EXPLAIN (ANALYZE, BUFFERS)``;
- ``votes IDEA_ID``: the idea's support counter and its support rows.

Sessions are created directly in the session store, as a login would: a load test cannot log
in thousands of users through the rate-limited login form.
"""

from __future__ import annotations

import json
import os
import sys
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_comments_xtd.models import XtdComment  # noqa: E402

from accounts.consent import consent_session_entries  # noqa: E402
from beteiligung.models import ProjectIndexPage, ProjectPage  # noqa: E402
from ideen import rules  # noqa: E402
from ideen import services as ideas  # noqa: E402
from ideen.models import Idea, IdeaSupport  # noqa: E402
from transparenz.models import DecisionIndexPage, StatisticsPage  # noqa: E402

DEMO_CITIZEN = "maria.beispiel@example.org"
HOST = "127.0.0.1"


def session_cookie(user) -> str:
    """A logged-in session for the user in the configured session store; its key."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.update(consent_session_entries(user))  # checked at login, as a login does
    store.save()
    return store.session_key


def plan(voters: int, readers: int) -> dict:
    """What to measure, and the sessions to measure it with."""
    User = get_user_model()
    project_type = ContentType.objects.get_for_model(ProjectPage)
    biggest_thread = (
        XtdComment.objects.filter(content_type=project_type)
        .values("object_pk")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    big_project = ProjectPage.objects.get(pk=int(biggest_thread["object_pk"]))
    big_idea = Idea.objects.filter(space=big_project).order_by("-comment_count").first()
    # The idea list: the project with the most proposals, most supported first.
    list_project = (
        ProjectPage.objects.live().public().annotate(n=Count("ideas")).order_by("-n").first()
    )
    # The vote: an open proposal in a project that takes supports now, by citizens who do
    # not support it yet (and did not write it); the vote floor's on the next one.
    voting = [p for p in ProjectPage.objects.live().public() if p.accepts_supports]
    target, floor_target = Idea.objects.filter(
        space__in=voting, status__in=Idea.OPEN_STATUSES, removed_at=None
    ).order_by("support_count", "pk")[:2]
    voter_users = _voters(target, voters)
    reader_users = (
        User.objects.filter(username__startswith="scale-", email__endswith="@example.org")
        .exclude(pk__in=[user.pk for user in voter_users])
        .order_by("pk")[:readers]
    )
    refusal = rules.support_refusal(voter_users[0], target)
    if refusal:
        raise SystemExit(f"The vote target {target.pk} refuses supports: {refusal}")
    # The supports before the "after" pages: of another proposal in the project, or of the
    # page's own proposal; by citizens from the other end of the list than voters and readers.
    other = (
        Idea.objects.filter(space=big_project, status__in=Idea.OPEN_STATUSES, removed_at=None)
        .exclude(pk__in=[big_idea.pk, target.pk])
        .order_by("support_count", "pk")
        .first()
    )
    changers = iter(
        User.objects.filter(username__startswith="scale-", email__endswith="@example.org")
        .exclude(pk__in=IdeaSupport.objects.filter(idea__in=[other, big_idea]).values("user"))
        .exclude(pk__in=[other.author_id, big_idea.author_id])
        .order_by("-pk")[100 : 100 + 4 * (CHANGES + 1)]  # queries() takes the first 100
    )
    citizen = User.objects.get(email=DEMO_CITIZEN)
    pages = [
        ("home", "/", False),
        ("project index", ProjectIndexPage.objects.live().first().url, False),
        ("project page (800 comments)", big_project.url, False),
        ("project page, logged in", big_project.url, True),
        ("project page, logged in, first view", big_project.url, "first"),
        ("project page, logged in, after a support", big_project.url, other),
        ("idea page (500 comments)", big_idea.get_absolute_url(), False),
        ("idea page, logged in", big_idea.get_absolute_url(), True),
        ("idea page, logged in, first view", big_idea.get_absolute_url(), "first"),
        (
            "idea page, logged in, after a support of another proposal",
            big_idea.get_absolute_url(),
            other,
        ),
        ("idea page, logged in, after a support of it", big_idea.get_absolute_url(), big_idea),
        ("idea list", f"{list_project.url}?sort=supported", False),
        ("idea list, logged in", f"{list_project.url}?sort=supported", True),
        ("decisions", DecisionIndexPage.objects.live().first().url, False),
        ("statistics", StatisticsPage.objects.live().first().url, False),
        ("Atom feed", reverse("transparenz:feed"), False),
        ("ideas.csv", reverse("transparenz:opendata_csv", args=["ideen"]), False),
        ("ideas.json", reverse("transparenz:opendata_json", args=["ideen"]), False),
        (
            "status changes.json",
            reverse("transparenz:opendata_json", args=["statusaenderungen"]),
            False,
        ),
    ]
    return {
        # "first": each request by another citizen who has not seen the page yet (what the
        # page cache keeps for one session does not help; what it shares does): one of the
        # readers (citizens, like the voters: not staff), enough of them that none comes twice.
        # "after": each request right after a support of the proposal named (the most
        # frequent change during a campaign), by another citizen each time.
        "pages": [
            {
                "name": n,
                "path": p,
                "logged_in": bool(li),
                "first": li == "first",
                "after": _change(li, changers) if isinstance(li, Idea) else None,
            }
            for n, p, li in pages
        ],
        "citizen_session": session_cookie(citizen),
        "reader_sessions": [session_cookie(user) for user in reader_users],
        "citizen_id": citizen.pk,
        "vote": {
            "idea": target.pk,
            "path": reverse("ideen:support", args=[target.pk]),
            "sessions": [session_cookie(user) for user in voter_users],
        },
        "floor_vote": {
            "idea": floor_target.pk,
            "path": reverse("ideen:support", args=[floor_target.pk]),
            "sessions": [session_cookie(user) for user in _voters(floor_target, voters)],
        },
        "session_cookie_name": settings.SESSION_COOKIE_NAME,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
    }


def _voters(idea, number: int) -> list:
    """Generated citizens who neither support nor wrote the idea."""
    return list(
        get_user_model()
        .objects.filter(username__startswith="scale-", email__endswith="@example.org")
        .exclude(pk__in=IdeaSupport.objects.filter(idea=idea).values("user"))
        .exclude(pk=idea.author_id)
        .order_by("pk")[:number]
    )


#: Supports made for each "after" page; the requests measured after them.
CHANGES = 40


def _change(idea, users) -> dict:
    """The supports before an "after" page: of ``idea``, by the next ``CHANGES`` citizens (and
    one more, for the query count)."""
    taken = [next(users) for _ in range(CHANGES + 1)]
    refusal = rules.support_refusal(taken[0], idea)
    if refusal:
        raise SystemExit(f"The proposal {idea.pk} refuses supports: {refusal}")
    return {
        "idea": idea.pk,
        "path": reverse("ideen:support", args=[idea.pk]),
        "sessions": [session_cookie(user) for user in taken[1:]],
        "queries_user": taken[0].pk,
    }


def queries(plan_file: str) -> dict:
    """SQL queries per page: the second of two requests (the first warms caches); for an
    "after" page, the request after a support."""
    data = json.loads(Path(plan_file).read_text())
    citizen = get_user_model().objects.get(pk=data["citizen_id"])
    # Citizens (not staff) who are neither voters nor readers of the measured run.
    others = (
        get_user_model()
        .objects.filter(username__startswith="scale-", email__endswith="@example.org")
        .order_by("-pk")
    )
    counts = {}
    for number, page in enumerate(data["pages"]):
        client = Client(HTTP_HOST=HOST)
        if page["logged_in"]:
            client.force_login(citizen)
        # An "after" page is asked twice before the support: the first page of a session sets
        # its CSRF cookie and is not kept.
        rounds = 3 if page.get("after") else 2
        for n in range(rounds):
            if page.get("first"):
                # The first view of a citizen, after another citizen's first view.
                client = Client(HTTP_HOST=HOST)
                client.force_login(others[2 * number + n])
            path = page["path"]
            if page.get("after") and n == rounds - 1:
                # The count after a support.
                changed = Idea.objects.get(pk=page["after"]["idea"])
                changer = get_user_model().objects.get(pk=page["after"]["queries_user"])
                supported = ideas.supports(changed, changer)
                ideas.set_support(changed, user=changer, support=not supported)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, secure=True)
                b"".join(response) if response.streaming else response.content
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
        counts[page["name"]] = {
            "queries": len(captured),
            "status": response.status_code,
            "query_ms": round(sum(float(q["time"]) for q in captured.captured_queries) * 1000, 1),
            "slowest_ms": round(float(slowest["time"]) * 1000, 1) if slowest else None,
            "slowest_sql": slowest["sql"] if slowest else None,
        }
    worst = max(counts.values(), key=lambda c: c["slowest_ms"] or 0)
    if worst["slowest_sql"] and worst["slowest_sql"].lstrip().upper().startswith("SELECT"):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + worst["slowest_sql"])
            worst["explain"] = "\n".join(row[0] for row in cursor.fetchall())
    return counts


def votes(idea_id: int) -> dict:
    idea = Idea.objects.get(pk=idea_id)
    return {
        "support_count": idea.support_count,
        "rows": IdeaSupport.objects.filter(idea=idea).count(),
    }


if __name__ == "__main__":
    command, argument = sys.argv[1], sys.argv[2]
    if command == "plan":
        result = plan(int(argument), int(sys.argv[3]))
    elif command == "queries":
        result = queries(argument)
    elif command == "votes":
        result = votes(int(argument))
    else:
        raise SystemExit(f"unknown command {command}")
    json.dump(result, sys.stdout)
