from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem

from accounts.deletion import ACCOUNT_DELETION_HOOK
from accounts.personal_data import PERSONAL_DATA_HOOK, PERSONAL_DATA_SIZE_HOOK
from home.inbox import INBOX_KINDS_HOOK
from home.models import HOME_PAGE_TEASERS_HOOK
from ideen.admin_actions import IDEA_ADMIN_ACTIONS_HOOK, IdeaAction
from ideen.models import Idea
from ideen.services import WITHDRAWAL_HOOK

from . import personal_data, rules, services
from .admin_views import ADD_PROGRESS_LABEL, CHANGE_STATE_LABEL, DecisionView, ProgressNoteView
from .inbox import IdeasAwaitingAnswer
from .models import StatusChange, decision_index_page, latest_public_decisions


@hooks.register("register_admin_urls")
def register_decision_urls():
    return [
        path(
            "transparenz/ideen/<int:pk>/status/",
            DecisionView.as_view(),
            name="transparenz_decide",
        ),
        path(
            "transparenz/ideen/<int:pk>/fortschritt/",
            ProgressNoteView.as_view(),
            name="transparenz_progress",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def idea_listing_buttons(snippet, user, next_url=None):
    """The same actions in the row menu of the ideas list."""
    if not isinstance(snippet, Idea):
        return
    for position, action in enumerate(idea_admin_actions(snippet, user)):
        yield MenuItem(action.label, action.url, icon_name=action.icon, priority=5 + position)


@hooks.register(IDEA_ADMIN_ACTIONS_HOOK)
def idea_admin_actions(idea, user) -> list[IdeaAction]:
    """ "Status ändern" as the idea's primary action; "Fortschritt ergänzen" in implementation."""
    if not rules.can_record_decision(user):
        return []
    actions = [
        IdeaAction(CHANGE_STATE_LABEL, reverse("transparenz_decide", args=[idea.pk]), "tasks")
    ]
    if idea.status == Idea.Status.IN_IMPLEMENTATION:
        actions.append(
            IdeaAction(
                ADD_PROGRESS_LABEL,
                reverse("transparenz_progress", args=[idea.pk]),
                "clipboard-list",
            )
        )
    return actions


@hooks.register("before_delete_snippet")
def keep_ideas_with_a_trail(request, instances):
    """Ideas with a status trail cannot be deleted: their decisions must stay traceable."""
    ideas = [instance for instance in instances if isinstance(instance, Idea)]
    if not ideas:
        return None
    if StatusChange.objects.filter(Q(idea__in=ideas) | Q(merged_into__in=ideas)).exists():
        messages.error(
            request,
            _(
                "Ideas with a status trail cannot be deleted, so that their decisions stay "
                "traceable. The author can withdraw an idea instead."
            ),
        )
        return redirect("wagtailsnippets_ideen_idea:list")
    return None


@hooks.register(HOME_PAGE_TEASERS_HOOK)
def decision_teasers(request, home_page) -> dict:
    """The newest public decisions and the link to their overview."""
    return {
        "decisions": latest_public_decisions(limit=3),
        "decision_index_page": decision_index_page(),
    }


hooks.register(WITHDRAWAL_HOOK, services.record_withdrawal)
hooks.register(PERSONAL_DATA_HOOK, personal_data.data_sections)
hooks.register(PERSONAL_DATA_SIZE_HOOK, personal_data.data_size)
hooks.register(ACCOUNT_DELETION_HOOK, personal_data.erase)
hooks.register(INBOX_KINDS_HOOK, IdeasAwaitingAnswer)
