"""Moving accessibility from home to barrierefreiheit keeps statements, reports and pages.

The database is taken back to the state of main before the move (home.0005, no
barrierefreiheit), filled with the historical models of that state, and migrated forward; the
new models must then find the same rows, resolve the pages to their new classes and serve them.
"""

import datetime

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import Page, Revision

from barrierefreiheit.models import (
    AccessibilityCheck,
    AccessibilityStatementPage,
    BarrierReport,
    EasyLanguagePage,
    SignLanguagePage,
)
from home.models import FooterSettings
from home.setup import ensure_site_root
from tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# main before the move: the other apps stay at their newest migrations.
BEFORE_MOVE = [("home", "0005_netiquette_home_body_outcomes"), ("barrierefreiheit", None)]
MOVED_MODELS = [
    "accessibilitycheck",
    "accessibilitystatementpage",
    "barrierreport",
    "easylanguagepage",
    "signlanguagepage",
]
CONTRAST_HELP = "Elemente müssen einen ausreichenden Farbkontrast haben."
STEP = 4  # Wagtail's tree: four base-36 characters per level
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def migrate(targets):
    """Migrate the test database to `targets`; return the state (historical models) reached."""
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    cache.clear()  # Wagtail caches the sites' root paths
    return state


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    return migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def before_move(transactional_db):
    """Historical models of main's state; the database goes back to the newest state after."""
    ensure_site_root()
    try:
        yield migrate(BEFORE_MOVE).apps
    finally:
        migrate_to_latest()


