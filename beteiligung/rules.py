"""Who may do what on a participation project: named rules, tested as a matrix of roles and
phases (before, during and after the participation period) in tests/beteiligung/test_rules.py.

Reading needs no account. Taking part needs an active account (blocked users are inactive), a
live public project, the participation period, and the kind of participation the project offers.
The rules for single proposals (support, edit, withdraw) live in ``ideen.rules``; they ask the
project through the space protocol (``accepts_supports`` and friends) defined on ``ProjectPage``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ideen import rules as idea_rules


def can_read_project(user, project) -> bool:
    """Everybody may read a live project page without view restrictions."""
    return idea_rules.can_view_space(user, project)


def participation_refusal(user, project, kind: str) -> str | None:
    """Why the user may not take part in this way ('comments', 'proposals' or 'supports') now.

    None when they may. The same text replaces the form on the page and refuses a POST.
    """
    if not can_read_project(user, project):
        return str(_("This project cannot be found."))
    notice = project.notice_for(kind)
    if notice:
        return notice
    if not (user is not None and user.is_authenticated):
        return str(_("Please log in or register to take part."))
    if not user.is_active:
        return str(_("Your account is blocked, so you cannot take part."))
    return None


def can_comment_on_project(user, project) -> bool:
    """May write comments on the project itself."""
    return participation_refusal(user, project, "comments") is None


def can_propose(user, project) -> bool:
    """May hand in a proposal to the project."""
    return participation_refusal(user, project, "proposals") is None


def can_support_proposals(user, project) -> bool:
    """May support proposals on the project (the proposal's own state is checked by
    ``ideen.rules.support_refusal``)."""
    return participation_refusal(user, project, "supports") is None
