from django import template

from accounts import admin_access

register = template.Library()


@register.filter
def needs_second_factor(user) -> bool:
    """Whether the user may use the admin but has no second factor yet."""
    return admin_access.needs_second_factor(user)


@register.filter
def can_use_admin(user) -> bool:
    """Whether the user may enter the Wagtail admin."""
    return admin_access.can_use_admin(user)


@register.filter
def in_blocks(value, size: int = 4) -> str:
    """A secret in blocks of four characters ("ABCD EFGH …"), easier to read and type."""
    text = "".join(str(value or "").split())
    return " ".join(text[i : i + size] for i in range(0, len(text), size))
