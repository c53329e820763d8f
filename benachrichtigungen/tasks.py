"""Background work: the notifications of a project's followers.

A project may have thousands of followers; their rows are written by a worker, not in the
request that posted the comment or proposal. The task is queued in the event's transaction
(django-tasks-db writes it to the same database), so it exists exactly when the event does.
"""

from django.contrib.contenttypes.models import ContentType
from django_tasks import task

from . import services
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
