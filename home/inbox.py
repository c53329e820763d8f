"""One inbox for everything the city owes an answer: a registry the apps contribute kinds to.

Each app that owns work waiting for the city registers an :class:`InboxKind` under the Wagtail
hook :data:`INBOX_KINDS_HOOK` (in its ``wagtail_hooks.py``); this module sits low in the import
order, so registering needs no import upwards. A kind decides who may act on its items
(``may_act``) and lists the open items that person may act on (``items``, a fixed number of
queries). The dashboard panel and the inbox view (``home.admin_views``) only show what the kinds
return, so nothing reaches a person who could not act on it anyway.

Adding a kind::

    class MyKind(InboxKind):
        key = "my_kind"  # also the key of its due days in settings.INBOX_DUE_DAYS
        label = gettext_lazy("My item")
        plural_label = gettext_lazy("My items")

        def may_act(self, user): ...
        def items(self, user): ...  # InboxItem(..., due_on=due_date(received, self.key))

    hooks.register(INBOX_KINDS_HOOK, MyKind)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from wagtail import hooks

#: Each function registered here returns one ``InboxKind`` (the class itself will do).
INBOX_KINDS_HOOK = "register_inbox_kind"

#: The orders of the inbox, by the value of ``?sortierung=``; the first is the default.
SORTS = {
    "faellig": lambda item: (item.due_on, item.received),
    "-faellig": lambda item: (-item.due_on.toordinal(), -item.received.timestamp()),
    "alter": lambda item: (item.received, item.due_on),
    "-alter": lambda item: (-item.received.timestamp(), item.due_on),
    "art": lambda item: (str(item.kind_label).casefold(), item.due_on, item.received),
}
DEFAULT_SORT = "faellig"


def due_days(kind: str) -> int:
    """Days the city gives itself for an item of this kind (``settings.INBOX_DUE_DAYS``)."""
    configured = getattr(settings, "INBOX_DUE_DAYS", {})
    return int(configured.get(kind, configured.get("default", 14)))


def due_date(received: datetime.datetime, kind: str) -> datetime.date:
    """The day by which an item of this kind that came in at ``received`` is answered."""
    return timezone.localdate(received) + datetime.timedelta(days=due_days(kind))


@dataclass(frozen=True)
class InboxItem:
    """One thing waiting for an answer: what, where it belongs, since when, due when, and
    where to act on it."""

    kind: str
    kind_label: str
    title: str
    url: str
    received: datetime.datetime
    due_on: datetime.date
    context: str = ""  # e.g. the space of an idea
    internal: bool = False  # from an internal space: a badge says so

    def age_days(self, today: datetime.date | None = None) -> int:
        """Full days since the item came in."""
        return ((today or timezone.localdate()) - timezone.localdate(self.received)).days

    def days_left(self, today: datetime.date | None = None) -> int:
        """Days until the due date; negative when overdue."""
        return (self.due_on - (today or timezone.localdate())).days

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.days_left(today) < 0


class InboxKind:
    """A kind of item in the inbox, contributed by the app that owns the data."""

    key: str = ""
    label: str = ""  # one item, in the table
    plural_label: str = ""  # the kind, in the summaries

    def may_act(self, user) -> bool:
        """Whether the user may act on items of this kind at all."""
        raise NotImplementedError

    def items(self, user) -> Iterable[InboxItem]:
        """The open items the user may act on, in a fixed number of queries."""
        raise NotImplementedError


@dataclass
class KindSummary:
    kind: InboxKind
    count: int
    overdue: int


def kinds_for(user) -> list[InboxKind]:
    """The kinds the user may act on, in the order they were registered."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return []
    kinds = [factory() for factory in hooks.get_hooks(INBOX_KINDS_HOOK)]
    return [kind for kind in kinds if kind.may_act(user)]


def items_for(user, sort: str = DEFAULT_SORT, kinds: list[InboxKind] | None = None):
    """Every open item the user may act on, sorted (``SORTS``; unknown keys: the default)."""
    kinds = kinds_for(user) if kinds is None else kinds
    items = [item for kind in kinds for item in kind.items(user)]
    return sorted(items, key=SORTS.get(sort, SORTS[DEFAULT_SORT]))


def summary_for(user, items: list[InboxItem] | None = None) -> list[KindSummary]:
    """Open and overdue items per kind the user may act on (kinds without items included)."""
    kinds = kinds_for(user)
    items = items_for(user, kinds=kinds) if items is None else items
    today = timezone.localdate()
    summaries = []
    for kind in kinds:
        own = [item for item in items if item.kind == kind.key]
        overdue = sum(1 for item in own if item.is_overdue(today))
        summaries.append(KindSummary(kind=kind, count=len(own), overdue=overdue))
    return summaries
