"""PostgreSQL's pg_trgm extension for the title similarity of similar ideas (ideen.similar).

Only on PostgreSQL; SQLite compares word stems instead. No trigram index: the suggestions score
the ideas of one space, which the space indexes already find.
"""

from django.db import migrations


def create_extension(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("ideen", "0007_idea_search_text")]

    operations = [
        # Left in place when migrating back: other code of the database may use it.
        migrations.RunPython(create_extension, migrations.RunPython.noop, elidable=False),
    ]
