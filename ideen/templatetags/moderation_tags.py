"""Template helpers of the moderation."""

from django import template

from ideen import moderation

register = template.Library()


@register.simple_tag
def moderation_contact() -> str:
    """The address people write to, e.g. to object to a block."""
    return moderation.contact_address()
