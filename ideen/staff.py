"""Who is staff: membership of the group "Mitarbeitende".

A user is a member while they have a verified e-mail address at one of the domains in
``settings.STAFF_EMAIL_DOMAINS`` or their single sign-on names them staff (accounts.sso),
unless an editor decided otherwise by hand (a ``StaffAccessOverride``). Membership is
re-checked whenever an address is verified, changed or removed and at every login; the rules
read the groups on every request, so a lost address or membership takes effect at once.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.sso import is_staff_by_sso

STAFF_GROUP = "Mitarbeitende"
MODERATION_GROUP = "Moderation"
WAGTAIL_EDITORS_GROUP = "Editors"
WAGTAIL_MODERATORS_GROUP = "Moderators"

# Set while this module changes memberships, so the m2m signal handler can tell them apart
# from changes made by hand (Wagtail's user editor, the shell).
_automatic_change = contextvars.ContextVar("ideen_staff_automatic_change", default=False)


@contextmanager
def automatic_change():
    token = _automatic_change.set(True)
    try:
        yield
    finally:
        _automatic_change.reset(token)


def staff_group() -> Group:
    """The group "Mitarbeitende" (recreated when a flushed test database lost it)."""
    return Group.objects.get_or_create(name=STAFF_GROUP)[0]


def is_staff_address(email: str) -> bool:
    """Whether an address belongs to one of the staff domains (exact domain match)."""
    local, at, domain = email.strip().lower().rpartition("@")
    allowed = {d.strip().lower() for d in settings.STAFF_EMAIL_DOMAINS}
    return bool(local and at) and domain in allowed


def has_verified_staff_address(user) -> bool:
    """Whether the user has at least one verified address at a staff domain."""
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return any(is_staff_address(address) for address in addresses)


def forget_cached_groups(user) -> None:
    """Drop the group names the rules memoised on this user object."""
    user.__dict__.pop("_ideen_group_names", None)


def should_be_staff(user) -> bool:
    """The membership the user ought to have right now."""
    from .models import StaffAccessOverride

    if not user.is_active:
        return False
    override = StaffAccessOverride.objects.filter(user=user).first()
    if override is not None:
        return override.decision == StaffAccessOverride.Decision.GRANTED
    return has_verified_staff_address(user) or is_staff_by_sso(user)


@transaction.atomic
def sync_staff_membership(user) -> bool:
    """Add or remove the user to or from "Mitarbeitende" as the rules say; return membership."""
    if user is None or not user.pk:
        return False
    group = staff_group()
    wanted = should_be_staff(user)
    is_member = user.groups.filter(pk=group.pk).exists()
    with automatic_change():
        if wanted and not is_member:
            user.groups.add(group)
        elif not wanted and is_member:
            user.groups.remove(group)
    forget_cached_groups(user)
    return wanted


@transaction.atomic
def decide_by_hand(user, *, member: bool, decided_by=None) -> None:
    """Record an editor's decision and apply it at once."""
    from .models import StaffAccessOverride

    decision = (
        StaffAccessOverride.Decision.GRANTED if member else StaffAccessOverride.Decision.REVOKED
    )
    StaffAccessOverride.objects.update_or_create(
        user=user, defaults={"decision": decision, "decided_by": decided_by}
    )
    sync_staff_membership(user)


@transaction.atomic
def reset_to_automatic(user) -> bool:
    """Forget a decision by hand; membership follows the e-mail addresses again."""
    from .models import StaffAccessOverride

    StaffAccessOverride.objects.filter(user=user).delete()
    return sync_staff_membership(user)


def record_manual_group_change(user, *, member: bool) -> None:
    """A membership changed outside this module: remember it as a decision by hand."""
    from .models import StaffAccessOverride

    if _automatic_change.get():
        return
    decision = (
        StaffAccessOverride.Decision.GRANTED if member else StaffAccessOverride.Decision.REVOKED
    )
    StaffAccessOverride.objects.update_or_create(user=user, defaults={"decision": decision})
    forget_cached_groups(user)


