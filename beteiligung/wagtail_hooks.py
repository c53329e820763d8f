"""What project pages add to the pages of home: the teasers on the home page and the cards of
the project teasers block (hooks named by home, which does not import this app)."""

from wagtail import hooks

from home.blocks import PROJECT_CARDS_HOOK
from home.models import HOME_PAGE_TEASERS_HOOK

from .models import ProjectPage


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
