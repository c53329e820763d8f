"""The unread count for the header, asked only when the header shows it."""

from functools import cached_property

from .services import unread_count


class UnreadNews:
    """Counts on first use: pages without the header (e-mails, fragments) ask nothing."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        return unread_count(self.user)


def news(request):
    """``unread_news.count`` for logged-in people: one COUNT, only if a template uses it.

    Pages kept per session (``home.pagecache``) stay correct: a new notification, or one marked
    as read, is a write to a watched table and starts a new content generation.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_news": UnreadNews(user)}
