""" "Konto löschen" (Art. 17 GDPR): one service for the user's own request, the admin and retention.

The account's row stays, emptied: contributions keep pointing at it and show the name
"Gelöschtes Konto" (``User.public_name``), and the status trail's append-only rows are not
touched at all (its guards allow no other change). Everything personal goes in one transaction:
e-mail addresses, names, the password, second factors, sessions, consents; the apps above
accounts remove or empty their own data through ``ACCOUNT_DELETION_HOOK`` (supports and follows
with their counters recounted, the names, e-mail and IP addresses stored with comments,
notification settings).

Locks: the account's row is locked first (``FOR NO KEY UPDATE``, which does not block the key
locks that inserts referring to the user take), then each app locks the ideas it recounts. A
decision recorded at the same time locks its idea; whichever transaction comes second waits
and then sees the other's result, so counters and trail stay consistent.
"""

from __future__ import annotations

import uuid
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from outbox.services import forget_address

from .exports import delete_exports_of
from .models import ConsentRecord

#: Wagtail hook: functions ``(user) -> None`` that remove or empty an app's personal data of
#: the user; called inside the deletion's transaction with the user's row locked.
ACCOUNT_DELETION_HOOK = "erase_account_data"


class DeletionRefused(Exception):
    """The account cannot be deleted; the message says why, in words for people."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _other_active_superusers(user):
    return (
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True, deleted_at__isnull=True)
        .exclude(pk=user.pk)
    )


def deletion_refusal(user) -> str:
    """Why the account cannot be deleted, or '' when it can."""
    if user.deleted_at is not None:
        return str(_("This account has already been deleted."))
    if user.is_superuser and not _other_active_superusers(user).exists():
        return str(
            _(
                "This is the last administrator account. Without it nobody could manage the "
                "platform any more. Make another person an administrator first."
            )
        )
    return ""


def end_sessions(user) -> int:
    """Delete every stored session of the user (database-backed session engines)."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0  # cache-only sessions: the unusable password invalidates them on next use
    model = store_class.get_model_class()
    store = store_class()
    doomed = [
        session.pk
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator()
        if store.decode(session.session_data).get(SESSION_KEY) == str(user.pk)
    ]
    model.objects.filter(pk__in=doomed).delete()
    return len(doomed)


@transaction.atomic
def delete_account(user):
    """Delete the person's account: personal data goes, contributions stay anonymous.

    Raises ``DeletionRefused`` for the last administrator and for a deleted account.
    """
    User = get_user_model()
    # Lock the account and, for an administrator, every administrator: two of the last
    # administrators deleting each other at once cannot both pass the check.
    lock = Q(pk=user.pk) | (Q(is_superuser=True) if user.is_superuser else Q(pk__in=[]))
    list(User.objects.select_for_update(no_key=True).filter(lock).order_by("pk"))
    account = User.objects.get(pk=user.pk)
    refusal = deletion_refusal(account)
    if refusal:
        raise DeletionRefused(refusal)
    for erase in hooks.get_hooks(ACCOUNT_DELETION_HOOK):
        erase(account)
    # E-mails kept in the outbox (sent ones for a while, failed ones for the admin) name the
    # addresses; they go with the account.
    addresses = {
        account.email,
        *EmailAddress.objects.filter(user=account).values_list("email", flat=True),
    }
    for address in addresses:
        forget_address(address)
    EmailAddress.objects.filter(user=account).delete()
    Authenticator.objects.filter(user=account).delete()
    ConsentRecord.objects.filter(user=account).delete()
    delete_exports_of(account)  # background "Meine Daten" files
    if apps.is_installed("wagtail.users"):  # the admin's preferences and avatar
        apps.get_model("wagtailusers", "UserProfile").objects.filter(user=account).delete()
    if apps.is_installed("allauth.socialaccount"):
        apps.get_model("socialaccount", "SocialAccount").objects.filter(user=account).delete()
    end_sessions(account)
    account.groups.clear()
    account.user_permissions.clear()
    account.username = f"geloescht-{uuid.uuid4().hex}"
    account.email = ""
    account.first_name = ""
    account.last_name = ""
    account.display_name = ""
    account.is_active = False
    account.is_staff = False
    account.is_superuser = False
    account.last_login = None
    account.inactivity_warnings = 0
    account.deletion_due_at = None
    account.deleted_at = timezone.now()
    account.set_unusable_password()
    account.save()
    return account
