""" "Meine Beteiligung": a user's own proposals, comments, follows and requests for participation
on the Vorhabenliste, each as a capped list.

The apps that own the entries fill the sections through ``PARTICIPATION_SECTIONS_HOOK``
(``ideen.participation``, ``diskussion.participation``, ``vorhaben.personal_data``): accounts
sits below them and imports none. Every list goes through the same gates as the rest of the
site. The number of queries does not depend on how much the user has written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from wagtail import hooks

#: Each section shows at most this many entries, newest first.
SECTION_LIMIT = 50

#: Wagtail hook: functions ``(user, request, limit) -> {name: Section}`` for the sections of
#: ``Participation`` ('proposals', 'comments', 'supports', 'follows', 'followed_projects',
#: 'participation_requests').
PARTICIPATION_SECTIONS_HOOK = "participation_sections"

#: Wagtail hook: functions ``(request) -> dict`` with addresses the page links to
#: (``projects_url``: where to find a project to take part in).
PARTICIPATION_LINKS_HOOK = "participation_links"


@dataclass
class Section:
    """The newest entries of one kind and how many there are in all."""

    items: list
    total: int
    limit: int = SECTION_LIMIT

    @property
    def is_capped(self) -> bool:
        """More entries exist than are shown."""
        return self.total > len(self.items)


@dataclass
class Participation:
    """Everything shown on the "Meine Beteiligung" page."""

    proposals: Section
    comments: Section
    follows: Section
    participation_requests: Section
    supports: Section = field(default_factory=lambda: Section(items=[], total=0))
    followed_projects: Section = field(default_factory=lambda: Section(items=[], total=0))
    sections: list[Section] = field(init=False)

    def __post_init__(self):
        self.sections = [
            self.proposals,
            self.comments,
            self.supports,
            self.follows,
            self.followed_projects,
            self.participation_requests,
        ]

    @property
    def is_empty(self) -> bool:
        return not any(section.total for section in self.sections)


def capped(queryset: QuerySet, limit: int) -> Section:
    """The first ``limit`` entries and, only when there may be more, the count of all."""
    items = list(queryset[:limit])
    total = len(items) if len(items) < limit else queryset.count()
    return Section(items=items, total=total, limit=limit)


def participation_of(user, request=None, limit: int = SECTION_LIMIT) -> Participation:
    """The user's proposals, comments, follows and requests for "Meine Beteiligung"."""
    empty = Section(items=[], total=0, limit=limit)
    sections = {}
    if user.is_authenticated:
        for collect in hooks.get_hooks(PARTICIPATION_SECTIONS_HOOK):
            sections.update(collect(user, request, limit))
    return Participation(
        proposals=sections.get("proposals", empty),
        comments=sections.get("comments", empty),
        follows=sections.get("follows", empty),
        participation_requests=sections.get("participation_requests", empty),
        supports=sections.get("supports", empty),
        followed_projects=sections.get("followed_projects", empty),
    )


def participation_links(request=None) -> dict:
    """The addresses the page links to; '' for those nobody provides."""
    links = {"projects_url": ""}
    for collect in hooks.get_hooks(PARTICIPATION_LINKS_HOOK):
        links.update(collect(request))
    return links
