"""What benachrichtigungen holds about a person, for "Meine Daten" and "Konto löschen"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import DataSection

from .forms import DISTRICT_CHOICES
from .models import AreaSubscription, Notification, Preference, ProjectFollow


def data_sections(user) -> list[DataSection]:
    """The person's choices for e-mails about news, the projects they follow and the places
    and topics of new projects they want to hear of."""
    choices = Preference.objects.filter(user=user).order_by("kind")
    follows = ProjectFollow.objects.filter(user=user).select_related("project").order_by("pk")
    areas = (
        AreaSubscription.objects.filter(user=user)
        .select_related("field_of_action")
        .order_by("field_of_action__name", "district")
    )
    district_names = dict(DISTRICT_CHOICES)
    return [
        DataSection(
            key="news_choices",
            title=str(_("E-mails about news")),
            description=str(_("Your choices per kind of news (without a choice: the default).")),
            fields={
                "kind": str(_("kind")),
                "choice": str(_("choice")),
                "updated": str(_("updated")),
            },
            rows=[
                {
                    "kind": c.get_kind_display(),
                    "choice": c.get_choice_display(),
                    "updated": c.updated,
                }
                for c in choices
            ],
        ),
        DataSection(
            key="followed_projects",
            title=str(_("Projects you follow")),
            description=str(_("Projects whose news you receive.")),
            fields={"project": str(_("project")), "created": str(_("created"))},
            rows=[{"project": f.project.title, "created": f.created} for f in follows],
        ),
        DataSection(
            key="new_project_areas",
            title=str(_("New projects: your Ortsteile and fields of action")),
            description=str(_("Where and on which topics you want to hear of new projects.")),
            fields={
                "district": str(_("district")),
                "field_of_action": str(_("field of action")),
                "created": str(_("created")),
            },
            rows=[
                {
                    "district": str(district_names.get(a.district, a.district)),
                    "field_of_action": a.field_of_action.name if a.field_of_action else "",
                    "created": a.created,
                }
                for a in areas
            ],
        ),
    ]


def data_size(user) -> int:
    return (
        Preference.objects.filter(user=user).count()
        + ProjectFollow.objects.filter(user=user).count()
        + AreaSubscription.objects.filter(user=user).count()
    )


def erase(user) -> None:
    """Choices, follows, new-project areas and notifications go with the account."""
    Notification.objects.filter(recipient=user).delete()
    Preference.objects.filter(user=user).delete()
    ProjectFollow.objects.filter(user=user).delete()
    AreaSubscription.objects.filter(user=user).delete()
