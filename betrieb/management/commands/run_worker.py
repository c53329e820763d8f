"""``manage.py run_worker``: django-tasks-db's ``db_worker`` that survives a lost database
connection.

``db_worker`` checks its connection when it wakes up, but a connection ended between that check
and the next query (a PostgreSQL restart or failover, ``pg_terminate_backend``, a proxy
dropping idle connections) ends the whole process. Here the worker starts again on a new
connection after a short pause: a claimed task stays claimed, as it would after a crash, and the
others run. SIGTERM still stops it (``db_worker``'s own signal handling exits the process).
"""

from __future__ import annotations

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger(__name__)

#: Seconds to wait before the worker connects again.
RECONNECT_SECONDS = 1.0


class Command(db_worker.Command):
    help = "Run queued background tasks; go on after the database connection was lost."

    def handle(self, *args, **options):
        while True:
            try:
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as error:
                logger.warning("Database connection lost, the worker connects again: %r", error)
                connections.close_all()
                time.sleep(RECONNECT_SECONDS)
