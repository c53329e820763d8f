"""What this app adds to lower apps' pages: the followed projects on "Meine Beteiligung"."""

from wagtail import hooks
from wagtail.models import Page

from accounts.participation import PARTICIPATION_SECTIONS_HOOK, Section, capped

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
