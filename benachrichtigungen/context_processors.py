"""The unread count for the header, asked only when the header shows it."""

from django.utils.functional import SimpleLazyObject

from .services import unread_count


def news(request):
    """``unread_news`` for logged-in people: one COUNT, only if a template uses it.

    Pages kept per session (``home.pagecache``) stay correct: a new notification, or one marked
    as read, is a write to a watched table and starts a new content generation.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_news": SimpleLazyObject(lambda: unread_count(user))}
