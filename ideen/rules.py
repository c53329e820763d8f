"""Who may do what with ideas: named rules, tested as a matrix in tests/ideen/test_rules.py.

Roles come from group membership, read from the database once per content generation
(``home.pagecache.memoize``: any write to a membership or a group starts a new one) and kept on
the user object of the request, so losing membership removes access at once.

Roles: anonymous, citizen (logged in, no group), staff ("Mitarbeitende"), moderator
("Moderation" or Wagtail's "Moderators"), editor (Wagtail's "Editors" or a superuser), and
author (whoever handed in the idea).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from home import pagecache

from .models import Idea, is_internal_space
from .staff import MODERATION_GROUP, STAFF_GROUP, WAGTAIL_EDITORS_GROUP, WAGTAIL_MODERATORS_GROUP

MODERATOR_GROUPS = frozenset({MODERATION_GROUP, WAGTAIL_MODERATORS_GROUP})
EDITOR_GROUPS = frozenset({WAGTAIL_EDITORS_GROUP})
INTERNAL_GROUPS = frozenset({STAFF_GROUP}) | MODERATOR_GROUPS | EDITOR_GROUPS


def _is_active_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def group_names(user) -> frozenset[str]:
    """The names of the user's groups, read once per content generation and user object."""
    if not _is_active_user(user):
        return frozenset()
    cached = user.__dict__.get("_ideen_group_names")
    if cached is None:
        cached = pagecache.memoize(
            f"group_names:{user.pk}",
            lambda: frozenset(user.groups.values_list("name", flat=True)),
        )
        user.__dict__["_ideen_group_names"] = cached
    return cached


def is_staff_member(user) -> bool:
    """Member of "Mitarbeitende"."""
    return STAFF_GROUP in group_names(user)


def is_moderator(user) -> bool:
    """Moderates contributions (our "Moderation" or Wagtail's "Moderators"), or a superuser."""
    return _is_active_user(user) and (
        user.is_superuser or bool(group_names(user) & MODERATOR_GROUPS)
    )


def is_editor(user) -> bool:
    """Edits the site in Wagtail ("Editors"), or a superuser."""
    return _is_active_user(user) and (user.is_superuser or bool(group_names(user) & EDITOR_GROUPS))


def can_moderate(user) -> bool:
    """Moderators, editors and superusers hide and restore contributions and block accounts."""
    return is_moderator(user) or is_editor(user)


def can_view_internal(user) -> bool:
    """Staff, moderators and editors may read internal spaces and their ideas."""
    return _is_active_user(user) and (
        user.is_superuser or bool(group_names(user) & INTERNAL_GROUPS)
    )


def can_view_platform(user, page=None) -> bool:
    """May see the internal idea platform page."""
    return can_view_internal(user)


def _space_is_public(space) -> bool:
    """A space without view restrictions on it or its ancestors (read once per generation)."""
    cached = space.__dict__.get("_ideen_is_public")
    if cached is None:
        cached = pagecache.memoize(
            f"space_is_public:{space.pk}", lambda: not space.get_view_restrictions().exists()
        )
        space.__dict__["_ideen_is_public"] = cached
    return cached


def can_view_space(user, space) -> bool:
    """May read a space and its ideas: the same test as ``Idea.objects.visible_to``."""
    if space is None or not space.live:
        return False
    if is_internal_space(space):
        return can_view_internal(user)
    return _space_is_public(space)


def can_view_idea(user, idea: Idea) -> bool:
    """May read the idea (and its discussion)."""
    return can_view_space(user, idea.space)


def can_submit(user, space) -> bool:
    """May hand in a new idea to the space now."""
    return (
        _is_active_user(user)
        and can_view_space(user, space)
        and bool(getattr(space.specific, "accepts_new_ideas", False))
    )


def is_author(user, idea: Idea) -> bool:
    return _is_active_user(user) and idea.author_id == user.pk


def can_edit(user, idea: Idea) -> bool:
    """The author may change the text until a decision is recorded."""
    return (
        is_author(user, idea)
        and not idea.is_removed
        and idea.status in Idea.EDITABLE_STATUSES
        and can_view_idea(user, idea)
    )


def can_withdraw(user, idea: Idea) -> bool:
    """The author may withdraw the idea before a decision."""
    return (
        is_author(user, idea)
        and not idea.is_removed
        and idea.status in Idea.WITHDRAWABLE_STATUSES
        and can_view_idea(user, idea)
    )


def _space_accepts(idea: Idea, what: str) -> bool:
    """Whether the idea's space accepts 'supports' or 'comments' now (see the space protocol)."""
    return bool(getattr(idea.space_page, f"accepts_{what}", False))


def space_notice(space, kind: str = "") -> str:
    """The space's explanation why participation ('proposals', 'supports', 'comments') is
    closed, or a general one."""
    notice_for = getattr(space, "notice_for", None)
    notice = notice_for(kind) if kind and notice_for else getattr(space, "participation_notice", "")
    return str(notice or _("Participation in this space is closed at the moment."))


def support_refusal(user, idea: Idea) -> str | None:
    """Why the user may not support (or withdraw support for) the idea now; None if they may.

    Reasons that hold for everybody come first, so that a visitor is not asked to log in for
    something nobody can do any more.
    """
    if not can_view_idea(user, idea):
        return _("You cannot support this idea.")
    if idea.is_removed:
        return _("This contribution has been removed by the moderation team.")
    if idea.status == Idea.Status.WITHDRAWN:
        return _("This idea has been withdrawn, so it can no longer be supported.")
    if idea.status not in Idea.OPEN_STATUSES:
        return _("A decision has been made on this idea, so supporting it is closed.")
    if not _space_accepts(idea, "supports"):
        return space_notice(idea.space_page, "supports")
    if not _is_active_user(user):
        return _("Please log in to give your support.")
    if is_author(user, idea):
        if is_internal_space(idea.space):
            return _("You cannot support your own idea.")
        return _("You cannot support your own proposal.")
    return None


def can_support(user, idea: Idea) -> bool:
    """May support the idea or take the support back: not the author, only while it is open."""
    return support_refusal(user, idea) is None


def can_follow(user, idea: Idea) -> bool:
    """May follow the idea to hear about its progress (not once moderation removed it)."""
    return _is_active_user(user) and not idea.is_removed and can_view_idea(user, idea)


def can_comment(user, idea: Idea) -> bool:
    """May write comments on the idea: logged in, in the space, not withdrawn or removed, open."""
    return (
        _is_active_user(user)
        and not idea.is_removed
        and can_view_idea(user, idea)
        and idea.status != Idea.Status.WITHDRAWN
        and _space_accepts(idea, "comments")
    )


def can_report(user, idea: Idea) -> bool:
    """Any logged-in reader may report someone else's idea to the moderators while it is shown."""
    return (
        _is_active_user(user)
        and not is_author(user, idea)
        and not idea.is_removed
        and can_view_idea(user, idea)
    )
