""" "Meine Beteiligung": a user's own proposals, comments and follows, each as a capped list.

Every list goes through the same gates as the rest of the site: ideas through
``Idea.objects.visible_to``, comments only on objects the user may still read. The number of
queries does not depend on how much the user has written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django_comments_xtd.models import XtdComment
from wagtail.models import Page, get_page_models

from diskussion.services import state_of
from ideen.models import Idea, IdeaFollow, is_internal_space

#: Each section shows at most this many entries, newest first.
SECTION_LIMIT = 50


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
class CommentEntry:
    """One of the user's comments with the object it was written on."""

    comment: XtdComment
    target: object
    url: str
    removal_reason: str = ""

    @property
    def is_removed(self) -> bool:
        """Hidden by moderation; the author still sees it with the public reason."""
        return self.comment.is_removed


@dataclass
class Participation:
    """Everything shown on the "Meine Beteiligung" page."""

    proposals: Section
    comments: Section
    follows: Section
    sections: list[Section] = field(init=False)

    def __post_init__(self):
        self.sections = [self.proposals, self.comments, self.follows]

    @property
    def is_empty(self) -> bool:
        return not any(section.total for section in self.sections)


def _capped(queryset: QuerySet, limit: int) -> Section:
    items = list(queryset[:limit])
    total = len(items) if len(items) < limit else queryset.count()
    return Section(items=items, total=total, limit=limit)


def own_proposals(user, limit: int = SECTION_LIMIT) -> Section:
    """Ideas and proposals the user handed in and may still read, removed ones included."""
    ideas = (
        Idea.objects.visible_to(user)
        .by_author(user)
        .select_related("space", "category")
        .order_by("-created", "-pk")
    )
    section = _capped(ideas, limit)
    _mark_internal(section.items)
    return section


def _mark_internal(ideas: list[Idea]) -> None:
    """Set ``in_internal_space`` for the template (decided by the page type, no query)."""
    for idea in ideas:
        idea.in_internal_space = is_internal_space(idea.space)


def _as_object_pks(queryset: QuerySet) -> QuerySet:
    """The primary keys as text, to compare with the comments' ``object_pk``."""
    return queryset.order_by().annotate(pk_text=Cast("pk", CharField())).values("pk_text")


def readable_comment_targets(user) -> Q:
    """Comments on ideas the user may read and on live public pages that carry discussions."""
    idea_type = ContentType.objects.get_for_model(Idea)
    condition = Q(
        content_type=idea_type, object_pk__in=_as_object_pks(Idea.objects.visible_to(user))
    )
    # Pages answer ``user_may_view`` with "live and public" (beteiligung.rules.can_read_project).
    page_types = list(ContentType.objects.get_for_models(*_commented_page_models()).values())
    if page_types:
        pages = Page.objects.live().public().filter(content_type__in=page_types)
        condition |= Q(content_type__in=page_types, object_pk__in=_as_object_pks(pages))
    return condition


def _commented_page_models() -> list[type[Page]]:
    """Public page types that carry a discussion (they decide ``user_may_view``)."""
    return [
        model
        for model in get_page_models()
        if hasattr(model, "user_may_view") and not getattr(model, "is_internal_space", False)
    ]


def own_comments(user, request=None, limit: int = SECTION_LIMIT) -> Section:
    """The user's comments on objects they may still read, except those they deleted."""
    comments = (
        XtdComment.objects.filter(user=user, site_id=settings.SITE_ID, is_public=True)
        .filter(readable_comment_targets(user))
        # Removed by moderation stays listed (with the reason); deleted by the author does not.
        .filter(
            Q(is_removed=False) | Q(state__removed_at__isnull=False, state__deleted_at__isnull=True)
        )
        .select_related("state")
        .prefetch_related("content_object")
        .order_by("-submit_date", "-pk")
    )
    section = _capped(comments, limit)
    section.items = [_comment_entry(comment, request) for comment in section.items]
    return section


def _comment_entry(comment: XtdComment, request) -> CommentEntry:
    target = comment.content_object
    url = target.get_url(request) if isinstance(target, Page) else target.get_absolute_url()
    state = state_of(comment)
    reason = state.removal_reason if state and state.removed_at else ""
    return CommentEntry(
        comment=comment, target=target, url=f"{url}#c{comment.pk}", removal_reason=reason
    )


def followed_ideas(user, limit: int = SECTION_LIMIT) -> Section:
    """Ideas the user follows and may still read, with their current status."""
    visible = Idea.objects.visible_to(user).listed()
    follows = (
        IdeaFollow.objects.filter(user=user, idea__in=visible.values("pk"))
        .select_related("idea", "idea__space")
        .order_by("-created", "-pk")
    )
    section = _capped(follows, limit)
    _mark_internal([follow.idea for follow in section.items])
    return section


def project_list_url(request=None) -> str:
    """The address of the live, public project list, or '' when there is none."""
    from beteiligung.models import ProjectIndexPage

    index = ProjectIndexPage.objects.live().public().order_by("path").first()
    return index.get_url(request) if index else ""


def participation_of(user, request=None, limit: int = SECTION_LIMIT) -> Participation:
    """The user's proposals, comments and follows for the "Meine Beteiligung" page."""
    if not user.is_authenticated:
        empty = Section(items=[], total=0, limit=limit)
        return Participation(proposals=empty, comments=empty, follows=empty)
    return Participation(
        proposals=own_proposals(user, limit),
        comments=own_comments(user, request, limit),
        follows=followed_ideas(user, limit),
    )
