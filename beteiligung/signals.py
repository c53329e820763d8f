"""What publishing a project tells the people who chose its Ortsteil or field of action."""

from __future__ import annotations

from wagtail.signals import page_published

from benachrichtigungen import services as notifications

from .models import ProjectPage


def is_first_publication(page: ProjectPage) -> bool:
    """Live now and published for the first time: Wagtail stamps both dates with the same
    moment only then (a re-publish, also after unpublishing, moves only the last)."""
    return bool(
        page.live
        and page.first_published_at is not None
        and page.first_published_at == page.last_published_at
    )


def project_published(sender, instance: ProjectPage, revision=None, **kwargs) -> None:
    """A public project goes online for the first time: tell those who asked for it. Pages
    behind a view restriction (on themselves or above) are internal and tell nobody."""
    if not is_first_publication(instance) or instance.get_view_restrictions().exists():
        return
    notifications.announce_new_project(
        instance,
        district=instance.district,
        field_of_action_id=instance.field_of_action_id,
        actor_id=getattr(revision, "user_id", None),
    )


def connect() -> None:
    page_published.connect(
        project_published, sender=ProjectPage, dispatch_uid="beteiligung_project_published"
    )
