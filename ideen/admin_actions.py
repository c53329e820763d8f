"""The main actions on an idea in the admin ("Status ändern"), offered by later apps.

ideen does not know about decisions (transparenz imports ideen, not the reverse), so the apps
that add actions register a function under ``IDEA_ADMIN_ACTIONS_HOOK``:
``actions(idea, user) -> list[IdeaAction]``. The idea's admin views show them as buttons in
the header and as links under the status in the ideas list, not only in the row menu.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton

IDEA_ADMIN_ACTIONS_HOOK = "ideen_idea_admin_actions"


@dataclass(frozen=True)
class IdeaAction:
    label: str
    url: str
    icon: str = ""


def idea_admin_actions(idea, user) -> list[IdeaAction]:
    """Every action the registered apps offer this user on this idea, in hook order."""
    actions: list[IdeaAction] = []
    for hook in hooks.get_hooks(IDEA_ADMIN_ACTIONS_HOOK):
        actions.extend(hook(idea, user))
    return actions


def header_buttons(idea, user) -> list[HeaderButton]:
    """The actions as Wagtail header buttons (the first one primary, the rest secondary)."""
    return [
        HeaderButton(
            str(action.label),
            url=action.url,
            icon_name=action.icon or None,
            classname="" if position == 0 else "button-secondary",
            priority=position,
        )
        for position, action in enumerate(idea_admin_actions(idea, user))
    ]


class IdeaStatusColumn(Column):
    """The idea's status with its actions as links below it, in the ideas list.

    Beside the status they belong to, and without a column of their own, which would squeeze
    the titles on a laptop screen.
    """

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        actions = idea_admin_actions(instance, request.user) if request else []
        # The idea's title completes each link's name: every row has a "Status ändern". An
        # aria-label, as a hidden span would be read with a space before the colon.
        links = format_html_join(
            "",
            '<br><a href="{}" aria-label="{}: {}">{}</a>',
            ((action.url, action.label, instance.title, action.label) for action in actions),
        )
        context["value"] = format_html("{}{}", instance.get_status_display(), links)
        return context
