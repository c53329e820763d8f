"""What project pages add to pages of lower apps, through hooks those apps name: the teasers on
the home page, the cards of the project teasers block, the project list on "Meine Beteiligung"."""

from wagtail import hooks

from accounts.participation import PARTICIPATION_LINKS_HOOK
from home.blocks import PROJECT_CARDS_HOOK
from home.models import HOME_PAGE_TEASERS_HOOK

from .models import ProjectIndexPage, ProjectPage


@hooks.register(HOME_PAGE_TEASERS_HOOK)
def project_teasers(request, home_page) -> dict:
    """Open and planned projects and the newest outcomes."""
    return {
        "projects": ProjectPage.objects.teasers(limit=3),
        "outcomes": ProjectPage.objects.newest_outcomes(limit=3),
    }


@hooks.register(PROJECT_CARDS_HOOK)
def project_cards(page_ids: list[int]) -> list[ProjectPage]:
    """The chosen projects that are live and public, with state and counts."""
    return list(ProjectPage.objects.filter(pk__in=page_ids).for_list())


@hooks.register(PARTICIPATION_LINKS_HOOK)
def project_list_link(request) -> dict:
    """The address of the live, public project list, or '' when there is none."""
    index = ProjectIndexPage.objects.live().public().order_by("path").first()
    return {"projects_url": index.get_url(request) if index else ""}
