"""``flush`` that may empty the append-only trail tables (and puts their guard back).

Django's own ``flush`` (also used between live-server tests) deletes every row of every table;
on SQLite that would hit the trail's DELETE triggers. Wiping the whole database is a deliberate
act by whoever runs it, so the guard steps aside for it and is installed again afterwards.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from transparenz import guards


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        with guards.lifted_for_flush(connection):
            return super().handle(**options)
