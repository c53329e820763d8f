from django.db import migrations

# The states of a first answer (transparenz.workflow.FIRST_ANSWERS) when this was written.
BACKFILL = """
UPDATE ideen_idea SET first_answered_on = (
    SELECT min(c.decided_on) FROM transparenz_statuschange c
    WHERE c.idea_id = ideen_idea.id
    AND c.to_status IN (
        'abgelehnt', 'angenommen', 'in_pruefung', 'in_umsetzung', 'umgesetzt', 'zusammengelegt'
    )
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("ideen", "0009_idea_first_answered_on"),
        ("transparenz", "0005_trail_feed_index_and_first_decisions"),
    ]

    operations = [
        # Ideas answered before the database kept the date of the first answer.
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
