"""Who may record decisions: a matrix of roles."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import UserFactory
from transparenz import rules

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("staff_user", False),
        ("moderator", False),
        ("editor", True),
        ("decider", True),
        ("superuser", True),
        ("inactive_editor", False),
    ],
)
def test_can_record_decision(request, groups, role, allowed):
    if role == "anonymous":
        user = AnonymousUser()
    elif role == "superuser":
        user = UserFactory(is_superuser=True)
    elif role == "inactive_editor":
        user = request.getfixturevalue("editor")
        user.is_active = False
    else:
        user = request.getfixturevalue(role)
    assert rules.can_record_decision(user) is allowed


def test_losing_the_group_removes_the_right_at_once(decider, client, idea):
    from ideen.staff import forget_cached_groups

    assert rules.can_record_decision(decider)
    decider.groups.clear()
    forget_cached_groups(decider)
    assert not rules.can_record_decision(decider)
