"""The demo content once per test run: loaded by `load_demo` the first time, restored after.

Browser tests run against a live server, so each one ends with a flush of the database. Loading
the demo anew for each of them took 10–40 s; restoring the rows that the first load wrote takes
well under a second. The snapshot holds every row of every table Django flushes (the same tables,
so nothing else is touched) and the media files the load created, and is restored inside the
trail guards' seeding block (the rows bring their own dates, as the demo load does).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction

from transparenz import guards


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[tuple]


@dataclass
class Snapshot:
    tables: list[Table]
    media: Path


def flushed_tables() -> list[str]:
    """The tables `manage.py flush` empties, in a stable order."""
    return sorted(connection.introspection.django_table_names(only_existing=True))


def take(media_root: Path) -> Snapshot:
    quote = connection.ops.quote_name
    tables = []
    with connection.cursor() as cursor:
        for name in flushed_tables():
            cursor.execute(f"SELECT * FROM {quote(name)}")
            columns = [column[0] for column in cursor.description]
            tables.append(Table(name, columns, cursor.fetchall()))
    media = Path(tempfile.mkdtemp(prefix="demo-media-"))
    if media_root.exists():
        shutil.copytree(media_root, media, dirs_exist_ok=True)
    return Snapshot(tables, media)


def restore(snapshot: Snapshot, media_root: Path) -> None:
    """Make the database and the media folder what they were right after the demo load."""
    quote = connection.ops.quote_name
    with transaction.atomic(), guards.seeding(connection), connection.cursor() as cursor:
        for table in snapshot.tables:
            cursor.execute(f"DELETE FROM {quote(table.name)}")
        for table in snapshot.tables:
            if not table.rows:
                continue
            columns = ", ".join(quote(column) for column in table.columns)
            placeholders = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(
                f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({placeholders})",
                table.rows,
            )
        # Explicit ids leave PostgreSQL's sequences behind; the next insert must not collide.
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)
    shutil.copytree(snapshot.media, media_root, dirs_exist_ok=True)
    # Ids of content types and pages differ from those of the flushed run that came before.
    ContentType.objects.clear_cache()
    cache.clear()
