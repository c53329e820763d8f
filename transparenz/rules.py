"""Who may record decisions: named rules, tested as a matrix in tests/transparenz/test_rules.py.

Roles come from group membership, read through ``ideen.rules`` (once per request), so losing the
membership removes the right at once.
"""

from __future__ import annotations

from ideen import rules as idea_rules
from ideen.staff import WAGTAIL_EDITORS_GROUP

#: The group of people who record decisions without being Wagtail editors.
DECISION_TEAM_GROUP = "Entscheidungsteam"
DECIDER_GROUPS = frozenset({WAGTAIL_EDITORS_GROUP, DECISION_TEAM_GROUP})


def can_record_decision(user) -> bool:
    """Editors, the Entscheidungsteam and superusers record status changes and progress notes."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(idea_rules.group_names(user) & DECIDER_GROUPS)


def can_manage_notifications(user) -> bool:
    """Everybody with an account decides which e-mails they get."""
    return bool(user is not None and user.is_authenticated and user.is_active)
