"""What this app adds to lower apps' pages: "Meine Beteiligung", "Meine Daten", deletion."""

from wagtail import hooks
from wagtail.models import Page

from accounts.deletion import ACCOUNT_DELETION_HOOK
from accounts.participation import PARTICIPATION_SECTIONS_HOOK, Section, capped
from accounts.personal_data import PERSONAL_DATA_HOOK, PERSONAL_DATA_SIZE_HOOK
from transparenz.notifications import STATUS_CHANGE_HOOK

from . import personal_data, signals
from .models import ProjectFollow


def followed_projects(user, request, limit: int) -> dict[str, Section]:
    """Projects the user follows that are still online and public."""
    public = Page.objects.live().public()
    follows = (
        ProjectFollow.objects.filter(user=user, project__in=public.values("pk"))
        .select_related("project")
        .order_by("-created", "-pk")
    )
    return {"followed_projects": capped(follows, limit)}


hooks.register(PARTICIPATION_SECTIONS_HOOK, followed_projects)


hooks.register(PERSONAL_DATA_HOOK, personal_data.data_sections)
hooks.register(PERSONAL_DATA_SIZE_HOOK, personal_data.data_size)
hooks.register(ACCOUNT_DELETION_HOOK, personal_data.erase)
hooks.register(STATUS_CHANGE_HOOK, signals.status_changed)
