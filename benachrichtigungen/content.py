"""What a notification is about, as one recipient may see it now.

``describe`` is asked when an e-mail is built and again before it is sent: a comment removed
in between, an idea that became unreadable for the recipient (somebody who left the staff) or a
project taken offline gives ``None``, and nothing is sent or listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment

from diskussion.rules import is_gone, may_view_target
from ideen import rules as idea_rules
from ideen.models import Idea
from transparenz.models import ProgressNote, StatusChange

from .models import Kind, Notification

#: The ``detail`` of a notification about a newly published project (one per person and page).
NEW_PROJECT_DETAIL = "new_project"

EXCERPT_WORDS = 40


@dataclass
class Item:
    """One notification as text: what happened, about what, where to read it."""

    notification: Notification
    headline: str
    title: str
    path: str
    excerpt: str = ""
    #: The heading a digest lists it under, instead of its project (new projects together).
    group: str = ""

    @property
    def project_title(self) -> str:
        return self.notification.project.title

    @property
    def group_title(self) -> str:
        return self.group or self.project_title


def _idea_visible(user, idea: Idea | None) -> bool:
    return bool(idea and not idea.is_removed and idea_rules.can_view_idea(user, idea))


def _comment_item(notification: Notification, comment: XtdComment, user) -> Item | None:
    if is_gone(comment):
        return None
    target = comment.content_object
    if target is None or not may_view_target(user, target):
        return None
    if isinstance(target, Idea) and target.is_removed:
        return None
    headlines = {
        Kind.REPLY: _("%(name)s replied to your comment") % {"name": comment.user_name},
        Kind.COMMENT_ON_MINE: _("%(name)s commented on your contribution")
        % {"name": comment.user_name},
    }
    headline = headlines.get(notification.kind) or _("New comment by %(name)s") % {
        "name": comment.user_name
    }
    return Item(
        notification=notification,
        headline=headline,
        title=getattr(target, "title", ""),
        path=reverse("comments-permalink", args=[comment.pk]),
        excerpt=Truncator(comment.comment).words(EXCERPT_WORDS),
    )


def _moderation_item(notification: Notification, target, user) -> Item | None:
    """A removal by moderation, told to the author with the public reason; None once the
    contribution is visible again (restored) or the author deleted it."""
    if isinstance(target, Idea):
        if not target.is_removed or not idea_rules.can_view_idea(user, target):
            return None
        if idea_rules.is_internal_space(target.space):
            headline = _("The moderation team removed your idea “%(title)s”")
        else:
            headline = _("The moderation team removed your proposal “%(title)s”")
        return Item(
            notification=notification,
            headline=headline % {"title": target.title},
            title=target.title,
            path=target.get_absolute_url(),
            excerpt=_("Reason: %(reason)s") % {"reason": target.removal_reason},
        )
    if isinstance(target, XtdComment):
        state = getattr(target, "state", None)
        about = target.content_object
        if state is None or not state.removed_at or state.deleted_at or about is None:
            return None
        if not may_view_target(user, about):
            return None
        title = getattr(about, "title", "")
        return Item(
            notification=notification,
            headline=_("The moderation team removed your comment on “%(title)s”")
            % {"title": title},
            title=title,
            path=reverse("comments-permalink", args=[target.pk]),
            excerpt=_("Reason: %(reason)s") % {"reason": state.removal_reason},
        )
    return None


def _new_project_item(notification: Notification, page, user) -> Item | None:
    """A project published for the first time in a place or field the user chose; None once it
    is offline or restricted."""
    if not page.live or not may_view_target(user, page):
        return None
    district = getattr(page, "district", "")
    if district:
        headline = _("New project in %(district)s") % {"district": page.get_district_display()}
    else:
        headline = _("New project for the whole city")
    return Item(
        notification=notification,
        headline=headline,
        title=page.title,
        path=page.url or "",
        excerpt=Truncator(getattr(page, "intro", "")).words(EXCERPT_WORDS),
        group=_("New projects"),
    )


def describe(notification: Notification, user) -> Item | None:
    """The notification as the user may read it now, or None when it is gone or not theirs."""
    if not user.is_active or notification.recipient_id != user.pk:
        return None
    target = notification.target
    if target is None:
        return None
    if notification.kind == Kind.MODERATION:
        return _moderation_item(notification, target, user)
    if isinstance(target, XtdComment):
        return _comment_item(notification, target, user)
    if isinstance(target, Idea):
        if not _idea_visible(user, target):
            return None
        return Item(
            notification=notification,
            headline=_("New proposal by %(name)s") % {"name": target.author.public_name},
            title=target.title,
            path=target.get_absolute_url(),
            excerpt=Truncator(target.description).words(EXCERPT_WORDS),
        )
    if isinstance(target, StatusChange):
        # As the decision e-mails always did: whoever may read the idea hears of its decisions.
        if not idea_rules.can_view_idea(user, target.idea):
            return None
        return Item(
            notification=notification,
            headline=_("Decision on “%(title)s”: %(state)s")
            % {"title": target.idea.title, "state": target.to_label},
            title=target.idea.title,
            path=f"{target.idea.get_absolute_url()}#{target.anchor}",
            excerpt=Truncator(target.reason).words(EXCERPT_WORDS),
        )
    if isinstance(target, ProgressNote):
        if not _idea_visible(user, target.idea):
            return None
        return Item(
            notification=notification,
            headline=_("Progress on “%(title)s”") % {"title": target.idea.title},
            title=target.idea.title,
            path=f"{target.idea.get_absolute_url()}#{target.anchor}",
            excerpt=Truncator(target.text).words(EXCERPT_WORDS),
        )
    page = getattr(target, "specific", None)
    if page is not None and notification.kind == Kind.NEW_PROJECT:
        return _new_project_item(notification, page, user)
    if page is not None and notification.kind == Kind.PROJECT_PHASE:
        if not page.live or not may_view_target(user, page):
            return None
        return Item(
            notification=notification,
            headline=_("New phase: %(phase)s") % {"phase": notification.detail},
            title=page.title,
            path=page.url or "",
        )
    return None
