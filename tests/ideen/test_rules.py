"""Permission matrix: role (anonymous, citizen, staff, author, moderator, editor) x state."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from ideen import rules
from ideen.models import Idea
from tests.factories import (
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
    move_to,
)

pytestmark = pytest.mark.django_db

S = Idea.Status
ALL_STATES = list(S)
OPEN = {S.SUBMITTED, S.UNDER_REVIEW}
ROLES = ["anonymous", "citizen", "staff", "author", "moderator", "editor"]
INSIDERS = {"staff", "author", "moderator", "editor"}


@pytest.fixture
def users(citizen, other_staff, staff_user, moderator, editor):
    return {
        "anonymous": AnonymousUser(),
        "citizen": citizen,
        "staff": other_staff,
        "author": staff_user,
        "moderator": moderator,
        "editor": editor,
    }


def expected(rule: str, role: str, state: str) -> bool:
    """The specification, written out once; the matrix below checks the code against it."""
    insider = role in INSIDERS
    if rule == "view":
        return insider
    if rule == "follow":
        return insider
    if rule == "support":
        return insider and role != "author" and state in OPEN
    if rule == "edit":
        return role == "author" and state == S.SUBMITTED
    if rule == "withdraw":
        return role == "author" and state in OPEN
    if rule == "comment":
        return insider and state != S.WITHDRAWN
    raise AssertionError(rule)


RULES = {
    "view": rules.can_view_idea,
    "follow": rules.can_follow,
    "support": rules.can_support,
    "edit": rules.can_edit,
    "withdraw": rules.can_withdraw,
    "comment": rules.can_comment,
}


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("role", ROLES)
def test_matrix(users, idea, role, state):
    move_to(idea, state)
    idea = Idea.objects.select_related("space").get(pk=idea.pk)
    user = users[role]
    actual = {name: rule(user, idea) for name, rule in RULES.items()}
    wanted = {name: expected(name, role, state) for name in RULES}
    assert actual == wanted


@pytest.mark.parametrize("role", ROLES)
def test_rule_and_queryset_agree(users, idea, role):
    user = users[role]
    assert (
        rules.can_view_idea(user, idea) == Idea.objects.visible_to(user).filter(pk=idea.pk).exists()
    )


@pytest.mark.parametrize(
    ("role", "may_view", "may_submit"),
    [
        ("anonymous", False, False),
        ("citizen", False, False),
        ("staff", True, True),
        ("author", True, True),
        ("moderator", True, True),
        ("editor", True, True),
    ],
)
def test_platform_and_submission(users, platform, role, may_view, may_submit):
    user = users[role]
    assert rules.can_view_platform(user, platform) is may_view
    assert rules.can_submit(user, platform) is may_submit


@pytest.mark.parametrize("role", ROLES)
def test_nobody_submits_while_submission_is_closed(users, platform, role):
    platform.submission_open = False
    platform.save()
    assert rules.can_submit(users[role], platform) is False


def test_superuser_is_an_insider(platform, idea):
    admin = UserFactory(is_superuser=True)
    assert rules.can_view_platform(admin)
    assert rules.can_support(admin, idea)


def test_inactive_staff_has_no_access(idea, other_staff):
    other_staff.is_active = False
    assert not rules.can_view_idea(other_staff, idea)


def test_losing_membership_removes_access_on_the_next_request(idea, staff_user):
    staff_user.groups.clear()
    fresh = type(staff_user).objects.get(pk=staff_user.pk)  # what the next request loads
    assert not rules.can_view_idea(fresh, idea)
    assert not rules.can_edit(fresh, idea)
    assert not rules.can_withdraw(fresh, idea)


def test_wagtail_moderators_count_as_moderators(groups, idea):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Moderators"))
    assert rules.is_moderator(user)
    assert rules.can_view_idea(user, idea)


def test_support_refusals_explain_the_reason(users, idea):
    assert "eigene Idee" in str(rules.support_refusal(users["author"], idea))
    rejected = IdeaFactory(space=idea.space, category=idea.category, status=S.REJECTED)
    assert "entschieden" in str(rules.support_refusal(users["staff"], rejected))
    move_to(idea, S.WITHDRAWN)
    idea.refresh_from_db()
    assert "zurückgezogen" in str(rules.support_refusal(users["staff"], idea))
    # Visitors are not asked to log in for an internal idea they may not even read.
    assert "melden Sie sich an" not in str(rules.support_refusal(users["anonymous"], idea))


def test_in_a_public_space_citizens_may_read_support_and_comment(home_page, citizen, category):
    today = timezone.localdate()
    project = ProjectPageFactory(
        parent=ProjectIndexPageFactory(parent=home_page),
        participation_start=today - datetime.timedelta(days=1),
        participation_end=today + datetime.timedelta(days=1),
    )
    idea = IdeaFactory(space=project, category=category)
    idea.space_page = project
    assert rules.can_view_idea(AnonymousUser(), idea)
    assert rules.can_view_idea(citizen, idea)
    assert rules.can_support(citizen, idea)
    assert rules.can_comment(citizen, idea)
    assert not rules.can_support(AnonymousUser(), idea)
