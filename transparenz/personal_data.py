"""What transparenz holds about a person, for "Meine Daten" and "Konto löschen" (``accounts``).

The status trail of the person's ideas is part of the export; it names the deciding body (a
role), never the person who recorded it. On deletion the trail stays untouched: its rows point to
ideas, and ``recorded_by`` points to the emptied account row, which nobody sees in public.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.personal_data import DataSection

from .models import NotificationPreference, StatusChange


def data_sections(user) -> list[DataSection]:
    """The trail of the user's ideas and their notification setting."""
    changes = (
        StatusChange.objects.filter(idea__author=user)
        .select_related("idea")
        .order_by("idea_id", "created", "pk")
    )
    preference = NotificationPreference.objects.filter(user=user).first()
    return [
        DataSection(
            key="status_trail",
            title=str(_("Status trail of your ideas")),
            description=str(_("Every decision and change of state on the ideas you handed in.")),
            fields={
                "idea_id": str(_("Number of the idea")),
                "idea_title": str(_("Title of the idea")),
                "from_status": str(_("Previous state")),
                "to_status": str(_("New state")),
                "reason": str(_("Public reason")),
                "deciding_body": str(_("Deciding body")),
                "decided_on": str(_("Decided on")),
                "created": str(_("Recorded at")),
            },
            rows=[
                {
                    "idea_id": c.idea_id,
                    "idea_title": c.idea.title,
                    "from_status": c.from_status,
                    "to_status": c.to_status,
                    "reason": c.reason,
                    "deciding_body": c.deciding_body,
                    "decided_on": c.decided_on,
                    "created": c.created,
                }
                for c in changes
            ],
        ),
        DataSection(
            key="notification_settings",
            title=str(_("Notification settings")),
            description=str(_("Whether you get e-mails about decisions (without a setting: yes).")),
            fields={
                "status_emails": str(_("E-mails about decisions")),
                "updated": str(_("Changed at")),
            },
            rows=[{"status_emails": preference.status_emails, "updated": preference.updated}]
            if preference
            else [],
        ),
    ]


def data_size(user) -> int:
    """The rows of ``data_sections``, counted (``PERSONAL_DATA_SIZE_HOOK``)."""
    return (
        StatusChange.objects.filter(idea__author=user).count()
        + NotificationPreference.objects.filter(user=user).count()
    )


def erase(user) -> None:
    """The notification setting goes; the trail stays as it is."""
    NotificationPreference.objects.filter(user=user).delete()
