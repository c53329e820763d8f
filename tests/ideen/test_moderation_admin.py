"""The moderation queue in the Wagtail admin: reported proposals, removal, blocking accounts."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from diskussion import services as comment_services
from ideen import moderation
from ideen.models import IdeaReport, UserBlock
from tests.factories import IdeaFactory, ProjectIndexPageFactory, ProjectPageFactory, UserFactory

pytestmark = pytest.mark.django_db

TITLE = "Werbung für Bratwurststand Zeppelin"
QUEUE = reverse("ideen_moderation:index")
BLOCKED = reverse("ideen_moderation:blocked")


@pytest.fixture
def project(home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    today = timezone.localdate()
    return ProjectPageFactory(
        parent=index,
        title="Radwege",
        participation_start=today - timedelta(days=3),
        participation_end=today + timedelta(days=30),
    )


@pytest.fixture
def reader(groups):
    return UserFactory(display_name="Lea K.")


@pytest.fixture
def proposal(project, citizen, category, reader):
    idea = IdeaFactory(space=project, author=citizen, category=category, title=TITLE)
    moderation.report_idea(idea, user=reader, reason="Reine Werbung")
    return idea


@pytest.fixture
def admin_without_moderation(groups):
    """Has Wagtail access (e.g. a reviewer) but is neither moderator nor editor."""
    group = Group.objects.create(name="Nur Admin-Zugang")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory()
    user.groups.add(group)
    return user


def _moderator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Moderation"))
    return user


def idea_url(idea):
    return reverse("ideen_moderation:idea", args=[idea.pk])


def block_url(user):
    return reverse("ideen_moderation:block", args=[user.pk])


class TestAccess:
    @pytest.mark.parametrize("role", ["moderator", "editor", "superuser"])
    def test_moderators_editors_and_superusers_reach_every_page(
        self, client, request, role, proposal
    ):
        user = (
            UserFactory(is_superuser=True) if role == "superuser" else request.getfixturevalue(role)
        )
        client.force_login(user)
        for url in (QUEUE, idea_url(proposal), BLOCKED, block_url(proposal.author)):
            assert client.get(url).status_code == 200, url

    def test_others_with_admin_access_are_refused_and_change_nothing(
        self, client, admin_without_moderation, proposal
    ):
        client.force_login(admin_without_moderation)
        for url in (QUEUE, idea_url(proposal), BLOCKED, block_url(proposal.author)):
            # Wagtail turns the 403 into its usual redirect with "no permission" message.
            response = client.get(url, follow=True)
            html = response.content.decode()
            assert response.redirect_chain[0][1] == 302, url
            assert "Sie haben leider keinen Zugang zu diesem Bereich." in html, url
            assert TITLE not in html, url
        client.post(idea_url(proposal), {"action": "remove", "removal_reason": "Werbung"})
        client.post(block_url(proposal.author), {"reason": "Spam"})
        proposal.refresh_from_db()
        proposal.author.refresh_from_db()
        assert not proposal.is_removed
        assert proposal.author.is_active

    @pytest.mark.parametrize("role", ["citizen", "staff_user"])
    def test_citizens_and_staff_do_not_get_in(self, client, request, role, proposal):
        client.force_login(request.getfixturevalue(role))
        for url in (QUEUE, idea_url(proposal), BLOCKED):
            assert client.get(url).status_code in (302, 403), url
        client.post(idea_url(proposal), {"action": "remove", "removal_reason": "Werbung"})
        proposal.refresh_from_db()
        assert not proposal.is_removed

    def test_the_moderation_menu_lists_the_queue_comments_and_blocked_accounts(
        self, client, moderator
    ):
        client.force_login(moderator)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert QUEUE in html
        assert BLOCKED in html
        assert reverse("moderatedcomment:index") in html

    def test_the_menu_is_hidden_from_others(self, client, admin_without_moderation):
        client.force_login(admin_without_moderation)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert QUEUE not in html
        assert reverse("moderatedcomment:index") not in html


class TestQueue:
    def test_reported_proposals_are_listed_with_their_count(self, client, moderator, proposal):
        other = IdeaFactory(space=proposal.space, category=proposal.category, title="Harmlos")
        client.force_login(moderator)
        html = client.get(QUEUE).content.decode()
        assert TITLE in html
        assert idea_url(proposal) in html
        assert "Harmlos" not in html
        assert idea_url(other) not in html

    def test_the_queue_links_to_the_reported_comments(self, client, moderator, proposal, reader):
        comment_services.add_comment(proposal, proposal.author, "Kauft Wurst!")
        client.force_login(moderator)
        html = client.get(QUEUE).content.decode()
        assert reverse("moderatedcomment:index") + "?flagged=offen" in html

    def test_a_comment_kept_by_moderation_no_longer_waits(self, client, moderator, proposal):
        """The count and the linked list show reports nobody decided on, not every report."""
        from django_comments.models import CommentFlag

        comment = comment_services.add_comment(proposal, proposal.author, "Kauft Wurst!")
        CommentFlag.objects.create(
            comment=comment, user=UserFactory(), flag=CommentFlag.SUGGEST_REMOVAL
        )
        waiting = reverse("moderatedcomment:index") + "?flagged=offen"
        client.force_login(moderator)
        assert (
            "1 gemeldeter Kommentar wartet auf eine Entscheidung"
            in client.get(QUEUE).content.decode()
        )
        assert "Kauft Wurst!" in client.get(waiting).content.decode()

        comment_services.restore_comment(comment, proposal)  # "keep visible"

        assert "0 gemeldete Kommentare warten" in client.get(QUEUE).content.decode()
        assert "Kauft Wurst!" not in client.get(waiting).content.decode()

    def test_the_idea_page_shows_the_reports_with_their_reasons(self, client, moderator, proposal):
        client.force_login(moderator)
        html = client.get(idea_url(proposal)).content.decode()
        assert "Reine Werbung" in html
        assert "1 Meldung" in html
        assert block_url(proposal.author) in html

    def test_removing_needs_a_public_reason(self, client, moderator, proposal):
        client.force_login(moderator)
        response = client.post(idea_url(proposal), {"action": "remove", "removal_reason": " "})
        assert response.status_code == 400
        assert "Bitte geben Sie die öffentliche Begründung der Entfernung an." in (
            response.content.decode()
        )
        proposal.refresh_from_db()
        assert not proposal.is_removed

    def test_remove_then_restore(self, client, moderator, proposal):
        client.force_login(moderator)
        client.post(idea_url(proposal), {"action": "remove", "removal_reason": "Werbung"})
        proposal.refresh_from_db()
        assert (proposal.removal_reason, proposal.removed_by) == ("Werbung", moderator)
        assert TITLE not in client.get(QUEUE).content.decode()  # reports are handled
        assert TITLE in client.get(QUEUE, {"zeigen": "entfernt"}).content.decode()
        public = client.get(proposal.get_absolute_url()).content.decode()
        assert "Von der Moderation entfernt: Werbung" in public

        client.post(idea_url(proposal), {"action": "restore"})
        proposal.refresh_from_db()
        assert not proposal.is_removed
        assert TITLE in client.get(proposal.get_absolute_url()).content.decode()

    def test_keeping_closes_the_reports(self, client, moderator, proposal):
        client.force_login(moderator)
        client.post(idea_url(proposal), {"action": "dismiss"})
        proposal.refresh_from_db()
        assert not proposal.is_removed
        assert not IdeaReport.objects.unhandled().exists()
        assert "Es gibt keine offenen Meldungen." in client.get(QUEUE).content.decode()


class TestBlocking:
    def test_blocking_records_who_when_why_and_emails_the_person(
        self, client, moderator, proposal, mailoutbox, django_capture_on_commit_callbacks
    ):
        author = proposal.author
        client.force_login(moderator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(block_url(author), {"reason": "Wiederholt Werbung."})
        assert response.status_code == 302
        author.refresh_from_db()
        assert not author.is_active
        block = UserBlock.objects.get()
        assert (block.user, block.blocked_by, block.reason) == (
            author,
            moderator,
            "Wiederholt Werbung.",
        )
        assert block.unblocked_at is None
        assert len(mailoutbox) == 1
        assert mailoutbox[0].to == [author.email]
        assert "Wiederholt Werbung." in mailoutbox[0].body
        assert "widersprechen" in mailoutbox[0].body
        html = client.get(BLOCKED).content.decode()
        assert "Wiederholt Werbung." in html
        assert author.email in html

    def test_a_block_needs_a_reason(self, client, moderator, proposal):
        client.force_login(moderator)
        response = client.post(block_url(proposal.author), {"reason": ""})
        assert response.status_code == 400
        assert "Bitte geben Sie den Grund für die Sperre an." in response.content.decode()
        proposal.author.refresh_from_db()
        assert proposal.author.is_active

    def test_a_blocked_person_is_logged_out_and_cannot_log_in_or_take_part(
        self, client, moderator, proposal, reader
    ):
        client.force_login(reader)
        moderation.block_user(reader, moderator=moderator, reason="Beleidigungen")
        # The open session no longer counts: the next request is anonymous.
        response = client.post(reverse("ideen:support", args=[proposal.pk]))
        assert not response.wsgi_request.user.is_authenticated
        proposal.refresh_from_db()
        assert proposal.support_count == 0

        client.logout()
        reader.set_password("geheim-und-lang-123")
        reader.save()
        response = client.post(
            reverse("account_login"),
            {"login": reader.email, "password": "geheim-und-lang-123"},
            follow=True,
        )
        html = response.content.decode()
        assert "_auth_user_id" not in client.session
        assert "Dieses Konto ist gesperrt." in html
        assert "Widerspruch gegen die Sperre" in html
        assert "mailto:beteiligung@kleve.de" in html

    def test_unblocking_lets_the_person_back_in_and_keeps_the_record(
        self, client, moderator, proposal
    ):
        author = proposal.author
        moderation.block_user(author, moderator=moderator, reason="Spam")
        client.force_login(moderator)
        client.post(BLOCKED, {"user": author.pk})
        author.refresh_from_db()
        assert author.is_active
        block = UserBlock.objects.get()
        assert block.unblocked_by == moderator
        assert block.unblocked_at is not None
        assert "Aufgehobene Sperren" in client.get(BLOCKED).content.decode()
        # Blocked again later: a second record.
        moderation.block_user(author, moderator=moderator, reason="Wieder Spam")
        assert UserBlock.objects.count() == 2

    @pytest.mark.parametrize("target", ["self", "superuser", "editor", "other_moderator"])
    def test_the_team_cannot_be_blocked_here(self, client, request, moderator, target):
        account = {
            "self": lambda: moderator,
            "superuser": lambda: UserFactory(is_superuser=True),
            "editor": lambda: request.getfixturevalue("editor"),
            "other_moderator": lambda: request.getfixturevalue("staff_user") and _moderator(),
        }[target]()
        client.force_login(moderator)
        assert 'name="reason"' not in client.get(block_url(account)).content.decode()
        client.post(block_url(account), {"reason": "Test"})
        account.refresh_from_db()
        assert account.is_active
        assert not UserBlock.objects.exists()

    def test_the_comment_moderation_page_offers_to_block_the_author(
        self, client, moderator, proposal, reader
    ):
        comment = comment_services.add_comment(proposal, reader, "Blöder Kommentar")
        client.force_login(moderator)
        html = client.get(reverse("moderatedcomment:edit", args=[comment.pk])).content.decode()
        assert block_url(reader) in html
        assert "Konto der Person sperren" in html


@pytest.mark.parametrize("show", ["gemeldet", "entfernt"])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, moderator, proposal, reader, show, django_assert_max_num_queries
):
    client.force_login(moderator)

    def fill(n):
        for i in range(n):
            idea = IdeaFactory(
                space=proposal.space, category=proposal.category, author=UserFactory()
            )
            moderation.report_idea(idea, user=reader, reason=f"Grund {i}")
            if show == "entfernt":
                moderation.remove_idea(idea, moderator=moderator, reason="Werbung")

    # The first request after a change reads the memoised roles and navigation again (how
    # many of them depends on what the change touched); the queue itself is measured after it.
    fill(1)
    client.get(QUEUE, {"zeigen": show})
    with django_assert_max_num_queries(30) as few:
        client.get(QUEUE, {"zeigen": show})
    expected = len(few.captured_queries)  # the log is emptied by the next request
    fill(20)
    client.get(QUEUE, {"zeigen": show})
    with django_assert_max_num_queries(expected) as many:
        assert client.get(QUEUE, {"zeigen": show}).status_code == 200
    assert len(many.captured_queries) == expected
