"""The inbox on the Wagtail dashboard: per role only what the person may act on, with due dates
from the settings, sortable, paginated, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from django_comments.models import CommentFlag

from diskussion import services as comment_services
from home import inbox
from ideen.models import IdeaReport
from ideen.moderation import report_idea
from tests.conftest import editors_group, member_of
from tests.diskussion.conftest import make_comment
from tests.factories import (
    BarrierReportFactory,
    CategoryFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
)
from transparenz.groups import ensure_decision_team

pytestmark = pytest.mark.django_db
URL = "/cms/eingang/"


def days_ago(n: int):
    return timezone.now() - timedelta(days=n)


@pytest.fixture
def project(home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    return ProjectPageFactory(parent=index, title="Radwege", slug="radwege")


@pytest.fixture
def decider(groups):
    ensure_decision_team()
    return member_of("Entscheidungsteam")


@pytest.fixture
def editor(groups):
    editors_group()
    return member_of("Editors")


@pytest.fixture
def coordinator(db):
    """Looks after barrier reports: admin access and the right to change them, nothing else."""
    group = Group.objects.create(name="Barrierefreiheit")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_barrierreport"),
    )
    return member_of("Barrierefreiheit")


@pytest.fixture
def work(project, platform, citizen, staff_user):
    """One open item of each kind, and things that are no longer open."""
    category = CategoryFactory()
    public = IdeaFactory(space=project, title="Öffentliche Idee", created=days_ago(20))
    internal = IdeaFactory(space=platform, title="Interne Idee", created=days_ago(3))
    IdeaFactory(space=project, title="Schon in Prüfung", status="in_pruefung", category=category)
    reported = IdeaFactory(space=project, title="Gemeldete Idee", created=days_ago(30))
    report_idea(reported, user=citizen, reason="Werbung")
    comment = make_comment(project, staff_user, text="Ein gemeldeter Kommentar")
    CommentFlag.objects.create(comment=comment, user=citizen, flag=CommentFlag.SUGGEST_REMOVAL)
    barrier = BarrierReportFactory(created_at=days_ago(20))
    BarrierReportFactory(description="Schon beantwortet", status="answered")
    return {
        "public": public,
        "internal": internal,
        "reported": reported,
        "comment": comment,
        "barrier": barrier,
    }


def titles(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


# Who sees what


def test_anonymous_visitors_are_sent_to_the_login(client, work):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("role", ["citizen", "staff_user"])
def test_people_without_anything_to_act_on_get_no_inbox(client, work, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert "Öffentliche Idee" not in response.content.decode()


def test_deciders_see_public_ideas_awaiting_an_answer_only(client, work, decider):
    client.force_login(decider)
    html = titles(client)
    assert (
        "Öffentliche Idee" in html
        and reverse("transparenz_decide", args=[work["public"].pk]) in html
    )
    assert "Interne Idee" not in html  # the decision team is not staff
    assert "Schon in Prüfung" not in html  # answered
    assert "Gemeldete Idee" in html  # awaits a first answer too
    assert "Ein gemeldeter Kommentar" not in html and "Der Knopf" not in html


def test_deciders_who_are_staff_see_internal_ideas_too(client, work, decider):
    decider.groups.add(Group.objects.get(name="Mitarbeitende"))
    client.force_login(decider)
    html = titles(client)
    assert "Interne Idee" in html and "intern" in html


def test_moderators_see_reports_and_nothing_else(client, work, moderator):
    client.force_login(moderator)
    html = titles(client)
    assert reverse("ideen_moderation:idea", args=[work["reported"].pk]) in html
    assert "Ein gemeldeter Kommentar" in html
    assert reverse("moderatedcomment:edit", args=[work["comment"].pk]) in html
    assert "Öffentliche Idee" not in html and "Interne Idee" not in html
    assert "Der Knopf" not in html


def test_editors_see_everything(client, work, editor):
    client.force_login(editor)
    html = titles(client)
    assert "Öffentliche Idee" in html and "Interne Idee" in html
    assert "Ein gemeldeter Kommentar" in html
    assert "Der Knopf" in html  # editors handle barrier reports (home migration 0004)


def test_the_barrier_coordinator_sees_open_barrier_reports_only(client, work, coordinator):
    client.force_login(coordinator)
    html = titles(client)
    assert reverse("barrier_reports:edit", args=[work["barrier"].pk]) in html
    assert "Schon beantwortet" not in html
    assert "Öffentliche Idee" not in html and "Ein gemeldeter Kommentar" not in html
    due = work["barrier"].reply_due_on  # the legal date, stored with the report
    assert due.strftime("%d.%m.%Y") in html


# Comment reports


def test_a_kept_comment_leaves_the_inbox_until_it_is_reported_again(work, moderator, user):
    comment = work["comment"]
    kind = next(k for k in inbox.kinds_for(moderator) if k.key == "comment_report")
    assert [item.title for item in kind.items(moderator)] == ["Ein gemeldeter Kommentar"]
    comment_services.restore_comment(comment, comment.content_object)
    assert list(kind.items(moderator)) == []
    CommentFlag.objects.create(comment=comment, user=user, flag=CommentFlag.SUGGEST_REMOVAL)
    assert len(kind.items(moderator)) == 1
    comment_services.remove_comment(comment, moderator, "Beleidigung", comment.content_object)
    assert list(kind.items(moderator)) == []


# Due dates, overdue, sorting, paging


def test_due_dates_come_from_the_settings(work, editor, settings):
    settings.INBOX_DUE_DAYS = {"idea": 30, "idea_report": 1, "comment_report": 5}
    items = {item.title: item for item in inbox.items_for(editor)}
    public = items["Öffentliche Idee"]
    assert public.due_on == timezone.localdate(work["public"].created) + timedelta(days=30)
    assert not public.is_overdue()
    assert items["Gemeldete Idee"].due_on == timezone.localdate() + timedelta(days=1)
    settings.INBOX_DUE_DAYS = {"idea": 7, "default": 2}
    assert {i.title: i for i in inbox.items_for(editor)}["Öffentliche Idee"].is_overdue()


def test_overdue_is_said_in_words(client, work, editor, settings):
    settings.INBOX_DUE_DAYS = {"idea": 14, "default": 2}
    client.force_login(editor)
    html = titles(client)
    assert "seit 6 Tagen überfällig" in html  # handed in 20 days ago, due after 14
    assert "noch 11 Tage" in html  # the internal idea, handed in 3 days ago
    assert "überfällig." in html  # the summary: "Davon sind … überfällig."


def test_sorted_by_due_date_both_ways(client, work, editor):
    client.force_login(editor)
    ascending = client.get(URL + "?sortierung=faellig").content.decode()
    descending = client.get(URL + "?sortierung=-faellig").content.decode()
    assert ascending.index("Öffentliche Idee") < ascending.index("Interne Idee")
    assert descending.index("Interne Idee") < descending.index("Öffentliche Idee")
    assert 'aria-sort="ascending"' in ascending and 'aria-sort="descending"' in descending
    assert 'href="?sortierung=-faellig"' in ascending  # the next click reverses
    assert client.get(URL + "?sortierung=<script>").status_code == 200  # unknown: the default


def test_sorted_by_age_and_kind(work, editor):
    by_age = [item.title for item in inbox.items_for(editor, "alter")]
    assert by_age.index("Gemeldete Idee") < by_age.index("Interne Idee")
    kinds = [item.kind_label for item in inbox.items_for(editor, "art")]
    assert kinds == sorted(kinds, key=str.casefold)


def test_paginated_by_50(client, project, editor):
    for n in range(51):
        IdeaFactory(space=project, title=f"Idee {n:02d}", created=days_ago(60 - n))
    client.force_login(editor)
    first = client.get(URL).content.decode()
    second = client.get(URL + "?p=2").content.decode()
    assert "Idee 00" in first and "Idee 50" not in first
    assert "Idee 50" in second and "Seite 2 von 2" in second
    assert client.get(URL + "?p=999").status_code == 200  # the last page, not an error


def more_work(project, citizen, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        idea = IdeaFactory(space=project, title=f"Mehr {i}")
        report_idea(idea, user=citizen)
        comment = make_comment(idea, UserFactory(), text=f"Kommentar {i}")
        CommentFlag.objects.create(comment=comment, user=citizen, flag=CommentFlag.SUGGEST_REMOVAL)
        BarrierReportFactory()


@pytest.mark.usefixtures("page_cache_off")  # memoised roles would make the count vary
def test_a_fixed_number_of_queries(
    client, work, editor, project, citizen, django_assert_max_num_queries
):
    more_work(project, citizen, 3)
    client.force_login(editor)
    client.get(URL)
    with django_assert_max_num_queries(60) as few:
        client.get(URL)
    more_work(project, citizen, 10, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Mehr 12" in client.get(URL).content.decode()


# Dashboard


def test_the_dashboard_panel_sums_up_per_kind(client, work, moderator, settings):
    settings.INBOX_DUE_DAYS = {"default": 2}
    IdeaReport.objects.update(created=days_ago(5))
    client.force_login(moderator)
    html = client.get("/cms/").content.decode()
    assert 'id="inbox-section"' in html
    assert "Gemeldete Ideen und Vorschläge: 1, <strong>1 überfällig</strong>" in html
    assert "Gemeldete Kommentare: 1" in html
    assert "Ideen ohne erste Antwort" not in html
    assert 'href="/cms/eingang/"' in html


def test_no_panel_for_people_without_items_to_act_on(client, work):
    group = Group.objects.create(name="Nur Admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    nobody = member_of("Nur Admin")
    client.force_login(nobody)
    html = client.get("/cms/").content.decode()
    assert 'id="inbox-section"' not in html and "Öffentliche Idee" not in html
    response = client.get(URL)  # Wagtail sends a refused admin user back to the dashboard
    assert response.status_code == 302 and response["Location"] == "/cms/"
