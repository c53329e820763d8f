"""Idea cards rendered once per content generation and shared by every viewer.

A card (ideen/includes/idea_card.html) shows nothing personal: title, status, topic,
department, author, date and the two counters. Its HTML is kept in the shared cache under the
idea, the heading level, language and time zone, with the content generation it was rendered
under (``home.pagecache.generation()``: a comment, an edit, a status change or a removal is a
write and starts a new one) and its number of supports (a support renews only the support
generations); only a card of the current generation and number is used, and a new rendering
replaces the old entry. So a support renders only its own idea's card again. (A page kept
whole does not even do that: the number is in an element of its own, ``data-supports-of``, into
which ``home.pagecache.refilled`` puts the new one.) A list page reads
the cards of its ideas with one ``get_many`` and renders only the missing or outdated ones
(``home.pagecache.rendered_pieces``).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from home.pagecache import generation, rendered_pieces, shows_support_count

CARD_TEMPLATE = "ideen/includes/idea_card.html"
#: Part of the key: a release that renders cards differently never reads older ones.
FORMAT = 4


def enabled() -> bool:
    """Whether cards are shared through the cache (off with the page cache)."""
    return getattr(settings, "PAGE_CACHE_ENABLED", True) and getattr(
        settings, "IDEA_CARD_CACHE_ENABLED", True
    )


def render_card(idea, heading_level: int) -> str:
    return get_template(CARD_TEMPLATE).render({"idea": idea, "heading_level": heading_level})


def idea_cards(ideas, heading_level: int = 3) -> list[SafeString]:
    """The cards of the ideas, in their order."""
    # The generation first, then the rows (if not read yet): a card rendered from rows read
    # before a write is stored under the generation before it, never under the new one.
    current = generation() if enabled() else None
    ideas = list(ideas)
    for idea in ideas:
        shows_support_count(idea.pk)  # in the card's count element, nothing else
    if not enabled():
        return [mark_safe(render_card(idea, heading_level)) for idea in ideas]
    prefix = ":".join(
        [
            f"ideen:card:{FORMAT}",
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            str(heading_level),
        ]
    )
    cards = rendered_pieces(
        ideas,
        [f"{prefix}:{idea.pk}" for idea in ideas],
        lambda idea: render_card(idea, heading_level),
        settings.PAGE_CACHE_TIMEOUT,
        # A support changes only the number: the other cards stay valid.
        versions=[(current, idea.support_count) for idea in ideas],
    )
    return [mark_safe(html) for html in cards]  # rendered by the autoescaping card template
