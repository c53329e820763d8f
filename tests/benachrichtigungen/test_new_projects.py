"""News of new projects: people who chose an Ortsteil or a field of action hear once of each
public project published there for the first time, in the way they chose."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from benachrichtigungen import services
from benachrichtigungen.delivery import send_digests
from benachrichtigungen.models import WHOLE_CITY, AreaSubscription, Choice, Kind, Notification
from benachrichtigungen.tasks import notify_new_project
from home.districts import District
from tests.factories import (
    CategoryFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return ProjectIndexPageFactory(parent=home_page)


@pytest.fixture
def mobility(db):
    return CategoryFactory(name="Mobilität", slug="mobilitaet")


@pytest.fixture
def climate(db):
    return CategoryFactory(name="Klima und Umwelt", slug="klima")


@pytest.fixture
def editor(db):
    """Publishes the projects (may publish every page)."""
    return StaffUserFactory(display_name="Redaktion", is_superuser=True)


def draft(index, **fields):
    """A project page that was never published."""
    fields.setdefault("title", "Radweg nach Materborn")
    fields.setdefault("intro", "Wo soll der neue Radweg entlangführen? Reden Sie mit.")
    page = ProjectPageFactory(parent=index, live=False, **fields)
    page.first_published_at = page.last_published_at = None
    page.save()
    return page


def publish(page, user):
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def subscribe(user, *, districts=(), fields=()):
    services.set_area_subscriptions(
        user, districts=districts, field_ids=[category.pk for category in fields]
    )


def told(page) -> dict[str, str]:
    """Who was told of the new project, with the kind."""
    return dict(
        Notification.objects.filter(object_id=page.pk, detail="new_project").values_list(
            "recipient__email", "kind"
        )
    )


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_first_publication_tells_each_subscriber_once_and_nobody_else(
    index, mobility, climate, editor, petra, jonas, tom
):
    maria = UserFactory(email="maria@example.org")
    UserFactory(email="ohne@example.org")  # chose nothing
    subscribe(petra, districts=[District.MATERBORN], fields=[mobility])  # both match
    subscribe(jonas, fields=[mobility])
    subscribe(tom, districts=[District.KELLEN], fields=[climate])  # neither matches
    subscribe(maria, districts=[WHOLE_CITY])  # the project is not for the whole city
    subscribe(editor, districts=[District.MATERBORN])  # published it: not told
    page = publish(draft(index, district=District.MATERBORN, field_of_action=mobility), editor)
    assert told(page) == {
        "petra@example.org": Kind.NEW_PROJECT,
        "jonas@example.org": Kind.NEW_PROJECT,
    }
    assert set(Notification.objects.values_list("channel", flat=True)) == {Choice.WEEKLY}


def test_a_second_publication_tells_nobody(index, mobility, editor, petra, tom):
    subscribe(petra, fields=[mobility])
    page = publish(draft(index, field_of_action=mobility), editor)
    assert list(told(page)) == ["petra@example.org"]
    subscribe(tom, fields=[mobility])  # chose it after the first publication
    page.title = "Radweg nach Materborn (geänderte Route)"
    publish(page, editor)
    page.unpublish(user=editor)
    publish(page, editor)
    assert list(told(page)) == ["petra@example.org"]
    assert Notification.objects.count() == 1


def test_scheduled_project_tells_when_it_goes_live_not_before(
    index, mobility, editor, petra, time_machine
):
    subscribe(petra, fields=[mobility])
    page = draft(index, field_of_action=mobility)
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    publish(page, editor)
    assert not page.live and told(page) == {}
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1, minutes=5))
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert list(told(page)) == ["petra@example.org"]


@pytest.mark.parametrize("restricted", ["page", "index"])
def test_restricted_projects_tell_nobody(index, mobility, editor, petra, restricted):
    subscribe(petra, districts=[District.MATERBORN], fields=[mobility])
    page = draft(index, district=District.MATERBORN, field_of_action=mobility)
    PageViewRestriction.objects.create(
        page=page if restricted == "page" else index,
        restriction_type=PageViewRestriction.LOGIN,
    )
    publish(page, editor)
    assert page.live
    assert told(page) == {}


def test_whole_city_projects_tell_who_chose_the_whole_city_or_the_field(
    index, mobility, editor, petra, jonas, tom
):
    subscribe(petra, districts=[WHOLE_CITY])
    subscribe(jonas, districts=[District.MATERBORN])
    subscribe(tom, fields=[mobility])
    page = publish(draft(index, district="", field_of_action=mobility), editor)
    assert set(told(page)) == {"petra@example.org", "tom@example.org"}


def test_immediate_e_mail_with_one_click_unsubscribe(
    client, index, mobility, editor, petra, django_capture_on_commit_callbacks
):
    subscribe(petra, districts=[District.MATERBORN])
    services.set_choice(petra, Kind.NEW_PROJECT, Choice.IMMEDIATELY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = publish(draft(index, district=District.MATERBORN), editor)
    [message] = [m for m in mail.outbox if "petra@example.org" in m.to]
    assert message.subject == "Neues Projekt in Materborn: Radweg nach Materborn"
    assert "Wo soll der neue Radweg entlangführen?" in message.body
    assert page.url in message.body
    assert "Neue Projekte in meinem Ortsteil oder Aktionsfeld" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1]
    response = client.post(
        path[path.index("/") :],
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    choices = services.all_choices(petra)
    assert choices[Kind.NEW_PROJECT] == Choice.OFF and choices[Kind.REPLY] == Choice.IMMEDIATELY
    # The areas stay chosen: the news still appear under "Neuigkeiten".
    assert AreaSubscription.objects.filter(user=petra).count() == 1


def test_weekly_digest_lists_new_projects_together(
    index, mobility, editor, petra, django_capture_on_commit_callbacks
):
    subscribe(petra, districts=[District.MATERBORN, WHOLE_CITY])
    publish(draft(index, title="Radweg nach Materborn", district=District.MATERBORN), editor)
    publish(draft(index, title="Stadtweites WLAN", district=""), editor)
    hidden = publish(
        draft(index, title="Spielplatz Materborn", district=District.MATERBORN), editor
    )
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run = send_digests(Choice.WEEKLY)
    assert (run.mails, run.items, run.skipped) == (1, 2, 1)
    [message] = mail.outbox
    assert "== Neue Projekte ==" in message.body
    assert "Neues Projekt in Materborn: „Radweg nach Materborn“" in message.body
    assert "Neues Projekt für die ganze Stadt: „Stadtweites WLAN“" in message.body
    assert "Spielplatz" not in message.body
    assert message.body.count("== ") == 1  # one group, not one per project


def test_news_page_shows_the_new_project(index, editor, petra):
    subscribe(petra, districts=[District.MATERBORN])
    page = publish(draft(index, district=District.MATERBORN), editor)
    html = logged_in(petra).get(reverse("benachrichtigungen:news")).content.decode()
    assert "Neues Projekt in Materborn: Radweg nach Materborn" in html
    assert f'href="{page.url}"' in html
    page.unpublish(user=editor)
    html = logged_in(petra).get(reverse("benachrichtigungen:news")).content.decode()
    assert "Radweg nach Materborn" not in html


def test_the_task_needs_a_fixed_number_of_queries(index, mobility, editor):
    page = draft(index, district=District.MATERBORN, field_of_action=mobility)
    publish(page, editor)

    def queries_for(people: int) -> int:
        Notification.objects.all().delete()
        AreaSubscription.objects.all().delete()
        for user in UserFactory.create_batch(people):
            subscribe(user, districts=[District.MATERBORN], fields=[mobility])
        with CaptureQueriesContext(connection) as queries:
            written = notify_new_project.call(page.pk, District.MATERBORN, mobility.pk, editor.pk)
        assert written == people
        return len(queries)

    assert queries_for(3) == queries_for(40)


def test_settings_save_and_show_the_areas(mobility, climate, tom):
    client = logged_in(tom)
    url = reverse("benachrichtigungen:settings")
    html = client.get(url).content.decode()
    assert "<legend>Ortsteile</legend>" in html and "<legend>Aktionsfelder</legend>" in html
    assert "<legend>Neue Projekte in meinem Ortsteil oder Aktionsfeld</legend>" in html
    assert (
        'type="checkbox" name="districts"' in html
        and " checked" not in html.split("<legend>Ortsteile</legend>")[1].split("</fieldset>")[0]
    )
    data = dict.fromkeys(Kind.values, Choice.WEEKLY)
    data["districts"] = [District.KELLEN, WHOLE_CITY]
    data["fields_of_action"] = [str(climate.pk)]
    data[Kind.NEW_PROJECT] = Choice.DAILY
    response = client.post(url, data, follow=True)
    assert "Ihre Auswahl ist gespeichert." in response.content.decode()
    assert services.area_subscriptions(tom) == (sorted([District.KELLEN, WHOLE_CITY]), [climate.pk])
    assert services.all_choices(tom)[Kind.NEW_PROJECT] == Choice.DAILY
    html = client.get(url).content.decode()
    assert re.search(r'name="districts" value="kellen"[^>]*checked', html)
    assert re.search(rf'name="fields_of_action" value="{climate.pk}"[^>]*checked', html)
    assert not re.search(rf'name="fields_of_action" value="{mobility.pk}"[^>]*checked', html)
    # Unticking everything turns the news of new projects off again.
    data["districts"], data["fields_of_action"] = [], []
    client.post(url, data)
    assert services.area_subscriptions(tom) == ([], [])


def test_settings_refuse_unknown_areas_and_keep_the_input(mobility, tom):
    client = logged_in(tom)
    subscribe(tom, districts=[District.KELLEN])
    data = dict.fromkeys(Kind.values, Choice.WEEKLY)
    data["districts"] = [District.MATERBORN, "atlantis"]
    data["fields_of_action"] = ["999999"]
    response = client.post(reverse("benachrichtigungen:settings"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_districts_0">Ortsteile: ' in html
    assert "Aktionsfelder: Bitte wählen Sie aus den aufgeführten Aktionsfeldern." in html
    assert re.search(r'name="districts" value="materborn"[^>]*checked', html)  # kept
    assert services.area_subscriptions(tom) == ([District.KELLEN], [])  # nothing saved


def test_a_kept_settings_page_shows_the_new_choice(mobility, tom):
    client = logged_in(tom)
    url = reverse("benachrichtigungen:settings")
    for _ in range(3):  # rendered, then kept for this session
        html = client.get(url).content.decode()
    assert not re.search(r'name="districts" value="kellen"[^>]*checked', html)
    subscribe(tom, districts=[District.KELLEN])
    html = client.get(url).content.decode()
    assert re.search(r'name="districts" value="kellen"[^>]*checked', html)


def test_my_data_lists_the_areas_and_deleting_the_account_removes_them(mobility, petra):
    from wagtail import hooks

    from accounts.deletion import ACCOUNT_DELETION_HOOK
    from accounts.personal_data import PERSONAL_DATA_HOOK

    subscribe(petra, districts=[District.DUEFFELWARD, WHOLE_CITY], fields=[mobility])
    sections = {
        section.key: section
        for collect in hooks.get_hooks(PERSONAL_DATA_HOOK)
        for section in collect(petra)
    }
    rows = sections["new_project_areas"].rows
    assert {(row["district"], row["field_of_action"]) for row in rows} == {
        ("Düffelward", ""),
        ("Projekte für die ganze Stadt", ""),
        ("", "Mobilität"),
    }
    for erase in hooks.get_hooks(ACCOUNT_DELETION_HOOK):
        erase(petra)
    assert not AreaSubscription.objects.filter(user=petra).exists()
