from django import template
from django.utils.translation import ngettext

from ideen import cards, rules
from ideen.models import IdeaPlatformPage
from ideen.text import render_plain_text

register = template.Library()


@register.filter
def plain_text(value: str):
    """User text as paragraphs with line breaks and links (rel="nofollow ugc"), all else escaped."""
    return render_plain_text(value)


@register.filter
def support_count_label(count: int) -> str:
    return ngettext("%(count)d support", "%(count)d supports", count) % {"count": count}


@register.filter
def comment_count_label(count: int) -> str:
    return ngettext("%(count)d comment", "%(count)d comments", count) % {"count": count}


@register.simple_tag
def idea_cards(ideas, heading_level=3) -> list:
    """The ideas' cards (ideen/includes/idea_card.html), shared through the cache."""
    return cards.idea_cards(ideas, heading_level)


@register.simple_tag(takes_context=True)
def idea_platforms_for(context):
    """Live idea platforms the current user may open (empty for everybody else).

    For navigation: ``{% idea_platforms_for as platforms %}``.
    """
    request = context.get("request")
    if request is None or not rules.can_view_internal(request.user):
        return []
    return list(IdeaPlatformPage.objects.live().order_by("path"))
