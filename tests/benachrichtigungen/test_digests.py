"""Digests: only for people with news, grouped by project, never empty, never repeated, and once
however many schedulers run."""

import pytest
from django.core import mail
from django.core.management import call_command

from benachrichtigungen import services
from benachrichtigungen.delivery import send_digests
from benachrichtigungen.models import Choice, Kind, Notification
from diskussion.services import add_comment, remove_comment
from outbox.services import send_due
from tests.factories import IdeaFactory, ProjectPageFactory

pytestmark = pytest.mark.django_db


def digests_to(address):
    return [m for m in mail.outbox if address in m.to and "Ihre Neuigkeiten d" in m.subject]


@pytest.fixture
def second_project(project):
    return ProjectPageFactory(parent=project.get_parent(), title="Radweg Hafenstraße")


def test_weekly_digest_groups_by_project_and_never_repeats(
    project, second_project, petra, jonas, tom
):
    services.set_project_follow(project, user=tom, follow=True)
    services.set_project_follow(second_project, user=tom, follow=True)
    add_comment(project, jonas, "Bänke mit Lehne bitte.")
    IdeaFactory(space=second_project, author=petra, title="Markierte Radspur")
    add_comment(second_project, petra, "Auch für Lastenräder.")
    mail.outbox.clear()

    run = send_digests(Choice.WEEKLY)
    send_due()

    assert (run.recipients, run.mails, run.items) == (1, 1, 3)
    [digest] = digests_to("tom@example.org")
    assert "3 neue Einträge" in digest.subject
    body = digest.body
    # Grouped by project (alphabetically), each entry under its project.
    assert body.index("== Radweg Hafenstraße ==") < body.index("Markierte Radspur")
    assert body.index("== Sitzbänke am Spoykanal ==") > body.index("Auch für Lastenräder.")
    assert body.index("Bänke mit Lehne bitte.") > body.index("== Sitzbänke am Spoykanal ==")
    html = digest.alternatives[0][0]
    assert "<h2" in html and "Radweg Hafenstraße" in html
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # A second run (another scheduler, or next week without news) sends nothing again.
    mail.outbox.clear()
    again = send_digests(Choice.WEEKLY)
    send_due()
    assert (again.recipients, again.mails) == (0, 0)
    assert not mail.outbox


def test_daily_digest_only_takes_daily_choices(project, petra, jonas, tom):
    services.set_project_follow(project, user=tom, follow=True)
    services.set_project_follow(project, user=petra, follow=True)
    services.set_choice(tom, Kind.PROJECT_NEWS, Choice.DAILY)
    add_comment(project, jonas, "Neu.")
    mail.outbox.clear()
    run = send_digests(Choice.DAILY)
    send_due()
    assert run.mails == 1
    assert digests_to("tom@example.org") and not digests_to("petra@example.org")
    assert "des Tages" in digests_to("tom@example.org")[0].subject


def test_no_digest_when_everything_vanished(project, petra, jonas, tom, moderator):
    services.set_project_follow(project, user=tom, follow=True)
    comment = add_comment(project, jonas, "Später entfernt.")
    remove_comment(comment, moderator, "Werbung", project)
    mail.outbox.clear()
    run = send_digests(Choice.WEEKLY)
    send_due()
    assert (run.mails, run.skipped) == (0, 1)
    # Only the author hears of the removal (at once, not in a digest); Tom hears nothing.
    assert [message.to for message in mail.outbox] == [["jonas@example.org"]]
    # Handled: not looked at again.
    assert not Notification.objects.pending_digest(Choice.WEEKLY).exists()


def test_removed_after_the_digest_was_built_is_not_sent_and_the_rest_waits(
    project, jonas, tom, moderator
):
    services.set_project_follow(project, user=tom, follow=True)
    kept = add_comment(project, jonas, "Bleibt.")
    gone = add_comment(project, jonas, "Wird entfernt.")
    send_digests(Choice.WEEKLY)  # queued in the outbox, not yet sent
    remove_comment(gone, moderator, "Beleidigung", project)
    mail.outbox.clear()
    send_due()
    assert not digests_to("tom@example.org")  # (Jonas hears of the removal, at once)
    # The comment still readable goes into the next digest, the removed one never.
    run = send_digests(Choice.WEEKLY)
    send_due()
    assert run.items == 1
    [digest] = digests_to("tom@example.org")
    assert "Bleibt." in digest.body and "Wird entfernt." not in digest.body
    assert Notification.objects.get(object_id=kept.pk).mailed_at is not None


def test_choice_off_means_no_digest_but_the_news_page_lists_it(client, project, jonas, tom):
    services.set_project_follow(project, user=tom, follow=True)
    services.set_choice(tom, Kind.PROJECT_NEWS, Choice.OFF)
    add_comment(project, jonas, "Nur auf der Seite.")
    assert send_digests(Choice.WEEKLY).mails == 0
    client.force_login(tom)
    assert "Nur auf der Seite." in client.get("/konto/neuigkeiten/").content.decode()


def test_the_periodic_job_runs_the_digest_once_per_slot(project, jonas, tom, settings):
    from betrieb.scheduler import run_due

    services.set_project_follow(project, user=tom, follow=True)
    add_comment(project, jonas, "Für die Woche.")
    mail.outbox.clear()
    settings.PERIODIC_JOBS = {
        "weekly_digest": {"command": "send_digests", "args": ["weekly"], "interval": 3600}
    }
    first = run_due()
    second = run_due()  # a second scheduler in the same slot
    assert [r.outcome for r in first] and not second
    send_due()
    assert len(digests_to("tom@example.org")) == 1


def test_command_reports_its_numbers(project, jonas, tom, capsys):
    services.set_project_follow(project, user=tom, follow=True)
    add_comment(project, jonas, "Zahl.")
    call_command("send_digests", "weekly")
    assert "1 e-mails with 1 entries for 1 recipients" in capsys.readouterr().out


def test_one_click_in_a_digest_stops_that_digest_and_nothing_else(client, project, jonas, tom):
    services.set_project_follow(project, user=tom, follow=True)
    services.set_choice(tom, Kind.PROJECT_PHASE, Choice.DAILY)
    add_comment(project, jonas, "Für die Woche.")
    mail.outbox.clear()
    send_digests(Choice.WEEKLY)
    send_due()
    [digest] = digests_to("tom@example.org")
    link = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in digest.body
    path = link[link.index("/benachrichtigungen/") :]
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert "Wöchentliche Zusammenfassung" in response.content.decode()
    choices = services.all_choices(tom)
    assert choices[Kind.PROJECT_NEWS] == Choice.OFF  # was weekly
    assert choices[Kind.PROJECT_PHASE] == Choice.DAILY  # another digest: untouched
    assert choices[Kind.REPLY] == Choice.IMMEDIATELY
