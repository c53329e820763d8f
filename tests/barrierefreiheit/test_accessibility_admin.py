"""Wagtail admin: barrier reports for editors, review reminders, the content checker."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.utils import timezone
from wagtail.admin.userbar import AccessibilityItem, apply_userbar_hooks

from barrierefreiheit.accessibility.axe import AXE_TAGS
from barrierefreiheit.models import AccessibilityCheck, BarrierReport
from barrierefreiheit.wagtail_hooks import EDITORIAL_RULES, KleveContentChecker
from tests.factories import AccessibilityStatementPageFactory, BarrierReportFactory, UserFactory

pytestmark = pytest.mark.django_db

REPORTS_URL = "/cms/barrierenmeldungen/"


@pytest.fixture
def admin_user(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def editor(db):
    """A member of Wagtail's Editors group; a migration lets the group handle barrier reports."""
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def overdue_report(**kwargs):
    report = BarrierReportFactory(**kwargs)
    report.reply_due_on = timezone.localdate() - datetime.timedelta(days=3)
    report.save()
    return report


def test_editors_see_reports_with_status_and_overdue_due_dates(client, home_page, editor):
    overdue_report(page_url="/projekte/alt/")
    BarrierReportFactory(page_url="/projekte/neu/")
    client.force_login(editor)

    response = client.get(REPORTS_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "/projekte/alt/" in html
    assert "/projekte/neu/" in html
    assert html.count("überfällig") == 1


def test_overdue_filter_lists_only_overdue_reports(client, home_page, editor):
    overdue_report(page_url="/projekte/alt/")
    BarrierReportFactory(page_url="/projekte/neu/")
    client.force_login(editor)
    html = client.get(REPORTS_URL, {"overdue": "true"}).content.decode()
    assert "/projekte/alt/" in html
    assert "/projekte/neu/" not in html


def test_editor_answers_a_report(client, home_page, editor):
    report = BarrierReportFactory()
    client.force_login(editor)
    response = client.post(
        f"{REPORTS_URL}edit/{report.pk}/",
        {
            "status": "answered",
            "answered_on": "",
            "editor_notes": "Knopf repariert, Antwort per E-Mail.",
            "page_url": report.page_url,
            "description": report.description,
            "name": "",
            "email": "",
            "reply_due_on": report.reply_due_on.isoformat(),
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "answered"
    assert report.answered_on == timezone.localdate()


def test_citizens_cannot_open_the_report_list(client, home_page, user):
    client.force_login(user)
    response = client.get(REPORTS_URL)
    assert response.status_code in (302, 403)
    assert "/projekte/" not in response.content.decode()


def test_dashboard_warns_about_overdue_review_and_reports(client, home_page, admin_user):
    today = timezone.localdate()
    AccessibilityStatementPageFactory(
        parent=home_page,
        prepared_on=today - datetime.timedelta(days=900),
        last_reviewed_on=today - datetime.timedelta(days=400),
    )
    overdue_report()
    client.force_login(admin_user)

    html = client.get("/cms/").content.decode()

    assert "Barrierefreiheit (BITV NRW)" in html
    assert "vor mehr als einem Jahr" in html
    assert "1 Barrieremeldung ist überfällig." in html
    assert "Noch keine automatische Prüfung." in html


def test_dashboard_shows_a_current_review_and_the_last_check(client, home_page, admin_user):
    AccessibilityStatementPageFactory(parent=home_page)
    AccessibilityCheck.objects.create(base_url="http://x", pages_checked=42, passed=True)
    client.force_login(admin_user)
    html = client.get("/cms/").content.decode()
    assert "nächste Überprüfung bis" in html
    assert "vor mehr als einem Jahr" not in html
    assert "42 Seiten" in html
    assert "Keine Verstöße." in html


def test_dashboard_asks_for_a_statement_when_there_is_none(client, home_page, admin_user):
    client.force_login(admin_user)
    html = client.get("/cms/").content.decode()
    assert "Es gibt noch keine Erklärung zur Barrierefreiheit." in html


def test_page_editor_warns_when_the_review_is_older_than_a_year(client, home_page, admin_user):
    today = timezone.localdate()
    statement = AccessibilityStatementPageFactory(
        parent=home_page,
        prepared_on=today - datetime.timedelta(days=900),
        last_reviewed_on=today - datetime.timedelta(days=366),
    )
    client.force_login(admin_user)
    html = client.get(f"/cms/pages/{statement.pk}/edit/").content.decode()
    assert "vor mehr als einem Jahr" in html

    statement.last_reviewed_on = today
    statement.save_revision().publish()
    html = client.get(f"/cms/pages/{statement.pk}/edit/").content.decode()
    assert "vor mehr als einem Jahr" not in html


def axe_configuration(rf_request, page=None):
    items = [AccessibilityItem()]
    apply_userbar_hooks(rf_request, items, page)
    (checker,) = [item for item in items if isinstance(item, KleveContentChecker)]
    return checker.get_axe_configuration(rf_request)


def test_content_checker_runs_all_wcag_22_rules_in_development(settings, admin_user):
    settings.DEBUG = True
    request = RequestFactory().get("/")
    request.user = admin_user
    config = axe_configuration(request)
    assert config["options"]["runOnly"] == AXE_TAGS


def test_content_checker_runs_the_editorial_rules_in_production(settings, admin_user):
    settings.DEBUG = False
    request = RequestFactory().get("/")
    request.user = admin_user
    config = axe_configuration(request)
    run_only = config["options"]["runOnly"]
    assert "heading-order" in run_only  # Wagtail's defaults stay
    assert set(EDITORIAL_RULES) <= set(run_only)
    assert "color-contrast" not in run_only
    assert str(config["messages"]["image-alt"]["error_name"]) == "Bild ohne Alternativtext"


def test_page_editor_checks_panel_uses_our_configuration(client, home_page, admin_user, settings):
    settings.DEBUG = False
    statement = AccessibilityStatementPageFactory(parent=home_page)
    client.force_login(admin_user)
    html = client.get(f"/cms/pages/{statement.pk}/edit/").content.decode()
    assert "video-caption" in html
    assert "page-has-heading-one" in html


def test_userbar_on_the_site_carries_the_checker_for_editors(client, home_page, admin_user):
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert "<wagtail-userbar" in html or "wagtail-userbar" in html
    start = html.index('id="checker-axe-configuration"')
    payload = html[html.index(">", start) + 1 : html.index("</script>", start)]
    assert "video-caption" in json.loads(payload)["options"]["runOnly"]


def test_userbar_is_not_shown_to_citizens(client, home_page, user):
    client.force_login(user)
    assert "wagtail-userbar" not in client.get("/").content.decode()


def test_a_report_reads_without_none_true_or_utc(client, home_page, editor):
    report = BarrierReportFactory(page_url="/projekte/alt/")
    BarrierReport.objects.filter(pk=report.pk).update(
        created_at=datetime.datetime(2026, 12, 5, 23, 30, tzinfo=datetime.UTC)
    )
    client.force_login(editor)
    html = client.get(f"{REPORTS_URL}inspect/{report.pk}/").content.decode()
    main = html.split("<main", 1)[1]
    assert ">None<" not in main.replace(" ", "").replace("\n", "")
    assert "True" not in main and "False" not in main
    assert "6. Dezember 2026, 00:30" in main  # Berlin time, not 23:30 UTC
