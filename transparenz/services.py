"""Workflows that write the status trail; nothing else writes StatusChange or ProgressNote.

``record_status_change`` locks the idea row, checks the transition against
``transparenz.workflow`` and appends the row; the database sets ``Idea.status`` from it in the
same statement and refuses every other way to change the status (``transparenz.guards``). The
e-mails go out after the commit, through django-tasks: a failed send never undoes a decision.

``created`` of a trail row is the database's clock. ``recorded_at`` (for trusted seeding code
only) supplies it instead and is refused by the database outside ``guards.seeding()``.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideen.models import Idea
from ideen.services import ActionNotAllowed, carry_over_marks
from ideen.text import sanitize_plain_text, sanitize_single_line

from . import workflow
from .models import ProgressNote, StatusChange

logger = logging.getLogger(__name__)


class ChangeRefused(ValidationError):
    """The change may not be recorded; ``message_dict`` says why, by form field."""

    def __init__(self, errors: dict):
        self.errors_by_field = {
            (field or "__all__"): [str(m) for m in messages] for field, messages in errors.items()
        }
        super().__init__(self.errors_by_field)

    def __str__(self) -> str:
        return workflow.first_problem(self.errors_by_field)


def latest_change(idea: Idea) -> StatusChange | None:
    """The newest row of the idea's trail."""
    return StatusChange.objects.filter(idea=idea).order_by("-created", "-pk").first()


def trail_end_date(idea: Idea) -> date:
    """The date of the newest entry (submission, change or note); new entries cannot be older."""
    newest_change = StatusChange.objects.filter(idea=idea).aggregate(newest=Max("decided_on"))
    newest_note = ProgressNote.objects.filter(idea=idea).aggregate(newest=Max("date"))
    dates = (timezone.localdate(idea.created), newest_change["newest"], newest_note["newest"])
    return max(d for d in dates if d is not None)


@transaction.atomic
def record_status_change(
    idea: Idea,
    *,
    to_status: str,
    recorded_by,
    reason: str = "",
    deciding_body: str = "",
    decided_on: date | None = None,
    link: str = "",
    merged_into: Idea | None = None,
    corrects: StatusChange | None = None,
    by_author: bool = False,
    expected_status: str | None = None,
    notify: bool = True,
    recorded_at: datetime | None = None,
) -> StatusChange:
    """Append a status change and set the idea's state from it, or raise ``ChangeRefused``.

    A merge also carries the supports and follows over to ``merged_into``
    (``ideen.services.carry_over_marks``), in the same transaction.

    Callers check who may do this (``transparenz.rules``, ``ideen.rules``); this checks what
    may be done. ``expected_status`` is the state the person saw when deciding: if another
    decision came first, nothing is written. ``recorded_at`` works only inside
    ``transparenz.guards.seeding()`` (trusted seeding code); the database refuses it otherwise.
    """
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if expected_status is not None and locked.status != expected_status:
        raise ChangeRefused(
            {
                None: [
                    _(
                        "The state of this idea changed to “%(state)s” in the meantime. "
                        "Please check the trail and decide again."
                    )
                    % {"state": workflow.label(locked.status)}
                ]
            }
        )
    reason = sanitize_plain_text(reason)
    decided_on = decided_on or timezone.localdate()
    proposed = workflow.ProposedChange(
        idea=locked,
        to_status=to_status,
        reason=reason,
        by_author=by_author,
        merged_into=merged_into,
        corrects=corrects,
        latest=latest_change(locked),
        decided_on=decided_on,
        earliest=trail_end_date(locked),
    )
    errors = workflow.problems(proposed)
    if errors:
        raise ChangeRefused(errors)

    change = StatusChange.objects.create(
        idea=locked,
        from_status=locked.status,
        to_status=to_status,
        reason=reason,
        deciding_body=sanitize_single_line(deciding_body),
        recorded_by=recorded_by,
        decided_on=decided_on,
        link=link,
        merged_into=merged_into,
        corrects=corrects,
        **({"created": recorded_at} if recorded_at else {}),
    )
    # The database has set Idea.status from the new row (guards); a plain UPDATE of the
    # timestamp, because Idea.save() would re-sanitise and touch fields this is not about.
    Idea.objects.filter(pk=locked.pk).update(updated=timezone.now())
    idea.status = locked.status = to_status
    if to_status == Idea.Status.MERGED:
        # The merge works both ways: supporters and followers go on with the survivor.
        carry_over_marks(locked, merged_into)
    if notify:
        from .notifications import announce

        # Written with the change: sent after the commit, retried when the mail server is down.
        announce(change)
    return change


@transaction.atomic
def record_withdrawal(idea: Idea, *, user, reason: str = "") -> StatusChange:
    """The author's withdrawal as an entry of the trail (``ideen.services.withdraw_idea``)."""
    try:
        return record_status_change(
            idea,
            to_status=Idea.Status.WITHDRAWN,
            recorded_by=user,
            reason=reason,
            by_author=True,
            expected_status=idea.status,
        )
    except ChangeRefused as refusal:
        raise ActionNotAllowed(str(refusal)) from refusal


@transaction.atomic
def add_progress_note(
    idea: Idea,
    *,
    text: str,
    recorded_by,
    on: date | None = None,
    recorded_at: datetime | None = None,
) -> ProgressNote:
    """Append a milestone to an idea that is being implemented (``recorded_at``: as above)."""
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    text = sanitize_plain_text(text)
    on = on or timezone.localdate()
    errors: dict = {}
    if locked.status not in workflow.PROGRESS_NOTE_STATUSES:
        errors[None] = [
            _("Progress can only be added while the idea is in the state “%(state)s”.")
            % {"state": workflow.label(Idea.Status.IN_IMPLEMENTATION)}
        ]
    elif on < (earliest := trail_end_date(locked)):
        errors["date"] = [workflow.too_early_message(earliest, idea=locked)]
    if not text:
        errors["text"] = [_("Please describe the progress.")]
    if errors:
        raise ChangeRefused(errors)
    return ProgressNote.objects.create(
        idea=locked,
        text=text,
        recorded_by=recorded_by,
        date=on,
        **({"created": recorded_at} if recorded_at else {}),
    )
