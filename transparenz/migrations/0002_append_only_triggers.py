"""Database triggers that refuse UPDATE and DELETE of the status trail (see transparenz.guards).

Per vendor: PL/pgSQL triggers on PostgreSQL, RAISE(ABORT) triggers on SQLite. The same code runs
again after every migrate, because SQLite loses a table's triggers when Django rebuilds it.
"""

from django.db import migrations


def install(apps, schema_editor):
    from transparenz import guards

    guards.install(schema_editor.connection)


def remove(apps, schema_editor):
    from transparenz import guards

    guards.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("transparenz", "0001_status_trail_pages_and_notification_settings")]

    operations = [migrations.RunPython(install, remove)]
