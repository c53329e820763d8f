"""The group "Entscheidungsteam" (also created by migration 0003; recreated after a flush)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from .rules import DECISION_TEAM_GROUP

PERMISSIONS = [("wagtailadmin", "access_admin"), ("ideen", "view_idea")]


def ensure_decision_team() -> Group:
    """The group with its admin permissions, created when missing."""
    group, _created = Group.objects.get_or_create(name=DECISION_TEAM_GROUP)
    permissions = [
        permission
        for app_label, codename in PERMISSIONS
        if (
            permission := Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
        )
    ]
    group.permissions.add(*permissions)
    return group
