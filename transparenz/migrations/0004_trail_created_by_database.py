"""The database sets ``created`` of trail rows; the triggers (transparenz.guards) refuse others.

The triggers themselves are (re)installed after the migrate, by ``post_migrate``.
"""

import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('transparenz', '0003_decision_team_group'),
    ]

    operations = [
        migrations.AlterField(
            model_name='progressnote',
            name='created',
            field=models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), editable=False, verbose_name='recorded at'),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='created',
            field=models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), editable=False, verbose_name='recorded at'),
        ),
    ]