def add_child_page(apps, parent, model_name: str, title: str, slug: str, **fields):
    """Create a live page of `home.<model_name>` below `parent` as main's code would store it."""
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    model = apps.get_model("home", model_name)
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by(
        "-path"
    )
    number = int(last[0].path[-STEP:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model=model_name)
    now = timezone.now()
    page = model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        path=parent.path + step.rjust(STEP, "0"),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        content_type=content_type,
        locale_id=parent.locale_id,
        live=True,
        first_published_at=now,
        last_published_at=now,
        **fields,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    parent.numchild += 1
    revision = apps.get_model("wagtailcore", "Revision").objects.create(
        content_type=content_type,
        base_content_type=ContentType.objects.get(app_label="wagtailcore", model="page"),
        object_id=str(page.pk),
        content={"pk": page.pk, "title": title},
        created_at=now,
        object_str=title,
    )
    Page.objects.filter(pk=page.pk).update(latest_revision=revision, live_revision=revision)
    return page


def create_main_content(apps) -> dict:
    """A statement, a barrier report, a check, Leichte Sprache and DGS pages, a footer."""
    Page = apps.get_model("wagtailcore", "Page")
    # The site's root page (made by the fixture), read with the historical models: today's
    # HomePage has fields the old tables lack.
    home = Page.objects.get(pk=apps.get_model("wagtailcore", "Site").objects.get().root_page_id)
    statement = add_child_page(
        apps,
        home,
        "accessibilitystatementpage",
        "Erklärung zur Barrierefreiheit",
        "barrierefreiheit",
        compliance_status="partial",
        status_explanation="Einige Videos haben noch keine Untertitel.",
        prepared_on=datetime.date(2026, 3, 1),
        last_reviewed_on=datetime.date(2026, 9, 1),
        contact_email="barrierefreiheit@kleve.de",
        non_accessible_content=[
            {
                "type": "item",
                "value": {
                    "content": "Videos",
                    "description": "Keine Untertitel.",
                    "reason": "non_compliance",
                    "justification": "",
                    "alternative": "Transkript",
                    "planned_fix": "2027",
                },
            }
        ],
    )
    easy = add_child_page(
        apps,
        home,
        "easylanguagepage",
        "Leichte Sprache",
        "leichte-sprache",
        intro="Hier lesen Sie alles in Leichter Sprache.",
        body=[
            {
                "type": "word_explanation",
                "value": {"term": "Beteiligung", "explanation": "Sie reden mit."},
            }
        ],
    )
    easy_child = add_child_page(
        apps, easy, "easylanguagepage", "Ideen einreichen", "ideen-einreichen"
    )
    sign = add_child_page(
        apps,
        home,
        "signlanguagepage",
        "Gebärdensprache",
        "gebaerdensprache",
        intro="Videos in Deutscher Gebärdensprache.",
        body=[{"type": "rich_text", "value": "<p>Willkommen in Kleve.</p>"}],
    )
    report = apps.get_model("home", "BarrierReport").objects.create(
        page_url="/projekte/",
        description="Der Kontrast der Schaltfläche ist zu schwach.",
        name="Erika Muster",
        email="erika@example.org",
        reply_due_on=datetime.date(2026, 12, 1),
        status="in_progress",
        editor_notes="Farbe wird angepasst.",
    )
    check = apps.get_model("home", "AccessibilityCheck").objects.create(
        base_url="https://beteiligung.kleve.de",
        pages_checked=42,
        violations={"color-contrast": {"impact": "serious", "help": CONTRAST_HELP, "count": 1}},
        passed=False,
    )
    apps.get_model("home", "FooterSettings").objects.update_or_create(
        site_id=apps.get_model("wagtailcore", "Site").objects.get(is_default_site=True).pk,
        defaults={
            "accessibility_page_id": statement.pk,
            "easy_language_page_id": easy.pk,
            "sign_language_page_id": sign.pk,
        },
    )
    # As home.0004 does: editors answer barrier reports in the admin.
    Permission = apps.get_model("auth", "Permission")
    editors, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    report_type = apps.get_model("contenttypes", "ContentType").objects.get(
        app_label="home", model="barrierreport"
    )
    for action in ("view", "change"):
        permission, _ = Permission.objects.get_or_create(
            content_type=report_type,
            codename=f"{action}_barrierreport",
            defaults={"name": f"Can {action} barrier report"},
        )
        editors.permissions.add(permission)
    return {
        "statement": statement.pk,
        "easy": easy.pk,
        "easy_child": easy_child.pk,
        "sign": sign.pk,
        "report": report.pk,
        "check": check.pk,
    }


def test_statements_reports_and_pages_survive_the_move(before_move, client):
    ids = create_main_content(before_move)

    migrate_to_latest()

    assert not ContentType.objects.filter(app_label="home", model__in=MOVED_MODELS).exists()
    statement = Page.objects.get(pk=ids["statement"]).specific
    assert type(statement) is AccessibilityStatementPage
    assert statement.status_explanation == "Einige Videos haben noch keine Untertitel."
    assert statement.last_reviewed_on == datetime.date(2026, 9, 1)
    assert statement.non_accessible_content[0].value["alternative"] == "Transkript"
    revision = Revision.objects.get(pk=statement.latest_revision_id)
    assert revision.content_type.model_class() is AccessibilityStatementPage
    assert revision.content_object == statement

    easy = Page.objects.get(pk=ids["easy"]).specific
    assert type(easy) is EasyLanguagePage
    assert easy.body[0].value["term"] == "Beteiligung"
    assert type(Page.objects.get(pk=ids["easy_child"]).specific) is EasyLanguagePage
    assert list(easy.get_children().specific()) == [
        EasyLanguagePage.objects.get(slug="ideen-einreichen")
    ]
    sign = Page.objects.get(pk=ids["sign"]).specific
    assert type(sign) is SignLanguagePage
    assert sign.intro == "Videos in Deutscher Gebärdensprache."

    report = BarrierReport.objects.get(pk=ids["report"])
    assert (report.page_url, report.status, report.editor_notes) == (
        "/projekte/",
        BarrierReport.Status.IN_PROGRESS,
        "Farbe wird angepasst.",
    )
    assert report.reply_due_on == datetime.date(2026, 12, 1)
    check = AccessibilityCheck.objects.get(pk=ids["check"])
    assert check.pages_checked == 42
    assert check.rule_count == 1
    # New rows continue the numbering instead of colliding with the moved ones.
    assert BarrierReport.objects.create(description="Neu").pk > report.pk

    footer = FooterSettings.objects.get()
    assert type(footer.accessibility_page.specific) is AccessibilityStatementPage

    # The permission given to the editors is the new app's.
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    assert editor.has_perm("barrierefreiheit.change_barrierreport")

    # The pages are served at their old addresses with their templates.
    response = client.get("/barrierefreiheit/")
    assert response.status_code == 200
    assert "barrierefreiheit/accessibility_statement_page.html" in [
        t.name for t in response.templates
    ]
    html = response.content.decode()
    assert "Einige Videos haben noch keine Untertitel." in html
    assert CONTRAST_HELP in html  # the last automated check
    html = client.get("/leichte-sprache/").content.decode()
    assert "Sie reden mit." in html
    assert client.get("/leichte-sprache/ideen-einreichen/").status_code == 200
    html = client.get("/gebaerdensprache/").content.decode()
    assert "Willkommen in Kleve." in html
    html = client.get("/").content.decode()
    assert 'href="/barrierefreiheit/"' in html


def test_content_types_created_after_a_reverse_migration_are_merged(before_move):
    """Content types the new code created while the database was migrated back (and their
    permissions) are folded into the moved ones instead of clashing with them."""
    ids = create_main_content(before_move)
    config = django_apps.get_app_config("barrierefreiheit")
    create_contenttypes(config, verbosity=0)
    create_permissions(config, verbosity=0)
    stale = ContentType.objects.get(app_label="barrierefreiheit", model="barrierreport")
    editors = Group.objects.get(name="Editors")
    editors.permissions.add(stale.permission_set.get(codename="delete_barrierreport"))

    migrate_to_latest()

    moved = ContentType.objects.get(app_label="barrierefreiheit", model="barrierreport")
    assert moved.pk != stale.pk  # the content type the data was registered with
    assert sorted(editors.permissions.values_list("content_type__app_label", "codename")) == [
        ("barrierefreiheit", "change_barrierreport"),
        ("barrierefreiheit", "delete_barrierreport"),
        ("barrierefreiheit", "view_barrierreport"),
    ]
    assert type(Page.objects.get(pk=ids["statement"]).specific) is AccessibilityStatementPage
