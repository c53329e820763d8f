"""Database triggers that refuse UPDATE and DELETE of the status trail (see transparenz.guards).

Per vendor: PL/pgSQL triggers on PostgreSQL, RAISE(ABORT) triggers on SQLite. They are installed
after every migrate (``post_migrate``), not here: on SQLite they are removed before a migrate,
because SQLite cannot rebuild a table that another table's trigger mentions.
"""

from django.db import migrations


def remove(apps, schema_editor):
    from transparenz import guards

    guards.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("transparenz", "0001_status_trail_pages_and_notification_settings")]

    operations = [migrations.RunPython(migrations.RunPython.noop, remove)]
