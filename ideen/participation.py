"""The user's proposals and follows on "Meine Beteiligung" (``accounts.participation``).

Ideas only through ``Idea.objects.visible_to``: what the user may no longer read is not listed.
"""

from __future__ import annotations

from accounts.participation import SECTION_LIMIT, Section, capped

from .models import Idea, IdeaFollow, IdeaSupport, is_internal_space


def own_proposals(user, limit: int = SECTION_LIMIT) -> Section:
    """Ideas and proposals the user handed in and may still read, removed ones included."""
    ideas = (
        Idea.objects.visible_to(user)
        .by_author(user)
        .select_related("space", "category")
        .order_by("-created", "-pk")
    )
    section = capped(ideas, limit)
    _mark_internal(section.items)
    return section


def _mark_internal(ideas: list[Idea]) -> None:
    """Set ``in_internal_space`` for the template (decided by the page type, no query)."""
    for idea in ideas:
        idea.in_internal_space = is_internal_space(idea.space)


def followed_ideas(user, limit: int = SECTION_LIMIT) -> Section:
    """Ideas the user follows and may still read, with their current status."""
    visible = Idea.objects.visible_to(user).listed()
    follows = (
        IdeaFollow.objects.filter(user=user, idea__in=visible.values("pk"))
        .select_related("idea", "idea__space")
        .order_by("-created", "-pk")
    )
    section = capped(follows, limit)
    _mark_internal([follow.idea for follow in section.items])
    return section


def supported_ideas(user, limit: int = SECTION_LIMIT) -> Section:
    """Ideas the user supports and may still read, newest support first."""
    visible = Idea.objects.visible_to(user).listed()
    supports = (
        IdeaSupport.objects.filter(user=user, idea__in=visible.values("pk"))
        .select_related("idea", "idea__space")
        .order_by("-created", "-pk")
    )
    section = capped(supports, limit)
    _mark_internal([support.idea for support in section.items])
    return section


def participation_sections(user, request, limit: int) -> dict[str, Section]:
    """The sections ideen fills (registered for ``PARTICIPATION_SECTIONS_HOOK``)."""
    return {
        "proposals": own_proposals(user, limit),
        "supports": supported_ideas(user, limit),
        "follows": followed_ideas(user, limit),
    }
