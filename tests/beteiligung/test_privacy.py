"""Public proposals never reveal e-mail addresses or real names unless the user chose so.

A citizen with a real name and an e-mail address on the account, and the display name
"Radfahrerin42", hands in a proposal and comments; an editor decides on the proposal. Every
public page, export and the followers' e-mail shows the display name at most, never the real
name, the user name (allauth makes it from the e-mail address) or the address.
"""

import pytest
from django.core import mail
from django.urls import reverse

from ideen.models import Idea, IdeaFollow
from tests.diskussion.conftest import post_data
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    UserFactory,
)
from transparenz.models import DecisionIndexPage, StatisticsPage
from transparenz.services import record_status_change

pytestmark = pytest.mark.django_db

SECRETS = ("Petra", "Hendricks", "petra.hendricks", "example.org", "petra.hendricks@example.org")


@pytest.fixture
def project(make_project):
    return make_project("laeuft", title="Sitzbänke am Spoykanal")


@pytest.fixture
def petra(db):
    return UserFactory(
        username="petra.hendricks",
        first_name="Petra",
        last_name="Hendricks",
        email="petra.hendricks@example.org",
        display_name="Radfahrerin42",
    )


@pytest.fixture
def public_pages(home_page):
    decisions = DecisionIndexPage(title="Entscheidungen", slug="entscheidungen")
    home_page.add_child(instance=decisions)
    statistics = StatisticsPage(title="Zahlen", slug="zahlen")
    home_page.add_child(instance=statistics)
    return decisions, statistics


@pytest.fixture
def participation(
    client, groups, editor, project, petra, public_pages, django_capture_on_commit_callbacks
):
    """Petra hands in a proposal and comments on it and on the project; a neighbour follows
    the proposal; an editor adopts it with a reason."""
    category = CategoryFactory(name="Aufenthaltsqualität", slug="test-aufenthalt")
    client.force_login(petra)
    response = client.post(
        reverse("ideen:submit", args=[project.pk]),
        {
            "title": "Mehr Bänke am Wasser",
            "description": "Am Spoykanal fehlen Sitzplätze.",
            "category": category.pk,
            "district": "",
            "location": "Spoykanal",
        },
    )
    assert response.status_code == 302
    proposal = Idea.objects.get()
    for target, text in ((proposal, "Gerne auch mit Lehne."), (project, "Schönes Projekt!")):
        assert client.post("/kommentare/post/", post_data(target, text)).status_code == 302
    client.logout()

    neighbour = UserFactory(display_name="Kanalfreund")
    IdeaFollow.objects.create(idea=proposal, user=neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        record_status_change(proposal, to_status=Idea.Status.UNDER_REVIEW, recorded_by=editor)
        record_status_change(
            proposal,
            to_status=Idea.Status.ADOPTED,
            recorded_by=editor,
            reason="Wird umgesetzt.",
            deciding_body="Ausschuss",
        )
    return proposal, neighbour


def assert_private(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} shown on {where}"


def test_public_pages_and_exports_show_only_the_display_name(
    client, participation, project, public_pages, home_page
):
    proposal, _neighbour = participation
    decisions, statistics = public_pages
    shows_name = {
        "the project page (card and thread)": project.url,
        "the proposal page (author and thread)": proposal.get_absolute_url(),
    }
    others = {
        "the project index": project.get_parent().url,
        "the home page": home_page.url,
        "the decisions overview": decisions.url,
        "the statistics page": statistics.url,
        "the Atom feed": reverse("transparenz:feed"),
        "the ideas as CSV": reverse("transparenz:opendata_csv", args=["ideen"]),
        "the ideas as JSON": reverse("transparenz:opendata_json", args=["ideen"]),
        "the decisions as CSV": reverse("transparenz:opendata_csv", args=["statusaenderungen"]),
        "the decisions as JSON": reverse("transparenz:opendata_json", args=["statusaenderungen"]),
        "the site search": f"{reverse('search')}?q=Bänke",
    }
    for where, url in {**shows_name, **others}.items():
        response = client.get(url)
        assert response.status_code == 200, where
        text = response.getvalue().decode()
        assert_private(text, where)
        if where in shows_name:
            assert "Radfahrerin42" in text, where
    # Sanity: the pages do show the proposal.
    assert "Mehr Bänke am Wasser" in client.get(decisions.url).content.decode()
    assert "Mehr Bänke am Wasser" in client.get(reverse("transparenz:feed")).content.decode()


def test_another_citizen_sees_no_more_than_anonymous_readers(client, participation, project):
    proposal, neighbour = participation
    client.force_login(neighbour)
    for url in (project.url, proposal.get_absolute_url()):
        text = client.get(url).content.decode()
        assert_private(text, url)
        assert "Radfahrerin42" in text


def test_the_followers_e_mail_names_nobody(participation, petra):
    _proposal, neighbour = participation
    to_neighbour = [m for m in mail.outbox if m.to == [neighbour.email]]
    assert len(to_neighbour) == 2  # under review, adopted
    for message in to_neighbour:
        assert_private(message.subject + message.body, "the follower's e-mail")
        assert "Radfahrerin42" not in message.body


def test_stored_comments_carry_the_display_name_not_the_real_name(participation):
    from django_comments_xtd.models import XtdComment

    names = set(XtdComment.objects.values_list("user_name", flat=True))
    assert names == {"Radfahrerin42"}


def test_without_a_display_name_a_neutral_label_is_shown(client, project):
    anonymous_author = UserFactory(
        username="max.muster", first_name="Max", last_name="Muster", display_name=""
    )
    proposal = IdeaFactory(space=project, author=anonymous_author, title="Trinkbrunnen")
    for url in (project.url, proposal.get_absolute_url()):
        text = client.get(url).content.decode()
        assert "Trinkbrunnen" in text
        for secret in ("Max", "Muster", "max.muster"):
            assert secret not in text, url
        assert "Teilnehmer" in text or "Teilnehmende" in text
