from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ideen", "0008_pg_trgm_extension"),
    ]

    operations = [
        migrations.AddField(
            model_name="idea",
            name="first_answered_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="first answered on"
            ),
        ),
    ]
