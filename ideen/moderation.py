"""Moderation of public contributions: reports, hiding and restoring ideas, blocking accounts.

Comments are moderated in ``diskussion.services`` (``remove_comment``/``restore_comment``); the
Wagtail admin shows both in one "Moderation" menu (ideen/wagtail_hooks.py).
"""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outbox.services import queue_mail

from . import rules
from .models import Idea, IdeaReport, UserBlock
from .services import ActionNotAllowed
from .text import sanitize_plain_text, sanitize_single_line

REMOVAL_REASON_MAX_LENGTH = Idea._meta.get_field("removal_reason").max_length
MODERATION_FIELDS = ["removed_at", "removed_by", "removal_reason"]

#: Sent in the transaction of a removal (``idea``, ``moderator``): its author is told why.
idea_removed = Signal()


def contact_address() -> str:
    """The address people write to, e.g. to object to a block."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL


def has_reported(idea: Idea, user) -> bool:
    """Whether the user already reported the idea."""
    return user.is_authenticated and IdeaReport.objects.filter(idea=idea, user=user).exists()


@transaction.atomic
def report_idea(idea: Idea, *, user, reason: str = "") -> bool:
    """Report an idea to the moderators, once per person; return whether a report was added."""
    if not rules.can_report(user, idea):
        raise ActionNotAllowed(_("You cannot report this contribution."))
    try:
        with transaction.atomic():
            IdeaReport.objects.create(idea=idea, user=user, reason=sanitize_plain_text(reason))
    except IntegrityError:  # reported before, or a parallel request of the same person
        return False
    return True


def _require_moderator(user) -> None:
    if not rules.can_moderate(user):
        raise ActionNotAllowed(_("Only the moderation team may do this."))


def _mark_reports_handled(idea: Idea) -> None:
    IdeaReport.objects.filter(idea=idea).unhandled().update(handled_at=timezone.now())


@transaction.atomic
def remove_idea(idea: Idea, *, moderator, reason: str) -> Idea:
    """Hide an idea with a public reason; its page shows only the reason. Reports are handled."""
    _require_moderator(moderator)
    reason = sanitize_single_line(reason)[:REMOVAL_REASON_MAX_LENGTH]
    if not reason:
        raise ActionNotAllowed(_("Please give the public reason for the removal."))
    Idea.objects.select_for_update().filter(pk=idea.pk).first()
    Idea.objects.filter(pk=idea.pk).update(
        removed_at=timezone.now(), removed_by=moderator, removal_reason=reason
    )
    _mark_reports_handled(idea)
    idea.refresh_from_db(fields=MODERATION_FIELDS)
    idea_removed.send(sender=Idea, idea=idea, moderator=moderator)
    return idea


@transaction.atomic
def restore_idea(idea: Idea, *, moderator) -> Idea:
    """Show a removed idea again."""
    _require_moderator(moderator)
    Idea.objects.filter(pk=idea.pk).update(removed_at=None, removed_by=None, removal_reason="")
    idea.refresh_from_db(fields=MODERATION_FIELDS)
    return idea


@transaction.atomic
def dismiss_reports(idea: Idea, *, moderator) -> int:
    """Keep the idea visible: its open reports are handled. Returns how many there were."""
    _require_moderator(moderator)
    return IdeaReport.objects.filter(idea=idea).unhandled().update(handled_at=timezone.now())


def block_refusal(account, moderator) -> str | None:
    """Why the moderator may not block this account; None if they may."""
    if not rules.can_moderate(moderator):
        return gettext("Only the moderation team may do this.")
    if account.pk == moderator.pk:
        return gettext("You cannot block your own account.")
    if account.is_superuser or rules.can_moderate(account):
        return gettext(
            "Accounts of administrators, moderators and editors cannot be blocked here; "
            "remove their role in the user administration first."
        )
    return None


@transaction.atomic
def block_user(account, *, moderator, reason: str) -> UserBlock:
    """Block an account: it can no longer log in or take part; the person is told why by e-mail."""
    refusal = block_refusal(account, moderator)
    if refusal:
        raise ActionNotAllowed(refusal)
    reason = sanitize_plain_text(reason)[: UserBlock._meta.get_field("reason").max_length]
    if not reason:
        raise ActionNotAllowed(_("Please give the reason for the block."))
    existing = UserBlock.objects.select_for_update().active().filter(user=account).first()
    if existing is not None:
        raise ActionNotAllowed(_("This account is already blocked."))
    block = UserBlock.objects.create(user=account, blocked_by=moderator, reason=reason)
    type(account).objects.filter(pk=account.pk).update(is_active=False)
    account.is_active = False
    if account.email:
        # Written with the block; sent after the commit (outbox).
        _queue_block_notice(account, reason)
    return block


@transaction.atomic
def unblock_user(account, *, moderator) -> UserBlock:
    """Lift the active block of an account: the person can log in and take part again."""
    _require_moderator(moderator)
    block = UserBlock.objects.select_for_update().active().filter(user=account).first()
    if block is None:
        raise ActionNotAllowed(_("This account is not blocked."))
    block.unblocked_at = timezone.now()
    block.unblocked_by = moderator
    block.save(update_fields=["unblocked_at", "unblocked_by"])
    type(account).objects.filter(pk=account.pk).update(is_active=True)
    account.is_active = True
    return block


def _queue_block_notice(account, reason: str) -> None:
    """Tell the person why their account was blocked and how to object."""
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + gettext("Your account has been blocked")
    body = gettext(
        "Hello %(name)s,\n\n"
        "the moderation team of the participation platform has blocked your account. "
        "You can no longer log in or take part.\n\n"
        "Reason:\n%(reason)s\n\n"
        "If you want to object to the block, reply to this e-mail or write to %(address)s. "
        "The moderation team will check the block again and answer you.\n"
    ) % {"name": account.public_name, "reason": reason, "address": contact_address()}
    queue_mail(subject, body, [account.email], kind="moderation")
