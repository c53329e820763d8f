"""``flush`` that may empty the append-only trail tables (and puts their guard back).

Django's own ``flush`` (also used between transactional and live-server tests) empties every
table: with TRUNCATE on PostgreSQL, with DELETE on SQLite. On PostgreSQL the trail's TRUNCATE
trigger lets only the owner of the tables through (``transparenz.guards``): run flush as the
role that runs ``migrate``; the application's role is refused. SQLite has no roles: the triggers
are dropped for the flush and installed again afterwards.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from transparenz import guards


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        with guards.lifted_for_flush(connection):
            return super().handle(**options)
