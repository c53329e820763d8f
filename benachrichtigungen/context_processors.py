"""The unread count for the header, asked only when the header shows it."""

from .services import unread_count

#: Where the count is kept with the request's user.
_KEPT = "_unread_news_count"


def keep_count(user, count) -> None:
    """The count, asked elsewhere in this request (``home.citizen_pages.also_ask``)."""
    user.__dict__[_KEPT] = count or 0


class UnreadNews:
    """Counts on first use: pages without the header (e-mails, fragments) ask nothing."""

    def __init__(self, user):
        self.user = user

    @property
    def count(self) -> int:
        # Kept with the request's user: a page kept for citizens renders the account links a
        # second time to check them (``home.citizen_pages``), with a context of its own.
        cached = self.user.__dict__.get(_KEPT)
        if cached is None:
            cached = self.user.__dict__[_KEPT] = unread_count(self.user)
        return cached


def news(request):
    """``unread_news.count`` for logged-in people: one COUNT, only if a template uses it.

    Pages kept per session (``home.pagecache``) stay correct: a new notification, or one marked
    as read, is a write to a watched table and starts a new content generation.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_news": UnreadNews(user)}
