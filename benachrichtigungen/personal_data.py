"""What benachrichtigungen holds about a person, for "Meine Daten" and "Konto löschen"."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import DataSection

from .models import Notification, Preference, ProjectFollow


def data_sections(user) -> list[DataSection]:
    """The person's choices for e-mails about news and the projects they follow."""
    choices = Preference.objects.filter(user=user).order_by("kind")
    follows = ProjectFollow.objects.filter(user=user).select_related("project").order_by("pk")
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
    ]


def data_size(user) -> int:
    return (
        Preference.objects.filter(user=user).count()
        + ProjectFollow.objects.filter(user=user).count()
    )


def erase(user) -> None:
    """Choices, follows and notifications go with the account."""
    Notification.objects.filter(recipient=user).delete()
    Preference.objects.filter(user=user).delete()
    ProjectFollow.objects.filter(user=user).delete()
