"""Permission matrix for participation projects: role x phase x what the project offers.

Roles: anonymous, citizen, staff, moderator, editor, and blocked (an inactive account).
Phases: before, during and after the participation period, and completed (the outcome is
published; this closes participation even if the period would still run).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction

from beteiligung import rules
from ideen import rules as idea_rules
from ideen.models import Idea
from tests.conftest import member_of
from tests.factories import (
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StaffUserFactory,
    UserFactory,
    days,
    move_to,
)

pytestmark = pytest.mark.django_db


#: (participation_start, participation_end, completed_on) per phase.
PHASES = {
    "before": (days(10), days(40), None),
    "during": (days(-5), days(20), None),
    "after": (days(-60), days(-10), None),
    "completed": (days(-60), days(20), days(-1)),
}

ROLES = ["anonymous", "citizen", "staff", "moderator", "editor", "blocked"]

#: Who may take part (comment, propose, support), written out per phase.
#:              anonymous citizen staff  moderator editor blocked
TAKE_PART = {
    "before": (False, False, False, False, False, False),
    "during": (False, True, True, True, True, False),
    "after": (False, False, False, False, False, False),
    "completed": (False, False, False, False, False, False),
}

TAKING_PART_RULES = {
    "comments": rules.can_comment_on_project,
    "proposals": rules.can_propose,
    "supports": rules.can_support_proposals,
}


@pytest.fixture
def users(groups):
    blocked = UserFactory(display_name="Gesperrt")
    blocked.is_active = False
    blocked.save()
    return {
        "anonymous": AnonymousUser(),
        "citizen": UserFactory(display_name="Bürgerin"),
        "staff": StaffUserFactory(),
        "moderator": member_of("Moderation", display_name="Moderation"),
        "editor": member_of("Editors", display_name="Redaktion"),
        "blocked": blocked,
    }


@pytest.fixture
def make_project(home_page):
    index = ProjectIndexPageFactory(parent=home_page)

    def make(phase: str, **fields):
        start, end, completed_on = PHASES[phase]
        defaults = {
            "participation_start": start,
            "participation_end": end,
            "completed_on": completed_on,
            "outcome": "<p>Ergebnis</p>" if completed_on else "",
        }
        return ProjectPageFactory(parent=index, **{**defaults, **fields})

    return make


@pytest.fixture
def proposal_in(make_project):
    """A proposal by another citizen in a project of the given phase."""

    def make(phase: str, **project_fields) -> Idea:
        project = make_project(phase, **project_fields)
        idea = IdeaFactory(space=project, author=UserFactory(display_name="Antragstellerin"))
        return Idea.objects.select_related("space").get(pk=idea.pk)

    return make


# Reading


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_everybody_reads_a_live_public_project_in_every_phase(users, make_project, role, phase):
    assert rules.can_read_project(users[role], make_project(phase)) is True


@pytest.mark.parametrize("role", ROLES)
def test_nobody_reads_an_unpublished_or_restricted_project(users, make_project, role):
    draft = make_project("during", live=False)
    restricted = make_project("during")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    assert rules.can_read_project(users[role], draft) is False
    assert rules.can_read_project(users[role], restricted) is False
    assert rules.can_propose(users[role], restricted) is False


# Taking part: role x phase x kind


@pytest.mark.parametrize("kind", TAKING_PART_RULES)
@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_taking_part_matrix(users, make_project, role, phase, kind):
    project = make_project(phase)
    wanted = TAKE_PART[phase][ROLES.index(role)]
    assert TAKING_PART_RULES[kind](users[role], project) is wanted
    assert (rules.participation_refusal(users[role], project, kind) is None) is wanted


@pytest.mark.parametrize("switched_off", TAKING_PART_RULES)
def test_each_offer_switches_off_only_its_own_kind(users, make_project, switched_off):
    project = make_project("during", **{f"offers_{switched_off}": False})
    for kind, rule in TAKING_PART_RULES.items():
        assert rule(users["citizen"], project) is (kind != switched_off), kind


# The refusal names the reason (it replaces the form and refuses a POST)


@pytest.mark.parametrize(
    ("role", "phase", "kind", "reason"),
    [
        ("citizen", "before", "comments", "Participation opens on"),
        ("anonymous", "before", "proposals", "Participation opens on"),
        ("citizen", "after", "supports", "Participation ended on"),
        ("blocked", "after", "comments", "Participation ended on"),
        ("citizen", "completed", "proposals", "Participation ended on"),
        ("anonymous", "during", "comments", "Please log in or register"),
        ("blocked", "during", "proposals", "Your account is blocked"),
    ],
)
def test_refusal_names_the_reason(users, make_project, role, phase, kind, reason):
    project = make_project(phase)
    with translation.override("en"):
        refusal = rules.participation_refusal(users[role], project, kind)
        assert reason in refusal
        if phase != "during":
            # The page shows the same words instead of the form.
            assert refusal == project.participation_notice


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("comments", "does not collect comments"),
        ("proposals", "does not collect proposals"),
        ("supports", "cannot be supported"),
    ],
)
@pytest.mark.parametrize("phase", PHASES)
def test_a_kind_not_offered_is_refused_with_that_reason_in_every_phase(
    users, make_project, kind, reason, phase
):
    project = make_project(phase, **{f"offers_{kind}": False})
    with translation.override("en"):
        assert reason in rules.participation_refusal(users["citizen"], project, kind)


def test_a_project_without_a_period_takes_no_part(users, make_project):
    project = make_project("during", participation_start=None, participation_end=None)
    for rule in TAKING_PART_RULES.values():
        assert rule(users["citizen"], project) is False
    with translation.override("en"):
        assert "no online participation" in rules.participation_refusal(
            users["citizen"], project, "comments"
        )


def test_the_first_and_the_last_day_of_the_period_count(users, make_project):
    today = timezone.localdate()
    starts_today = make_project("during", participation_start=today, participation_end=days(3))
    ends_today = make_project("during", participation_start=days(-3), participation_end=today)
    assert rules.can_propose(users["citizen"], starts_today)
    assert rules.can_propose(users["citizen"], ends_today)


# The per-proposal rules of ideen agree with the project's phase


#: (submit, support, comment) for a proposal by someone else, per phase, for a participant.
PROPOSAL_RULES = {
    "submit": lambda user, idea: idea_rules.can_submit(user, idea.space_page),
    "support": idea_rules.can_support,
    "comment": idea_rules.can_comment,
}


@pytest.mark.parametrize("rule", PROPOSAL_RULES)
@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_proposal_rules_follow_the_phase(users, proposal_in, role, phase, rule):
    idea = proposal_in(phase)
    wanted = TAKE_PART[phase][ROLES.index(role)]
    assert PROPOSAL_RULES[rule](users[role], idea) is wanted
    # Reading and following do not depend on the phase (followers hear about the decision).
    assert idea_rules.can_view_idea(users[role], idea) is True
    assert idea_rules.can_follow(users[role], idea) is (role not in ("anonymous", "blocked"))


@pytest.mark.parametrize("switched_off", ["proposals", "supports", "comments"])
def test_proposal_rules_follow_the_offers(users, proposal_in, switched_off):
    idea = proposal_in("during", **{f"offers_{switched_off}": False})
    citizen = users["citizen"]
    assert idea_rules.can_submit(citizen, idea.space_page) is (switched_off != "proposals")
    assert idea_rules.can_support(citizen, idea) is (switched_off != "supports")
    assert idea_rules.can_comment(citizen, idea) is (switched_off != "comments")


def test_a_decided_proposal_is_discussed_but_no_longer_supported(users, proposal_in):
    idea = proposal_in("during")
    move_to(idea, Idea.Status.ADOPTED)
    idea.refresh_from_db()
    assert not idea_rules.can_support(users["citizen"], idea)
    assert idea_rules.can_comment(users["citizen"], idea)


def test_authors_do_not_support_their_own_proposal(proposal_in):
    idea = proposal_in("during")
    assert not idea_rules.can_support(idea.author, idea)
    assert idea_rules.can_comment(idea.author, idea)


@pytest.mark.parametrize("phase", ["before", "after", "completed"])
def test_support_refusal_outside_the_period_is_the_projects_notice(users, proposal_in, phase):
    idea = proposal_in(phase)
    with translation.override("en"):
        refusal = str(idea_rules.support_refusal(users["citizen"], idea))
        assert refusal == idea.space_page.participation_notice
