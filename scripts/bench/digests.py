#!/usr/bin/env python
"""Measure a digest run at platform size: 50,000 users, some of them with news waiting.

Usage (an empty PostgreSQL database that the script migrates and fills):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/digest_bench \
    .venv/bin/python scripts/bench/digests.py

Tasks go to the database queue (django-tasks-db, as in production), so the queue size after the
run is the number of rows the workers would have to work off. Prints the time of the run, the
e-mails and tasks it queued, and the time of one comment in a project with many followers.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

USERS = int(os.environ.get("BENCH_USERS", "50000"))
SHARE_WITH_NEWS = float(os.environ.get("BENCH_SHARE_WITH_NEWS", "0.1"))
ITEMS_PER_PERSON = int(os.environ.get("BENCH_ITEMS", "4"))
PROJECTS = 12


def main() -> None:
    django.setup()
    from django.test.utils import override_settings

    # As in production: tasks wait in the database for the workers (the queue measured below).
    override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}).enable()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django_comments_xtd.models import XtdComment
    from django_tasks_db.models import DBTaskResult
    from wagtail.models import Page

    from benachrichtigungen import services
    from benachrichtigungen.delivery import send_digests
    from benachrichtigungen.models import Choice, Kind, Notification, ProjectFollow
    from beteiligung.models import ProjectIndexPage, ProjectPage
    from diskussion.services import add_comment
    from outbox.models import OutgoingMail

    User = get_user_model()
    rng = random.Random(16)
    started = time.monotonic()
    User.objects.bulk_create(
        [
            User(email=f"person{i}@example.org", username=f"person{i}", display_name=f"P{i}")
            for i in range(USERS)
        ],
        batch_size=5000,
    )
    user_ids = list(User.objects.values_list("pk", flat=True))
    home = Page.objects.get(depth=2)
    index = home.add_child(instance=ProjectIndexPage(title="Projekte", slug="projekte-bench"))
    projects = [
        index.add_child(instance=ProjectPage(title=f"Projekt {n}", intro="Bench"))
        for n in range(PROJECTS)
    ]
    author = User.objects.get(pk=user_ids[0])
    comments = [
        add_comment(projects[n % PROJECTS], author, f"Kommentar {n}") for n in range(PROJECTS * 20)
    ]
    Notification.objects.all().delete()  # the author's own comments told nobody; start clean
    with_news = rng.sample(user_ids[1:], int(USERS * SHARE_WITH_NEWS))
    comment_type = ContentType.objects.get_for_model(XtdComment)
    rows = []
    for pk in with_news:
        for comment in rng.sample(comments, ITEMS_PER_PERSON):
            rows.append(
                Notification(
                    recipient_id=pk,
                    kind=Kind.PROJECT_NEWS,
                    channel=Choice.WEEKLY,
                    project_id=int(comment.object_pk),
                    content_type=comment_type,
                    object_id=comment.pk,
                )
            )
    Notification.objects.bulk_create(rows, batch_size=5000)
    # Everybody else has older news already mailed: the run must not look at them.
    rows = [
        Notification(
            recipient_id=pk,
            kind=Kind.PROJECT_NEWS,
            channel=Choice.WEEKLY,
            project_id=projects[0].pk,
            content_type=comment_type,
            object_id=comments[0].pk,
            mailed_at=django.utils.timezone.now(),
        )
        for pk in user_ids[1:]
        if pk not in set(with_news)
    ]
    Notification.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"filled in {time.monotonic() - started:.0f} s: {USERS} users, "
        f"{len(with_news)} with {ITEMS_PER_PERSON} news each"
    )

    tasks_before = DBTaskResult.objects.count()
    started = time.monotonic()
    run = send_digests(Choice.WEEKLY)
    elapsed = time.monotonic() - started
    queued_tasks = DBTaskResult.objects.count() - tasks_before
    print(
        f"weekly digest run: {elapsed:.1f} s, {run.mails} e-mails with {run.items} entries for "
        f"{run.recipients} recipients; outbox rows {OutgoingMail.objects.count()}, "
        f"task queue +{queued_tasks}"
    )
    started = time.monotonic()
    again = send_digests(Choice.WEEKLY)
    print(f"second run: {time.monotonic() - started:.2f} s, {again.mails} e-mails")

    # One comment in a project that 10% of all users follow.
    ProjectFollow.objects.bulk_create(
        [
            ProjectFollow(project=projects[1], user_id=pk)
            for pk in rng.sample(user_ids[1:], USERS // 10)
        ],
        batch_size=5000,
    )
    services.set_choice(User.objects.get(pk=user_ids[-1]), Kind.PROJECT_NEWS, Choice.IMMEDIATELY)
    started = time.monotonic()
    tasks_before = DBTaskResult.objects.count()
    comment = add_comment(projects[1], author, "Ein neuer Kommentar für viele.")
    posted = time.monotonic() - started
    print(
        f"one comment in a project with {USERS // 10} followers: {posted * 1000:.0f} ms in the "
        f"request, {DBTaskResult.objects.count() - tasks_before} task queued"
    )
    from benachrichtigungen.tasks import notify_project_followers

    started = time.monotonic()
    written = notify_project_followers.call(
        ContentType.objects.get_for_model(comment).pk, comment.pk, projects[1].pk, author.pk
    )
    print(f"the task: {written} notifications in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
