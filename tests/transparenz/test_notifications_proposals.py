"""The loop of a public project: a citizen hands in a proposal, another follows it, an editor
records a reasoned decision in the Wagtail admin, and both hear about it by e-mail.

E-mails about proposals speak of "Vorschlag" and name the project; internal ideas keep
"Idee". The tasks run with the test settings' backend (django-tasks' ImmediateBackend), after
the decision's transaction commits.
"""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ideen.models import Idea, IdeaFollow
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
)
from transparenz.models import NotificationPreference, StatusChange

pytestmark = pytest.mark.django_db
S = Idea.Status

REASON = "Der Rat hat zugestimmt.\n\nDie Bänke werden im Frühjahr aufgestellt."


@pytest.fixture
def open_project(home_page):
    today = timezone.localdate()
    return ProjectPageFactory(
        parent=ProjectIndexPageFactory(parent=home_page),
        title="Sitzbänke am Spoykanal",
        participation_start=today - datetime.timedelta(days=3),
        participation_end=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def author(db):
    return UserFactory(
        display_name="Radfahrerin42",
        first_name="Petra",
        last_name="Hendricks",
        email="petra.hendricks@example.org",
    )


@pytest.fixture
def follower(db):
    return UserFactory(display_name="Kanalfreund", email="follower@example.org")


def decide(client, idea, **fields):
    """Fill in the decision form, look at the preview, confirm: as an editor does."""
    data = {
        "reason": "",
        "deciding_body": "Ausschuss für Stadtentwicklung",
        "decided_on": timezone.localdate().isoformat(),
        "link": "",
        "merged_into": "",
        "expected_status": Idea.objects.get(pk=idea.pk).status,
        **fields,
    }
    url = reverse("transparenz_decide", args=[idea.pk])
    preview = client.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200, preview.content.decode()[:2000]
    return client.post(url, {**data, "action": "confirm"})


def body_url(message) -> str:
    """The one link to the proposal in an e-mail."""
    urls = re.findall(r"https?://\S+/ideen/\d+/\S*", message.body)
    assert len(urls) == 1, message.body
    return urls[0]


def test_citizen_proposal_decision_reaches_author_and_follower(
    client,
    groups,
    editor,
    open_project,
    author,
    follower,
    django_capture_on_commit_callbacks,
):
    category = CategoryFactory(name="Aufenthaltsqualität", slug="test-aufenthalt")
    # The citizen hands in a proposal.
    client.force_login(author)
    response = client.post(
        reverse("ideen:submit", args=[open_project.pk]),
        {
            "title": "Mehr Bänke am Wasser",
            "description": "Am Spoykanal fehlen Sitzplätze.",
            "category": category.pk,
            "district": "",
            "location": "Spoykanal, Höhe Hafen",
        },
    )
    assert response.status_code == 302
    proposal = Idea.objects.get()
    assert proposal.space_id == open_project.pk

    # Another citizen follows it.
    client.force_login(follower)
    assert client.post(f"/ideen/{proposal.pk}/folgen/", {"state": "1"}).status_code == 302
    assert IdeaFollow.objects.filter(idea=proposal, user=follower).exists()

    # The editor puts it under review, then adopts it with a reason.
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, proposal, to_status=S.UNDER_REVIEW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, proposal, to_status=S.ADOPTED, reason=REASON)
    assert response.status_code == 302
    assert StatusChange.objects.latest("created").to_status == S.ADOPTED

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {author.email, follower.email}

    to_author = by_recipient[author.email]
    assert (
        to_author.subject
        == "Ihr Vorschlag „Mehr Bänke am Wasser“ (Sitzbänke am Spoykanal): Angenommen"
    )
    assert "Guten Tag Radfahrerin42," in to_author.body
    assert (
        "es gibt Neuigkeiten zu Ihrem Vorschlag „Mehr Bänke am Wasser“ im Projekt "
        "„Sitzbänke am Spoykanal“." in to_author.body
    )
    assert "Sie erhalten diese E-Mail, weil Sie den Vorschlag eingereicht haben." in to_author.body

    to_follower = by_recipient[follower.email]
    assert (
        to_follower.subject
        == "Vorschlag „Mehr Bänke am Wasser“ (Sitzbänke am Spoykanal): Angenommen"
    )
    assert (
        "zum Vorschlag „Mehr Bänke am Wasser“ im Projekt „Sitzbänke am Spoykanal“, dem Sie folgen"
        in to_follower.body
    )
    assert "weil Sie dem Vorschlag folgen" in to_follower.body

    for message in (to_author, to_follower):
        # The reason in full, the deciding body, no wording of the internal platform.
        assert "Der Rat hat zugestimmt." in message.body
        assert "Die Bänke werden im Frühjahr aufgestellt." in message.body
        assert "Ausschuss für Stadtentwicklung" in message.body
        assert "Idee" not in message.body and "Idee" not in message.subject
        assert "Ideenplattform" not in message.body
        # An absolute link to the proposal, which opens for anybody, with the reason on it.
        url = body_url(message)
        assert url.startswith(f"http://testserver/ideen/{proposal.pk}/#")
        client.logout()
        page = client.get(url.removeprefix("http://testserver").split("#")[0])
        assert page.status_code == 200
        assert "Der Rat hat zugestimmt." in page.content.decode()
        client.force_login(editor)

    # The decision does not reveal the author's real name or address to the follower.
    assert "Hendricks" not in to_follower.body
    assert "petra.hendricks" not in to_follower.body


