"""Background work: the notifications of a project's followers, and of new projects.

A project may have thousands of followers; their rows are written by a worker, not in the
request that posted the comment or proposal. The task is queued in the event's transaction
(django-tasks-db writes it to the same database), so it exists exactly when the event does.
"""

from django.contrib.contenttypes.models import ContentType
from django_tasks import task
from wagtail.models import Page

from . import services
from .content import NEW_PROJECT_DETAIL
from .models import Kind


@task()
def notify_project_followers(
    content_type_id: int, object_id: int, project_id: int, actor_id: int | None
) -> int:
    """Write the project news of one event for the project's followers; return how many."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    target = model._base_manager.filter(pk=object_id).first() if model else None
    if target is None:
        return 0
    recipients: dict[int, str] = {}
    services.merge(recipients, services.project_followers(project_id), Kind.PROJECT_NEWS)
    return len(
        services.notify(target, project_id=project_id, recipients=recipients, actor_id=actor_id)
    )


@task()
def notify_new_project(
    page_id: int, district: str, field_of_action_id: int | None, actor_id: int | None
) -> int:
    """Tell the people who chose the new project's Ortsteil or field of action; return how many.

    One notification per person, however many of their choices match (``notify`` writes one
    per recipient and event). Whether they may read the page is checked again on delivery.
    """
    page = Page.objects.filter(pk=page_id, live=True).first()
    if page is None:
        return 0
    recipients: dict[int, str] = {}
    services.merge(
        recipients,
        services.new_project_subscribers(district, field_of_action_id),
        Kind.NEW_PROJECT,
    )
    return len(
        services.notify(
            page,
            project_id=page.pk,
            recipients=recipients,
            actor_id=actor_id,
            detail=NEW_PROJECT_DETAIL,
        )
    )
