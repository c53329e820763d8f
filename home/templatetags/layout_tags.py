"""Parts of the base layout that are the same on every request: read once per generation."""

from django import template

from accounts.admin_access import can_use_admin

from .. import citizen_pages, pagecache

register = template.Library()


@register.simple_tag(takes_context=True)
def account_nav(context) -> str:
    """The account links (components/account_nav_items.html): pages shared by citizens put in
    each reader's own (``home.citizen_pages``)."""
    return citizen_pages.account_nav(context)


@register.filter
def may_use_admin(user) -> bool:
    """Whether the user may enter the admin, read once per content generation.

    Wagtail's userbar asks the permission tables on every page (two queries) only to render
    nothing for everybody who is no editor; a change of groups or rights is a write and starts
    a new generation.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return pagecache.memoize(f"may_use_admin:{user.pk}", lambda: can_use_admin(user))


@register.filter
def breadcrumb_ancestors(page) -> list:
    """The page's ancestors below the tree's root, read once per content generation."""
    if page.pk is None:  # a preview of a page not saved yet
        return list(page.get_ancestors()[1:]) if page.path else []
    return pagecache.memoize(
        f"breadcrumb_ancestors:{page.pk}", lambda: list(page.get_ancestors()[1:])
    )