def test_the_editor_does_not_mail_themselves_and_a_follower_without_e_mails_gets_none(
    client, groups, editor, open_project, author, follower, django_capture_on_commit_callbacks
):
    proposal = IdeaFactory(space=open_project, author=author, title="Trinkbrunnen")
    IdeaFollow.objects.create(idea=proposal, user=follower)
    IdeaFollow.objects.create(idea=proposal, user=editor)
    NotificationPreference.objects.update_or_create(
        user=follower, defaults={"status_emails": False}
    )
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, proposal, to_status=S.UNDER_REVIEW)
    assert [m.to for m in mail.outbox] == [[author.email]]
    assert mail.outbox[0].subject.startswith(
        "Ihr Vorschlag „Trinkbrunnen“ (Sitzbänke am Spoykanal)"
    )


def test_internal_ideas_keep_their_wording(
    client, platform, editor, staff_user, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(space=platform, author=staff_user, title="Termine online buchen")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, idea, to_status=S.UNDER_REVIEW)
    (message,) = mail.outbox
    assert message.subject == "Neuer Stand zu „Termine online buchen“: In Prüfung"
    assert "es gibt Neuigkeiten zu Ihrer Idee „Termine online buchen“." in message.body
    assert "weil Sie die Idee eingereicht haben" in message.body
    assert "Vorschlag" not in message.body and "Projekt" not in message.body
    assert body_url(message).startswith(f"http://testserver/ideen/{idea.pk}/#")


def test_a_correction_of_a_proposal_decision_says_so(
    client, groups, editor, open_project, author, django_capture_on_commit_callbacks
):
    proposal = IdeaFactory(space=open_project, author=author, title="Mehr Licht")
    client.force_login(editor)
    decide(client, proposal, to_status=S.UNDER_REVIEW)
    decide(client, proposal, to_status=S.REJECTED, reason="Zu teuer.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(
            client,
            proposal,
            to_status=S.ADOPTED,
            reason="Doch finanziert: Fördermittel bewilligt.",
            korrektur="1",
        )
    (message,) = mail.outbox
    assert (
        message.subject
        == "Korrektur zum Vorschlag „Mehr Licht“ (Sitzbänke am Spoykanal): Angenommen"
    )
    assert "Doch finanziert: Fördermittel bewilligt." in message.body
