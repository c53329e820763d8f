"""Each event reaches the people it concerns, once, in the way they chose; never the actor."""

import pytest
from django.core import mail
from django.core.management import call_command

from benachrichtigungen import services
from benachrichtigungen.models import Choice, Kind, Notification
from diskussion.services import add_comment, remove_comment
from outbox.services import send_due
from tests.factories import IdeaFactory, UserFactory, move_to
from transparenz.services import add_progress_note

pytestmark = pytest.mark.django_db


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_reply_to_my_comment_is_e_mailed_at_once(
    project, petra, jonas, django_capture_on_commit_callbacks
):
    mine = add_comment(project, petra, "Wo genau sollen die Bänke stehen?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = add_comment(project, jonas, "Am Hafen, gegenüber der Brücke.", parent=mine)
    notification = Notification.objects.get(recipient=petra)
    assert notification.kind == Kind.REPLY
    assert notification.target == reply
    [message] = mails_to("petra@example.org")
    assert "Jonas" in message.subject
    assert "Am Hafen, gegenüber der Brücke." in message.body
    assert f"/kommentare/{reply.pk}/" in message.body or str(reply.pk) in message.body
    # Nobody hears about their own comment.
    assert not Notification.objects.filter(recipient=jonas).exists()
    assert not mails_to("jonas@example.org")


def test_comment_on_my_proposal(proposal, petra, jonas, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(proposal, jonas, "Gute Idee!")
    assert Notification.objects.get(recipient=petra).kind == Kind.COMMENT_ON_MINE
    [message] = mails_to("petra@example.org")
    assert "Mehr Bänke am Wasser" in message.subject
    # My own comment on my proposal tells me nothing.
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(proposal, petra, "Danke!")
    assert Notification.objects.filter(recipient=petra).count() == 1


def test_reply_on_my_proposal_is_one_notification_of_the_closer_kind(
    proposal, petra, jonas, django_capture_on_commit_callbacks
):
    services.set_project_follow(proposal.space, user=petra, follow=True)
    mine = add_comment(proposal, petra, "Ergänzung: auch mit Lehne.")
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(proposal, jonas, "Einverstanden.", parent=mine)
    [notification] = Notification.objects.filter(recipient=petra)
    assert notification.kind == Kind.REPLY
    assert len(mails_to("petra@example.org")) == 1


def test_new_proposal_and_comment_in_a_followed_project_wait_for_the_weekly_digest(
    project, petra, jonas, tom, django_capture_on_commit_callbacks
):
    services.set_project_follow(project, user=tom, follow=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        idea = IdeaFactory(space=project, author=petra, title="Trinkbrunnen")
        add_comment(project, jonas, "Ich bin dafür.")
    kinds = list(Notification.objects.filter(recipient=tom).values_list("kind", "channel"))
    assert kinds == [(Kind.PROJECT_NEWS, Choice.WEEKLY)] * 2
    assert not mails_to("tom@example.org")  # project news: weekly by default
    assert Notification.objects.filter(recipient=tom, object_id=idea.pk).exists()
    # The author of the proposal is not told about her own proposal.
    assert not Notification.objects.filter(recipient=petra).exists()


def test_progress_on_a_followed_idea(
    home_page, petra, jonas, editor, django_capture_on_commit_callbacks
):
    from tests.factories import ProjectIndexPageFactory, ProjectPageFactory

    project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=home_page))
    idea = IdeaFactory(space=project, author=petra)
    from ideen.services import set_follow

    set_follow(idea, user=jonas, follow=True)
    move_to(idea, "in_umsetzung", recorded_by=editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        add_progress_note(idea, text="Die ersten Bänke stehen.", recorded_by=editor)
    assert set(
        Notification.objects.filter(kind=Kind.IDEA_PROGRESS).values_list("recipient", flat=True)
    ) == {petra.pk, jonas.pk}
    assert "Die ersten Bänke stehen." in mails_to("jonas@example.org")[0].body
    assert not Notification.objects.filter(recipient=editor).exists()


@pytest.mark.parametrize(
    ("choice", "mailed_at_once"),
    [
        (Choice.IMMEDIATELY, True),
        (Choice.DAILY, False),
        (Choice.WEEKLY, False),
        (Choice.OFF, False),
    ],
)
def test_each_choice_decides_how_a_reply_arrives(
    project, petra, jonas, choice, mailed_at_once, django_capture_on_commit_callbacks
):
    services.set_choice(petra, Kind.REPLY, choice)
    mine = add_comment(project, petra, "Frage?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(project, jonas, "Antwort.", parent=mine)
    notification = Notification.objects.get(recipient=petra)
    assert notification.channel == choice
    assert bool(mails_to("petra@example.org")) is mailed_at_once
    # Whatever the choice, the news page lists it.
    assert services.unread_count(petra) == 1


def test_changing_the_choice_moves_waiting_notifications(project, petra, jonas):
    services.set_project_follow(project, user=petra, follow=True)
    add_comment(project, jonas, "Neu hier.")
    services.set_choice(petra, Kind.PROJECT_NEWS, Choice.DAILY)
    assert Notification.objects.get(recipient=petra).channel == Choice.DAILY


def test_comment_removed_before_sending_is_not_sent(
    project, petra, jonas, moderator, django_capture_on_commit_callbacks
):
    mine = add_comment(project, petra, "Frage?")
    mail.outbox.clear()
    reply = add_comment(project, jonas, "Eine beleidigende Antwort.", parent=mine)
    remove_comment(reply, moderator, "Beleidigung", project)
    from outbox.models import OutgoingMail
    from outbox.services import send_due

    send_due()
    assert not mails_to("petra@example.org")
    [to_petra] = [m for m in OutgoingMail.objects.filter(kind="notification") if "petra" in m.to[0]]
    assert to_petra.state == OutgoingMail.State.CANCELLED


def test_deleted_user_between_event_and_send(project, petra, jonas):
    mine = add_comment(project, petra, "Frage?")
    add_comment(project, jonas, "Antwort.", parent=mine)
    petra.delete()
    from outbox.services import send_due

    send_due()
    assert not mails_to("petra@example.org")


def test_inactive_users_get_nothing(project, petra, jonas):
    petra.is_active = False
    petra.save()
    mine_of = UserFactory(email="x@example.org")
    services.set_project_follow(project, user=petra, follow=True)
    add_comment(project, mine_of, "Hallo")
    assert not Notification.objects.filter(recipient=petra).exists()


def test_decisions_go_through_notifications_with_html_and_one_click_unsubscribe(
    proposal, petra, jonas, editor, django_capture_on_commit_callbacks
):
    from ideen.services import set_follow
    from transparenz.services import record_status_change

    set_follow(proposal, user=jonas, follow=True)
    services.set_choice(jonas, Kind.IDEA_PROGRESS, Choice.WEEKLY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record_status_change(
            proposal, to_status="in_pruefung", recorded_by=editor, deciding_body="Fachbereich"
        )
    # The author: at once, the decision e-mail as before, now with HTML and one-click unsubscribe.
    [message] = mails_to("petra@example.org")
    assert "Mehr Bänke am Wasser" in message.body and "Fachbereich" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The follower chose the weekly digest: no e-mail now, one entry waiting.
    assert not mails_to("jonas@example.org")
    waiting = Notification.objects.get(recipient=jonas)
    assert (waiting.kind, waiting.channel, waiting.mailed_at) == (
        Kind.IDEA_PROGRESS,
        Choice.WEEKLY,
        None,
    )
    from benachrichtigungen.delivery import send_digests
    from outbox.services import send_due

    send_digests(Choice.WEEKLY)
    send_due()
    [digest] = mails_to("jonas@example.org")
    assert "Entscheidung zu „Mehr Bänke am Wasser“: In Prüfung" in digest.body
    assert not Notification.objects.filter(recipient=editor).exists()


@pytest.mark.django_db(transaction=True)
def test_followers_of_a_project_are_written_by_a_queued_task(project, petra, jonas, tom, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    services.set_project_follow(project, user=tom, follow=True)
    mine = add_comment(project, petra, "Frage?")
    DBTaskResult.objects.all().delete()
    reply = add_comment(project, jonas, "Antwort.", parent=mine)
    # The person replied to is told in the request; the followers by the worker.
    assert Notification.objects.get(object_id=reply.pk).recipient == petra
    [queued] = DBTaskResult.objects.filter(task_path__startswith="benachrichtigungen.")
    assert queued.task_path == "benachrichtigungen.tasks.notify_project_followers"
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert Notification.objects.filter(recipient=tom, object_id=reply.pk).exists()
    assert Notification.objects.filter(object_id=reply.pk).count() == 2


def test_loaded_content_is_listed_but_e_mails_nobody(project, petra, jonas, tom):
    services.set_project_follow(project, user=tom, follow=True)
    mine = add_comment(project, petra, "Frage?")
    mail.outbox.clear()
    with services.quietly():
        add_comment(project, jonas, "Antwort aus dem Import.", parent=mine)
    send_due()
    assert not mail.outbox
    assert services.unread_count(petra) == 1 and services.unread_count(tom) == 2
    assert not Notification.objects.filter(mailed_at__isnull=True, recipient=petra).exists()


def test_moderation_tells_the_author_why_their_comment_was_removed(
    project, petra, jonas, moderator
):
    comment = add_comment(project, jonas, "Eine beleidigende Antwort.")
    mail.outbox.clear()
    remove_comment(comment, moderator, "Beleidigung eines anderen Menschen", project)
    notification = Notification.objects.get(recipient=jonas)
    assert notification.kind == Kind.MODERATION
    send_due()
    [message] = mails_to("jonas@example.org")
    assert "Moderation" in message.subject and "Sitzbänke am Spoykanal" in message.subject
    assert "Grund: Beleidigung eines anderen Menschen" in message.body
    assert not Notification.objects.filter(recipient=moderator).exists()


def test_moderation_tells_the_author_why_their_proposal_was_removed(proposal, petra, moderator):
    from ideen.moderation import remove_idea

    mail.outbox.clear()
    remove_idea(proposal, moderator=moderator, reason="Werbung für ein Geschäft")
    send_due()
    [message] = mails_to("petra@example.org")
    assert "Mehr Bänke am Wasser" in message.subject
    assert "Vorschlag" in message.subject
    assert "Grund: Werbung für ein Geschäft" in message.body


def test_a_contribution_restored_before_sending_is_not_reported_as_removed(
    proposal, petra, moderator
):
    from ideen.moderation import remove_idea, restore_idea

    mail.outbox.clear()
    remove_idea(proposal, moderator=moderator, reason="Versehen")
    restore_idea(proposal, moderator=moderator)
    send_due()
    assert not mails_to("petra@example.org")
