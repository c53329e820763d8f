"""Idea cards rendered once per content generation and shared by every viewer.

A card (ideen/includes/idea_card.html) shows nothing personal: title, status, topic,
department, author, date and the two counters. Its HTML is kept in the shared cache under the
idea, its number of supports, the heading level, language and time zone, with the content
generation it was rendered under (``home.pagecache.generation()``: a comment, an edit, a status
change or a removal is a write and starts a new one; a support changes the number in the key);
only a card of the current generation is used, and a new rendering replaces the old entry. So a
support leaves the cards of all other ideas as they are. A list page reads the cards of its
ideas with one ``get_many`` and renders only the missing or outdated ones.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from home.pagecache import generation, shows_supports_of

CARD_TEMPLATE = "ideen/includes/idea_card.html"
#: Part of the key: a release that renders cards differently never reads older ones.
FORMAT = 3


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
        shows_supports_of(idea.space_id)  # the page shows their number of supports
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
    keys = {idea.pk: f"{prefix}:{idea.pk}:{idea.support_count}" for idea in ideas}
    found = cache.get_many(list(keys.values()))
    missing = {}
    cards = []
    for idea in ideas:
        entry = found.get(keys[idea.pk])
        if entry is not None and entry[0] == current:
            html = entry[1]
        else:
            html = render_card(idea, heading_level)
            missing[keys[idea.pk]] = (current, html)
        cards.append(mark_safe(html))  # rendered by the autoescaping card template
    if missing:
        cache.set_many(missing, settings.PAGE_CACHE_TIMEOUT)
    return cards
