"""The user's comments on "Meine Beteiligung" (``accounts.participation``).

Comments only on objects the user may still read: ideas through ``Idea.objects.visible_to``,
pages that are live and public.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django_comments_xtd.models import XtdComment
from wagtail.models import Page, get_page_models

from accounts.participation import SECTION_LIMIT, Section, capped
from ideen.models import Idea

from .services import state_of


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
    section = capped(comments, limit)
    section.items = [_comment_entry(comment, request) for comment in section.items]
    return section


def _comment_entry(comment: XtdComment, request) -> CommentEntry:
    target = comment.content_object
    state = state_of(comment)
    reason = state.removal_reason if state and state.removed_at else ""
    # The comment's own address leads to the thread page that shows it.
    url = reverse("comments-permalink", args=[comment.pk])
    return CommentEntry(comment=comment, target=target, url=url, removal_reason=reason)


def participation_sections(user, request, limit: int) -> dict[str, Section]:
    """The section diskussion fills (registered for ``PARTICIPATION_SECTIONS_HOOK``)."""
    return {"comments": own_comments(user, request, limit)}
