"""The task that sends one e-mail of the outbox (queued after the commit that wrote it)."""

from django_tasks import task

from .services import deliver


@task()
def send_outgoing_mail(pk: int) -> str | None:
    """Send one outbox e-mail if it is still due; failures wait for the sweep."""
    return deliver(pk)
