"""Moderation of proposals: reporting, the removed page, the rules, and the services."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diskussion import services as comment_services
from ideen import moderation, rules
from ideen.models import IdeaReport
from ideen.services import ActionNotAllowed
from tests.factories import IdeaFactory, ProjectIndexPageFactory, ProjectPageFactory, UserFactory

pytestmark = pytest.mark.django_db

TITLE = "Werbung für Bratwurststand Zeppelin"
TEXT = "Kommen Sie alle zum Bratwurststand!"


@pytest.fixture
def project(home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    today = timezone.localdate()
    return ProjectPageFactory(
        parent=index,
        title="Radwege",
        slug="radwege",
        participation_start=today - timedelta(days=3),
        participation_end=today + timedelta(days=30),
    )


@pytest.fixture
def proposal(project, citizen, category):
    return IdeaFactory(
        space=project, author=citizen, category=category, title=TITLE, description=TEXT
    )


@pytest.fixture
def reader(groups):
    return UserFactory(display_name="Lea K.")


def report_url(idea):
    return reverse("ideen:report", args=[idea.pk])


class TestReporting:
    def test_the_idea_page_links_to_the_report_page_for_other_readers(
        self, client, proposal, reader
    ):
        client.force_login(reader)
        html = client.get(proposal.get_absolute_url()).content.decode()
        assert report_url(proposal) in html
        assert "Diesen Beitrag der Moderation melden" in html

    @pytest.mark.parametrize("who", ["anonymous", "author"])
    def test_no_report_link_for_anonymous_readers_and_the_author(self, client, proposal, who):
        if who == "author":
            client.force_login(proposal.author)
        assert report_url(proposal) not in client.get(proposal.get_absolute_url()).content.decode()

    def test_the_confirmation_page_explains_and_asks(self, client, proposal, reader):
        client.force_login(reader)
        response = client.get(report_url(proposal))
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h1>Beitrag melden</h1>" in html
        assert TITLE in html
        # The page title says what is reported: one title per reported proposal.
        assert f"<title>„{TITLE}“ melden – " in html
        assert 'name="reason"' in html
        # The label says "(freiwillig)"; the hint does not repeat it.
        assert "Freiwillig." not in html
        assert "Als unangemessen melden" in html
        assert not IdeaReport.objects.exists()

    def test_reporting_stores_one_report_with_the_reason(self, client, proposal, reader):
        client.force_login(reader)
        response = client.post(
            report_url(proposal), {"reason": "Werbung <b>für</b> Wurst"}, follow=True
        )
        assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
        assert "Die Moderation prüft den Beitrag." in response.content.decode()
        report = IdeaReport.objects.get()
        assert (report.idea, report.user, report.reason) == (proposal, reader, "Werbung für Wurst")

        client.post(report_url(proposal), {"reason": "noch einmal"})
        assert IdeaReport.objects.count() == 1
        assert "bereits gemeldet" in client.get(report_url(proposal)).content.decode()

    def test_the_reason_is_optional(self, client, proposal, reader):
        client.force_login(reader)
        client.post(report_url(proposal), {})
        assert IdeaReport.objects.get().reason == ""

    def test_a_too_long_reason_is_explained_and_kept(self, client, proposal, reader):
        client.force_login(reader)
        reason = "x" * 501
        response = client.post(report_url(proposal), {"reason": reason})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="error-summary"' in html
        assert 'href="#id_reason"' in html
        assert reason in html
        assert not IdeaReport.objects.exists()

    def test_anonymous_readers_are_asked_to_log_in(self, client, proposal):
        response = client.get(report_url(proposal))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]

    def test_the_author_cannot_report_their_own_proposal(self, client, proposal):
        client.force_login(proposal.author)
        assert client.post(report_url(proposal)).status_code == 403
        assert not IdeaReport.objects.exists()

    def test_citizens_cannot_report_internal_ideas(self, client, idea, reader):
        client.force_login(reader)
        assert client.post(report_url(idea)).status_code == 403
        assert not IdeaReport.objects.exists()

    def test_a_removed_proposal_cannot_be_reported(self, client, proposal, reader, moderator):
        moderation.remove_idea(proposal, moderator=moderator, reason="Werbung")
        client.force_login(reader)
        assert client.post(report_url(proposal)).status_code == 403


class TestRemovedPage:
    @pytest.fixture
    def removed(self, proposal, moderator, reader):
        comment_services.add_comment(proposal, reader, "Das ist doch Werbung.")
        return moderation.remove_idea(proposal, moderator=moderator, reason="Werbung")

    @pytest.mark.parametrize("who", ["anonymous", "reader", "author"])
    def test_only_the_reason_and_the_comments_are_shown(self, client, removed, reader, who):
        if who == "reader":
            client.force_login(reader)
        elif who == "author":
            client.force_login(removed.author)
        response = client.get(removed.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "Von der Moderation entfernt: Werbung" in html
        assert TITLE not in html
        assert TEXT not in html
        assert "Das ist doch Werbung." in html  # the discussion stays
        for url_name in ("support", "follow", "edit", "withdraw", "report"):
            assert reverse(f"ideen:{url_name}", args=[removed.pk]) not in html, url_name
        assert 'name="comment"' not in html

    def test_the_author_can_neither_edit_nor_withdraw(self, client, removed):
        client.force_login(removed.author)
        client.post(
            reverse("ideen:edit", args=[removed.pk]), {"title": "Neu", "description": "Neu"}
        )
        client.post(reverse("ideen:withdraw", args=[removed.pk]))
        removed.refresh_from_db()
        assert removed.title == TITLE
        assert removed.status == "eingereicht"

    def test_supporting_a_removed_proposal_is_refused(self, client, removed, reader):
        client.force_login(reader)
        client.post(reverse("ideen:support", args=[removed.pk]))
        removed.refresh_from_db()
        assert removed.support_count == 0


class TestRules:
    def test_a_removed_idea_cannot_be_supported_edited_followed_or_commented(
        self, proposal, moderator, reader
    ):
        author = proposal.author
        assert rules.can_edit(author, proposal)
        assert rules.can_comment(reader, proposal)
        moderation.remove_idea(proposal, moderator=moderator, reason="Werbung")
        for user in (author, reader):
            assert not rules.can_edit(user, proposal)
            assert not rules.can_withdraw(user, proposal)
            assert not rules.can_support(user, proposal)
            assert not rules.can_follow(user, proposal)
            assert not rules.can_comment(user, proposal)
            assert not rules.can_report(user, proposal)
        assert rules.can_view_idea(reader, proposal)

    @pytest.mark.parametrize(
        ("role", "allowed"),
        [("citizen", False), ("staff_user", False), ("moderator", True), ("editor", True)],
    )
    def test_who_may_moderate(self, request, role, allowed):
        assert rules.can_moderate(request.getfixturevalue(role)) is allowed

    def test_superusers_may_moderate_and_blocked_moderators_may_not(self, moderator):
        assert rules.can_moderate(UserFactory(is_superuser=True))
        moderator.is_active = False
        assert not rules.can_moderate(moderator)


class TestServices:
    def test_removal_needs_a_reason_and_a_moderator(self, proposal, moderator, citizen):
        with pytest.raises(ActionNotAllowed):
            moderation.remove_idea(proposal, moderator=moderator, reason="  ")
        with pytest.raises(ActionNotAllowed):
            moderation.remove_idea(proposal, moderator=citizen, reason="Werbung")
        proposal.refresh_from_db()
        assert not proposal.is_removed

    def test_removal_closes_the_reports_and_restore_undoes_it(self, proposal, moderator, reader):
        moderation.report_idea(proposal, user=reader, reason="Werbung")
        idea = moderation.remove_idea(proposal, moderator=moderator, reason="<i>Werbung</i>")
        assert (idea.removal_reason, idea.removed_by) == ("Werbung", moderator)
        assert not IdeaReport.objects.unhandled().exists()
        idea = moderation.restore_idea(idea, moderator=moderator)
        assert not idea.is_removed
        assert (idea.removal_reason, idea.removed_by) == ("", None)

    def test_dismissing_keeps_the_idea_and_closes_the_reports(self, proposal, moderator, reader):
        moderation.report_idea(proposal, user=reader)
        assert moderation.dismiss_reports(proposal, moderator=moderator) == 1
        proposal.refresh_from_db()
        assert not proposal.is_removed
        assert not IdeaReport.objects.unhandled().exists()


def test_the_author_of_a_proposal_reads_proposal_not_idea(client, proposal, citizen):
    """Vorschlag for citizens' proposals; Idee stays the word for the staff's internal ideas."""
    client.force_login(citizen)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Ihren eigenen Vorschlag können Sie nicht unterstützen." in html
    assert "Sie können Ihren Vorschlag ändern" in html
    assert "Ihre eigene Idee" not in html and "Sie können Ihre Idee ändern" not in html
