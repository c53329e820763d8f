"""The pages: following a project without JavaScript, the settings, "Neuigkeiten", the count in
the header (renewed at once on kept pages), "Meine Beteiligung" and the phase job."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from benachrichtigungen import services
from benachrichtigungen.models import Choice, Kind, Notification, ProjectFollow
from beteiligung.models import ProjectPhase
from diskussion.services import add_comment
from ideen.models import Category
from ideen.services import set_support
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def checked(page: str, name: str) -> str:
    """The value of the checked radio button of a group."""
    return re.search(rf'name="{name}" value="(\w+)"[^>]*checked', page).group(1)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_follow_and_unfollow_a_project_with_a_plain_form(project, tom):
    client = logged_in(tom)
    page = client.get(project.url).content.decode()
    assert 'aria-pressed="false"' in page and "Projekt folgen" in page
    url = reverse("benachrichtigungen:project_follow", args=[project.pk])
    response = client.post(url, {"follow": "1", "next": project.url})
    assert response.status_code == 302 and response["Location"] == project.url
    assert ProjectFollow.objects.filter(project=project, user=tom).exists()
    page = client.get(project.url).content.decode()
    assert 'aria-pressed="true"' in page and "Sie folgen diesem Projekt" in page
    client.post(url, {"follow": "0", "next": "https://evil.example/"})
    assert not ProjectFollow.objects.filter(project=project, user=tom).exists()


def test_following_needs_a_login_and_a_project(client, project, home_page, tom):
    url = reverse("benachrichtigungen:project_follow", args=[project.pk])
    assert client.post(url, {"follow": "1"}).status_code == 302  # to the login
    assert not ProjectFollow.objects.exists()
    client.force_login(tom)
    assert client.get(url).status_code == 405
    other = reverse("benachrichtigungen:project_follow", args=[home_page.pk])
    assert client.post(other, {"follow": "1"}).status_code == 404
    assert client.post("/projekte/folgen/999999/", {"follow": "1"}).status_code == 404


def test_settings_page_shows_the_defaults_and_saves_each_choice(tom):
    client = logged_in(tom)
    page = client.get(reverse("benachrichtigungen:settings")).content.decode()
    # One group per kind, and the Ortsteile and fields of action of new projects.
    assert page.count("<fieldset") == len(Kind) + 1 + Category.objects.top_level().exists()
    assert "<legend>Antworten auf meine Kommentare</legend>" in page
    assert checked(page, "project_news") == "weekly" and checked(page, "reply") == "immediately"
    data = dict.fromkeys(Kind.values, Choice.IMMEDIATELY)
    data[Kind.PROJECT_NEWS] = Choice.DAILY
    data[Kind.REPLY] = Choice.OFF
    response = client.post(reverse("benachrichtigungen:settings"), data, follow=True)
    assert "Ihre Auswahl ist gespeichert." in response.content.decode()
    choices = services.all_choices(tom)
    assert choices[Kind.PROJECT_NEWS] == Choice.DAILY and choices[Kind.REPLY] == Choice.OFF


def test_settings_page_bad_input_keeps_the_rest_and_explains(tom):
    client = logged_in(tom)
    data = dict.fromkeys(Kind.values, Choice.DAILY)
    data[Kind.REPLY] = "sometimes"
    del data[Kind.PROJECT_PHASE]
    response = client.post(reverse("benachrichtigungen:settings"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert "Bitte wählen Sie eine der Möglichkeiten." in page
    assert "Bitte wählen Sie, wie Sie davon erfahren möchten." in page
    assert checked(page, "project_news") == "daily"  # the input is kept
    assert services.all_choices(tom)[Kind.PROJECT_NEWS] == Choice.WEEKLY  # nothing saved


def test_news_page_lists_read_and_unread_and_the_header_counts(project, petra, jonas):
    mine = add_comment(project, petra, "Frage?")
    add_comment(project, jonas, "Erste Antwort.", parent=mine)
    client = logged_in(petra)
    page = client.get(reverse("benachrichtigungen:news")).content.decode()
    assert "Jonas hat auf Ihren Kommentar geantwortet" in page and "Erste Antwort." in page
    assert "(1 ungelesen)" in page  # the header, as text
    client.post(reverse("benachrichtigungen:news"))
    page = client.get(reverse("benachrichtigungen:news")).content.decode()
    assert "ungelesen)" not in page
    assert Notification.objects.get().read_at is not None


def test_news_page_needs_a_login(client):
    response = client.get(reverse("benachrichtigungen:news"))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_a_kept_page_shows_a_new_notification_at_once(project, petra, jonas):
    mine = add_comment(project, petra, "Frage?")
    client = logged_in(petra)
    for _ in range(3):  # rendered, then kept for this session
        page = client.get(project.url).content.decode()
    assert "ungelesen)" not in page
    add_comment(project, jonas, "Antwort.", parent=mine)
    assert "(1 ungelesen)" in client.get(project.url).content.decode()


def test_my_participation_lists_supports_and_followed_projects(project, petra, tom):
    idea = IdeaFactory(space=project, author=petra, title="Trinkbrunnen am Markt")
    set_support(idea, user=tom, support=True)
    services.set_project_follow(project, user=tom, follow=True)
    page = logged_in(tom).get(reverse("accounts:participation")).content.decode()
    supports = page.split('id="supports-heading"')[1].split("</section>")[0]
    assert "Trinkbrunnen am Markt" in supports and "(1)" in supports
    projects = page.split('id="followed-projects-heading"')[1].split("</section>")[0]
    assert project.title in projects


def test_phase_job_tells_followers_once(project, tom, petra):
    services.set_project_follow(project, user=tom, follow=True)
    today = timezone.localdate()
    ProjectPhase.objects.create(page=project, title="Auswertung", start_date=today)
    ProjectPhase.objects.create(
        page=project, title="Umsetzung", start_date=today + datetime.timedelta(days=10)
    )
    call_command("announce_phases")
    call_command("announce_phases")  # a second run the same day adds nothing
    [notification] = Notification.objects.filter(recipient=tom)
    assert (notification.kind, notification.detail) == (Kind.PROJECT_PHASE, "Auswertung")
    assert notification.channel == Choice.WEEKLY
    page = logged_in(tom).get(reverse("benachrichtigungen:news")).content.decode()
    assert "Neue Phase: Auswertung" in page
    assert not Notification.objects.filter(recipient=petra).exists()


def test_my_data_and_deleting_the_account(project, petra, jonas):
    from wagtail import hooks

    from accounts.deletion import ACCOUNT_DELETION_HOOK
    from accounts.personal_data import PERSONAL_DATA_HOOK

    services.set_project_follow(project, user=petra, follow=True)
    services.set_choice(petra, Kind.PROJECT_NEWS, Choice.DAILY)
    add_comment(project, jonas, "Neu.")
    sections = {
        section.key: section
        for collect in hooks.get_hooks(PERSONAL_DATA_HOOK)
        for section in collect(petra)
    }
    assert sections["followed_projects"].rows[0]["project"] == project.title
    assert sections["news_choices"].rows[0]["choice"] == "Einmal am Tag als Zusammenfassung"
    for erase in hooks.get_hooks(ACCOUNT_DELETION_HOOK):
        erase(petra)
    assert not Notification.objects.filter(recipient=petra).exists()
    assert not ProjectFollow.objects.filter(user=petra).exists()
