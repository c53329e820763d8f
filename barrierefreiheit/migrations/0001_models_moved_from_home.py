"""Accessibility's models, until now in home: their tables and content types keep their data.

home.0006 renamed the tables; here Django's state learns the models under their new app, and
the content types move from home to barrierefreiheit. Changing the app label of the existing
rows, instead of creating new ones, keeps every reference by id valid: the pages' content type
(their specific class), revisions, permissions and Wagtail's reference index and logs.
"""

import datetime
import django.db.models.deletion
import django.utils.timezone
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = [
    "accessibilitycheck",
    "accessibilitystatementpage",
    "barrierreport",
    "easylanguagepage",
    "signlanguagepage",
]


def move_content_types(old_label, new_label):
    """A RunPython function giving the moved models' content types the app label new_label."""

    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        alias = schema_editor.connection.alias
        content_types = ContentType.objects.using(alias)
        permissions = Permission.objects.using(alias)
        for model in MOVED_MODELS:
            moving = content_types.filter(app_label=old_label, model=model).first()
            if moving is None:
                continue
            # Code that ran while the database was migrated back (a dev server on this branch)
            # may have created content types and permissions under the other label: merge them
            # into the ones that pages, revisions and groups already point at.
            stale = content_types.filter(app_label=new_label, model=model).first()
            if stale is not None:
                for permission in permissions.filter(content_type=stale):
                    twin = permissions.filter(
                        content_type=moving, codename=permission.codename
                    ).first()
                    if twin is None:
                        permission.content_type = moving
                        permission.save(update_fields=["content_type"])
                    else:
                        twin.group_set.add(*permission.group_set.all())
                        twin.user_set.add(*permission.user_set.all())
                        permission.delete()
                stale.delete()
            moving.app_label = new_label
            moving.save(update_fields=["app_label"])
        # The running process caches content types by label (tests migrate in-process).
        from django.contrib.contenttypes.models import ContentType as CachedContentType

        CachedContentType.objects.clear_cache()

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('home', '0006_move_accessibility_to_barrierefreiheit'),
        ('wagtailcore', '0098_apitoken'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        # The tables exist already (renamed by home.0006): only the state is created.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AccessibilityCheck',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('checked_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='checked at')),
                        ('base_url', models.URLField(verbose_name='address checked')),
                        ('pages_checked', models.PositiveIntegerField(default=0, verbose_name='pages checked')),
                        ('violations', models.JSONField(blank=True, default=dict, help_text='axe rule id: impact, help text, number of elements and the pages.', verbose_name='violations by rule')),
                        ('failed_pages', models.JSONField(blank=True, default=list, verbose_name='pages that could not be loaded')),
                        ('duration_seconds', models.FloatField(default=0, verbose_name='duration in seconds')),
                        ('passed', models.BooleanField(default=False, verbose_name='passed')),
                    ],
                    options={
                        'verbose_name': 'automated accessibility check',
                        'verbose_name_plural': 'automated accessibility checks',
                        'ordering': ['-checked_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AccessibilityStatementPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('public_body', models.CharField(default='Stadt Kleve', max_length=200, verbose_name='public body')),
                        ('scope', models.TextField(default='die Beteiligungs- und Ideenplattform der Stadt Kleve', help_text='Which websites or applications the statement applies to.', verbose_name='scope')),
                        ('standard', models.CharField(default='EN 301 549 V4.1.1 (auf Grundlage der WCAG 2.2, Konformitätsstufe AA)', help_text='The harmonised standard the site was assessed against.', max_length=250, verbose_name='standard')),
                        ('compliance_status', models.CharField(choices=[('full', 'fully compliant'), ('partial', 'partially compliant'), ('none', 'not compliant')], default='partial', max_length=10, verbose_name='compliance status')),
                        ('status_explanation', models.TextField(blank=True, verbose_name='explanation of the status')),
                        ('non_accessible_content', wagtail.fields.StreamField([('item', 6)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Content concerned', 'max_length': 200}), 1: ('wagtail.blocks.TextBlock', (), {'label': 'What is not accessible'}), 2: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('non_compliance', 'Non-compliance with the requirements'), ('disproportionate_burden', 'Disproportionate burden'), ('out_of_scope', 'Content outside the scope of the regulation')], 'label': 'Reason'}), 3: ('wagtail.blocks.TextBlock', (), {'help_text': 'Required for a disproportionate burden: why the effort is not reasonable.', 'label': 'Justification', 'required': False}), 4: ('wagtail.blocks.TextBlock', (), {'help_text': 'How people can get the information in another way.', 'label': 'Accessible alternative', 'required': False}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'What is planned and by when, if known.', 'label': 'Planned fix', 'max_length': 200, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('content', 0), ('description', 1), ('reason', 2), ('justification', 3), ('alternative', 4), ('planned_fix', 5)]], {})}, verbose_name='content that is not accessible')),
                        ('prepared_on', models.DateField(default=datetime.date.today, verbose_name='statement prepared on')),
                        ('last_reviewed_on', models.DateField(default=datetime.date.today, help_text='Review the statement at least once a year and after major changes.', verbose_name='last reviewed on')),
                        ('assessment_method', models.CharField(choices=[('self', 'a self-assessment'), ('third_party', 'an assessment by a third party')], default='self', max_length=20, verbose_name='assessment method')),
                        ('assessment_details', models.TextField(blank=True, help_text='Who assessed the site, when and how (e.g. BITV test, automated checks).', verbose_name='details of the assessment')),
                        ('feedback_text', models.TextField(default='Sind Ihnen Mängel beim barrierefreien Zugang zu Inhalten dieser Plattform aufgefallen? Oder haben Sie Fragen zur Barrierefreiheit? Dann melden Sie uns die Barriere über unser Formular. Wir antworten Ihnen in der Regel innerhalb von zwei Wochen, spätestens nach sechs Wochen.', verbose_name='feedback text')),
                        ('contact_name', models.CharField(default='Stadt Kleve – Internetredaktion', max_length=200, verbose_name='contact name')),
                        ('contact_address', models.TextField(blank=True, default='Minoritenplatz 1\n47533 Kleve', verbose_name='contact address')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                        ('contact_phone', models.CharField(blank=True, max_length=50, verbose_name='contact phone')),
                        ('enforcement_text', models.TextField(default='Wenn Sie auf Ihre Meldung innerhalb von sechs Wochen keine zufriedenstellende Antwort erhalten haben, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden. Sie vermittelt zwischen Ihnen und der Stadt Kleve, damit die Barriere beseitigt wird. Das Ombudsverfahren ist für Sie kostenlos. Sie brauchen keinen Rechtsbeistand.', verbose_name='enforcement procedure')),
                        ('ombudsstelle_name', models.CharField(default='Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen', max_length=250, verbose_name='ombudsman office')),
                        ('ombudsstelle_address', models.TextField(default='bei der Beauftragten der Landesregierung für Menschen mit Behinderung sowie für Patientinnen und Patienten in Nordrhein-Westfalen\nFürstenwall 25\n40219 Düsseldorf', verbose_name='ombudsman office address')),
                        ('ombudsstelle_email', models.EmailField(blank=True, default='ombudsstelle-barrierefreie-it@mags.nrw.de', max_length=254, verbose_name='ombudsman office e-mail')),
                        ('ombudsstelle_phone', models.CharField(blank=True, max_length=50, verbose_name='ombudsman office phone')),
                        ('ombudsstelle_url', models.URLField(blank=True, default='https://www.lbbp.nrw.de/ombudsstelle', verbose_name='ombudsman office website')),
                    ],
                    options={
                        'verbose_name': 'accessibility statement',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='BarrierReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('page_url', models.CharField(blank=True, max_length=500, verbose_name='page concerned')),
                        ('description', models.TextField(max_length=5000, verbose_name='description')),
                        ('name', models.CharField(blank=True, max_length=150, verbose_name='name')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail address')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='received at')),
                        ('reply_due_on', models.DateField(blank=True, verbose_name='reply due on')),
                        ('status', models.CharField(choices=[('new', 'new'), ('in_progress', 'in progress'), ('answered', 'answered'), ('closed', 'closed')], db_index=True, default='new', max_length=20, verbose_name='status')),
                        ('answered_on', models.DateField(blank=True, null=True, verbose_name='answered on')),
                        ('editor_notes', models.TextField(blank=True, help_text='What was done and what the person was told. Not visible to the public.', verbose_name='internal notes')),
                    ],
                    options={
                        'verbose_name': 'barrier report',
                        'verbose_name_plural': 'barrier reports',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='EasyLanguagePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', models.TextField(blank=True, max_length=500, verbose_name='introduction')),
                        ('body', wagtail.fields.StreamField([('rich_text', 0), ('word_explanation', 3), ('image', 8), ('video', 15), ('call_to_action', 21)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'ol', 'ul', 'link', 'document-link'], 'label': 'Text', 'template': 'components/streamfield/rich_text_block.html'}), 1: ('wagtail.blocks.CharBlock', (), {'label': 'Word', 'max_length': 80}), 2: ('wagtail.blocks.TextBlock', (), {'label': 'Explanation'}), 3: ('wagtail.blocks.StructBlock', [[('term', 1), ('explanation', 2)]], {}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'Image'}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describe what the image shows for people who cannot see it.', 'label': 'Alternative text', 'max_length': 250, 'required': False}), 6: ('wagtail.blocks.BooleanBlock', (), {'help_text': 'Tick only if the image adds no information; it is then hidden from screen readers.', 'label': 'Decorative only', 'required': False}), 7: ('wagtail.blocks.CharBlock', (), {'label': 'Caption', 'max_length': 250, 'required': False}), 8: ('wagtail.blocks.StructBlock', [[('image', 4), ('alt_text', 5), ('decorative', 6), ('caption', 7)]], {}), 9: ('wagtail.blocks.CharBlock', (), {'label': 'Title', 'max_length': 150}), 10: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'help_text': 'A WebM or MP4 file. Without a file the page shows the transcript only.', 'label': 'Video file', 'required': False}), 11: ('wagtail.images.blocks.ImageChooserBlock', (), {'help_text': 'A still image shown before the video starts.', 'label': 'Poster image', 'required': False}), 12: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'help_text': 'A .vtt file with the spoken or signed content as German text.', 'label': 'Captions (WebVTT)', 'required': False}), 13: ('wagtail.blocks.RegexBlock', (), {'error_messages': {'invalid': 'Enter the duration as minutes:seconds, e.g. 2:35.'}, 'help_text': 'Minutes and seconds, for example 2:35.', 'label': 'Duration', 'regex': '^\\d{1,3}:[0-5]\\d$', 'required': False}), 14: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'h4', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link'], 'help_text': 'The full content of the video as text.', 'label': 'Transcript', 'required': False}), 15: ('wagtail.blocks.StructBlock', [[('title', 9), ('video', 10), ('poster', 11), ('captions', 12), ('duration', 13), ('transcript', 14)]], {}), 16: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120}), 17: ('wagtail.blocks.TextBlock', (), {'label': 'Text', 'required': False}), 18: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Target page', 'required': False}), 19: ('wagtail.blocks.URLBlock', (), {'label': 'Or external address', 'required': False}), 20: ('wagtail.blocks.CharBlock', (), {'label': 'Link text', 'max_length': 80}), 21: ('wagtail.blocks.StructBlock', [[('heading', 16), ('text', 17), ('page', 18), ('url', 19), ('link_label', 20)]], {})}, verbose_name='content')),
                    ],
                    options={
                        'verbose_name': 'page in easy language',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='SignLanguagePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', models.TextField(blank=True, max_length=500, verbose_name='introduction')),
                        ('body', wagtail.fields.StreamField([('video', 6), ('rich_text', 7), ('call_to_action', 13)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Title', 'max_length': 150}), 1: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'help_text': 'A WebM or MP4 file. Without a file the page shows the transcript only.', 'label': 'Video file', 'required': False}), 2: ('wagtail.images.blocks.ImageChooserBlock', (), {'help_text': 'A still image shown before the video starts.', 'label': 'Poster image', 'required': False}), 3: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'help_text': 'A .vtt file with the spoken or signed content as German text.', 'label': 'Captions (WebVTT)', 'required': False}), 4: ('wagtail.blocks.RegexBlock', (), {'error_messages': {'invalid': 'Enter the duration as minutes:seconds, e.g. 2:35.'}, 'help_text': 'Minutes and seconds, for example 2:35.', 'label': 'Duration', 'regex': '^\\d{1,3}:[0-5]\\d$', 'required': False}), 5: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'h4', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link'], 'help_text': 'The full content of the video as text.', 'label': 'Transcript', 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('title', 0), ('video', 1), ('poster', 2), ('captions', 3), ('duration', 4), ('transcript', 5)]], {}), 7: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'h4', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link'], 'label': 'Text', 'template': 'components/streamfield/rich_text_block.html'}), 8: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120}), 9: ('wagtail.blocks.TextBlock', (), {'label': 'Text', 'required': False}), 10: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Target page', 'required': False}), 11: ('wagtail.blocks.URLBlock', (), {'label': 'Or external address', 'required': False}), 12: ('wagtail.blocks.CharBlock', (), {'label': 'Link text', 'max_length': 80}), 13: ('wagtail.blocks.StructBlock', [[('heading', 8), ('text', 9), ('page', 10), ('url', 11), ('link_label', 12)]], {})}, verbose_name='content')),
                    ],
                    options={
                        'verbose_name': 'page in sign language',
                    },
                    bases=('wagtailcore.page',),
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types("home", "barrierefreiheit"),
            move_content_types("barrierefreiheit", "home"),
        ),
    ]