def ensure_groups() -> dict[str, Group]:
    """Create the groups of the idea platform and give them their admin permissions.

    The data migration does the same once; this restores them after a flushed test database
    and is what the demo loader calls.
    """
    groups = {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (STAFF_GROUP, MODERATION_GROUP, WAGTAIL_EDITORS_GROUP, WAGTAIL_MODERATORS_GROUP)
    }
    for group_name, codenames in GROUP_PERMISSIONS.items():
        permissions = [_permission(app_label, codename) for app_label, codename in codenames]
        groups[group_name].permissions.add(*[p for p in permissions if p is not None])
    return groups


GROUP_PERMISSIONS = {
    MODERATION_GROUP: [("wagtailadmin", "access_admin"), ("ideen", "view_idea")],
    WAGTAIL_MODERATORS_GROUP: [("ideen", "view_idea")],
    WAGTAIL_EDITORS_GROUP: [
        ("ideen", "view_idea"),
        ("ideen", "manage_staff"),
        *[
            ("ideen", f"{action}_{model}")
            for model in ("category", "department")
            for action in ("add", "change", "delete", "view")
        ],
        # The gazetteer of the point field (orte.Place), also granted by orte's migration.
        *[("orte", f"{action}_place") for action in ("add", "change", "delete", "view")],
    ],
}


def _permission(app_label: str, codename: str) -> Permission | None:
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        # A flushed test database lost the permissions; recreate ours, skip foreign ones.
        if app_label != "ideen":
            return None
        from django.apps import apps

        model_name = codename.split("_", 1)[1]
        if codename == "manage_staff":
            model_name = "staffaccessoverride"
        model = apps.get_model("ideen", model_name)
        content_type = ContentType.objects.get_for_model(model)
        return Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename}
        )[0]


# Signal handlers, connected in ideen.apps.IdeenConfig.ready()


def on_email_confirmed(sender, request=None, email_address=None, **kwargs):
    """allauth: an address was verified."""
    if email_address is not None:
        sync_staff_membership(email_address.user)


def on_email_changed(sender, request=None, user=None, **kwargs):
    """allauth: the primary address changed."""
    sync_staff_membership(user)


def on_email_removed(sender, request=None, user=None, **kwargs):
    """allauth: an address was removed."""
    sync_staff_membership(user)


def on_user_logged_in(sender, request=None, user=None, **kwargs):
    """Any login (site or admin): re-check, e.g. after STAFF_EMAIL_DOMAINS changed."""
    sync_staff_membership(user)


def on_email_address_saved(sender, instance, raw=False, **kwargs):
    """An address was created or (un)verified by any path, e.g. the admin or the shell."""
    if not raw:
        sync_staff_membership(instance.user)


def on_email_address_deleted(sender, instance, **kwargs):
    """An address was deleted by any path; re-check once the deletion is committed.

    Deferred because the user may be deleted in the same cascade.
    """
    user_id = instance.user_id

    def resync():
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=user_id).first()
        if user is not None:
            sync_staff_membership(user)

    transaction.on_commit(resync)


def on_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Somebody changed "Mitarbeitende" by hand (Wagtail's user editor): keep that decision."""
    if _automatic_change.get() or action not in ("post_add", "post_remove", "pre_clear"):
        return
    from django.contrib.auth import get_user_model

    member = action == "post_add"
    if not reverse:
        staff_pk = Group.objects.filter(name=STAFF_GROUP).values_list("pk", flat=True).first()
        if staff_pk is None:
            return
        if action == "pre_clear":
            if instance.groups.filter(pk=staff_pk).exists():
                record_manual_group_change(instance, member=False)
        elif staff_pk in pk_set:
            record_manual_group_change(instance, member=member)
        return
    if instance.name != STAFF_GROUP:
        return
    users = (
        instance.user_set.all()
        if action == "pre_clear"
        else get_user_model().objects.filter(pk__in=pk_set)
    )
    for user in users:
        record_manual_group_change(user, member=member)
