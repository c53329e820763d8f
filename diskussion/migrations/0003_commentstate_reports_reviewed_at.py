from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("diskussion", "0002_comment_text_html"),
    ]

    operations = [
        migrations.AddField(
            model_name="commentstate",
            name="reports_reviewed_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="reports reviewed at"
            ),
        ),
    ]
