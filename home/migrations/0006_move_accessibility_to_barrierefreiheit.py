"""The accessibility models move to their own app, barrierefreiheit, keeping their data.

Django's state forgets them here, while in the database their tables are only renamed to the
new app's names. barrierefreiheit's first migration takes the models over (state only) and moves
their content types, so pages, revisions and permissions keep pointing at the same rows.
"""

from django.db import migrations

MOVED_MODELS = [
    "AccessibilityCheck",
    "AccessibilityStatementPage",
    "BarrierReport",
    "EasyLanguagePage",
    "SignLanguagePage",
]


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0005_netiquette_home_body_outcomes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=f"barrierefreiheit_{name.lower()}")
                for name in MOVED_MODELS
            ],
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED_MODELS],
        ),
    ]
