"""The events: a comment, a proposal, a progress note, written by any path (form, service)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django_comments_xtd.models import XtdComment

from diskussion import services as discussion
from ideen import moderation as ideen_moderation
from ideen.models import Idea, IdeaFollow
from transparenz import notifications as decision_notifications
from transparenz.models import ProgressNote, StatusChange

from . import services
from .models import Kind


def _followers_later(target, project_id: int, actor_id: int | None) -> None:
    """The followers of the project hear of it through a task (there may be thousands); the
    people it concerns more (the replied-to, the author) were told first, so they are skipped."""
    from django.contrib.contenttypes.models import ContentType

    from .tasks import notify_project_followers

    if not services.has_project_followers(project_id):
        return
    if services.is_quiet():  # loading content: written now, so that it stays quiet
        notify_project_followers.call(
            ContentType.objects.get_for_model(target).pk, target.pk, project_id, actor_id
        )
        return
    notify_project_followers.enqueue(
        ContentType.objects.get_for_model(target).pk, target.pk, project_id, actor_id
    )


def comment_posted(sender, instance: XtdComment, created=False, raw=False, **kwargs) -> None:
    if not created or raw or not instance.is_public or instance.is_removed:
        return
    target = instance.content_object
    if target is None:
        return
    recipients: dict[int, str] = {}
    if isinstance(target, Idea):
        project_id = target.space_id
        services.merge(recipients, [target.author_id], Kind.COMMENT_ON_MINE)
    else:
        project_id = target.pk
    if instance.parent_id and instance.parent_id != instance.pk:
        parent_author = (
            XtdComment.objects.filter(pk=instance.parent_id)
            .values_list("user_id", flat=True)
            .first()
        )
        services.merge(recipients, [parent_author], Kind.REPLY)
    services.notify(
        instance, project_id=project_id, recipients=recipients, actor_id=instance.user_id
    )
    _followers_later(instance, project_id, instance.user_id)


def idea_created(sender, instance: Idea, created=False, raw=False, **kwargs) -> None:
    if not created or raw:
        return
    _followers_later(instance, instance.space_id, instance.author_id)


def progress_noted(sender, instance: ProgressNote, created=False, raw=False, **kwargs) -> None:
    if not created or raw:
        return
    idea = instance.idea
    recipients: dict[int, str] = {}
    followers = IdeaFollow.objects.filter(idea=idea).values_list("user_id", flat=True)
    services.merge(recipients, [idea.author_id, *followers], Kind.IDEA_PROGRESS)
    services.notify(
        instance, project_id=idea.space_id, recipients=recipients, actor_id=instance.recorded_by_id
    )


def status_changed(change: StatusChange) -> None:
    """A decision on an idea (``transparenz.notifications.STATUS_CHANGE_HOOK``): its author and
    followers who want e-mails about decisions, may read the idea and did not record it."""
    recipients: dict[int, str] = {}
    people = [user.pk for user in decision_notifications.recipients(change)]
    services.merge(recipients, people, Kind.IDEA_PROGRESS)
    services.notify(
        change,
        project_id=change.idea.space_id,
        recipients=recipients,
        actor_id=change.recorded_by_id,
    )


def _moderation(target, *, project_id: int, author_id: int, moderator, removed_at) -> None:
    """The author hears that moderation removed their contribution, and why (the reason is
    public: it stands where the contribution stood). One notification per removal."""
    services.notify(
        target,
        project_id=project_id,
        recipients={author_id: Kind.MODERATION},
        actor_id=moderator.pk if moderator else None,
        detail=f"removed:{removed_at.isoformat()}" if removed_at else "removed",
    )


def idea_removed(sender, idea: Idea, moderator, **kwargs) -> None:
    _moderation(
        idea,
        project_id=idea.space_id,
        author_id=idea.author_id,
        moderator=moderator,
        removed_at=idea.removed_at,
    )


def comment_removed(sender, comment: XtdComment, moderator, target, **kwargs) -> None:
    if not comment.user_id or target is None:
        return
    _moderation(
        comment,
        project_id=target.space_id if isinstance(target, Idea) else target.pk,
        author_id=comment.user_id,
        moderator=moderator,
        removed_at=comment.state.removed_at,
    )


def connect() -> None:
    ideen_moderation.idea_removed.connect(
        idea_removed, dispatch_uid="benachrichtigungen_idea_removed"
    )
    discussion.comment_removed.connect(
        comment_removed, dispatch_uid="benachrichtigungen_comment_removed"
    )
    post_save.connect(comment_posted, sender=XtdComment, dispatch_uid="benachrichtigungen_comment")
    post_save.connect(idea_created, sender=Idea, dispatch_uid="benachrichtigungen_idea")
    post_save.connect(
        progress_noted, sender=ProgressNote, dispatch_uid="benachrichtigungen_progress"
    )
