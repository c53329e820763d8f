"""The status workflow of ideas: which state may follow which, and what a change needs.

This module is the one place that knows the allowed transitions. Services, forms and tests read
them from here; ``Idea.Status`` (in ``ideen``) only names the states.

    eingereicht ──► in Prüfung ──► angenommen ──► in Umsetzung ──► umgesetzt
         │               ├──────► abgelehnt
         ├───────────────┴──────► zusammengelegt (with another idea of the same space)
         └───────────────┴──────► zurückgezogen (only by the author, before a decision)

A correction is a new row that points at the newest earlier row (``corrects``): it may set the
state that row set again (to fix its text), go back to the state before it, or choose any other
state that was allowed at that point.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ideen.models import Idea

Status = Idea.Status

#: Allowed next states, by current state. States missing here (or mapped to nothing) are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.UNDER_REVIEW, Status.MERGED, Status.WITHDRAWN}),
    Status.UNDER_REVIEW: frozenset(
        {Status.ADOPTED, Status.REJECTED, Status.MERGED, Status.WITHDRAWN}
    ),
    Status.ADOPTED: frozenset({Status.IN_IMPLEMENTATION}),
    Status.IN_IMPLEMENTATION: frozenset({Status.IMPLEMENTED}),
    Status.REJECTED: frozenset(),
    Status.MERGED: frozenset(),
    Status.IMPLEMENTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

#: Only the author may move an idea into these states (through the withdraw form).
AUTHOR_ONLY = frozenset({Status.WITHDRAWN})

#: Every other target state needs a public reason.
REASON_OPTIONAL = frozenset({Status.UNDER_REVIEW, Status.WITHDRAWN})

#: States that answer an idea: statistics count them as "answered", the home page shows them.
DECISIONS = frozenset(
    {
        Status.ADOPTED,
        Status.REJECTED,
        Status.MERGED,
        Status.IN_IMPLEMENTATION,
        Status.IMPLEMENTED,
    }
)

#: The first answer to an idea is one of these (the others follow an adoption).
FIRST_DECISIONS = frozenset({Status.ADOPTED, Status.REJECTED, Status.MERGED})

#: The first answer to an idea is its first entry in one of these: the city took it up ("under
#: review") or decided. A withdrawal is the author's, not an answer (response times, inbox).
FIRST_ANSWERS = frozenset({Status.UNDER_REVIEW}) | DECISIONS

#: Decisions in favour of the idea, for the adoption rate.
ADOPTED = frozenset({Status.ADOPTED, Status.IN_IMPLEMENTATION, Status.IMPLEMENTED})

#: Progress notes (milestones) can be added while the idea is being implemented.
PROGRESS_NOTE_STATUSES = frozenset({Status.IN_IMPLEMENTATION})

#: The order in which states are listed in filters, tables and charts.
ORDER: tuple[str, ...] = (
    Status.SUBMITTED,
    Status.UNDER_REVIEW,
    Status.ADOPTED,
    Status.IN_IMPLEMENTATION,
    Status.IMPLEMENTED,
    Status.REJECTED,
    Status.MERGED,
    Status.WITHDRAWN,
)


def label(status: str) -> str:
    """The state's name for people."""
    return str(Status(status).label)


def allowed_targets(current: str, *, by_author: bool = False) -> list[str]:
    """The states that may follow ``current``, in display order.

    Deciders (editors, Entscheidungsteam) get every state but the author's own; the author gets
    only the author's states.
    """
    targets = TRANSITIONS.get(current, frozenset())
    targets = targets & AUTHOR_ONLY if by_author else targets - AUTHOR_ONLY
    return [status for status in ORDER if status in targets]


def correction_targets(corrected_from: str, corrected_to: str) -> list[str]:
    """States a correction of the change ``corrected_from`` → ``corrected_to`` may set."""
    targets = {corrected_from, corrected_to} | TRANSITIONS.get(corrected_from, frozenset())
    return [status for status in ORDER if status in targets - AUTHOR_ONLY]


def reason_required(target: str, *, is_correction: bool = False) -> bool:
    """Whether the change must explain itself publicly (a correction always must)."""
    return is_correction or target not in REASON_OPTIONAL


@dataclass(frozen=True)
class ProposedChange:
    """What someone wants to record; checked by ``problems`` before anything is written."""

    idea: Idea
    to_status: str
    reason: str = ""
    by_author: bool = False
    merged_into: Idea | None = None
    corrects: object | None = None  # a StatusChange
    latest: object | None = None  # the newest StatusChange of the idea, if any
    decided_on: date | None = None
    earliest: date | None = None  # the date of the newest entry of the trail


def problems(change: ProposedChange) -> dict[str, list[str]]:
    """Why the change may not be recorded, by form field (``None`` for the whole form)."""
    errors: dict[str | None, list[str]] = {}

    def add(field: str | None, message) -> None:
        errors.setdefault(field, []).append(str(message))

    current = change.idea.status
    target = change.to_status
    if target not in Status.values:
        add("to_status", _("Please choose a valid state."))
        return errors

    if change.corrects is not None:
        latest = change.latest
        if latest is None or change.corrects.pk != latest.pk:
            add(None, _("Only the newest entry of the trail can be corrected."))
        elif target not in correction_targets(latest.from_status, latest.to_status):
            add(
                "to_status",
                _("A correction of “%(from)s → %(to)s” cannot set the state “%(target)s”.")
                % {
                    "from": label(latest.from_status),
                    "to": label(latest.to_status),
                    "target": label(target),
                },
            )
    elif target not in allowed_targets(current, by_author=change.by_author):
        if target in AUTHOR_ONLY and not change.by_author:
            message = _("Only the author can withdraw an idea.")
        elif target == current:
            message = _("The idea is already in the state “%(state)s”.") % {"state": label(current)}
        else:
            possible = allowed_targets(current, by_author=change.by_author)
            message = _(
                "An idea in the state “%(current)s” cannot change to “%(target)s”. Possible: "
                "%(possible)s."
            ) % {
                "current": label(current),
                "target": label(target),
                "possible": ", ".join(label(s) for s in possible) or _("none (final state)"),
            }
        add("to_status", message)

    if (
        reason_required(target, is_correction=change.corrects is not None)
        and not (change.reason or "").strip()
    ):
        if change.corrects is not None:
            add("reason", _("Please explain publicly what is corrected and why."))
        else:
            add(
                "reason",
                _("Please give a public reason for the state “%(state)s”.")
                % {"state": label(target)},
            )

    if change.earliest and change.decided_on and change.decided_on < change.earliest:
        add("decided_on", too_early_message(change.earliest, idea=change.idea))

    if target == Status.MERGED:
        other = change.merged_into
        if other is None:
            add("merged_into", _("Please choose the idea this one is merged into."))
        elif other.pk == change.idea.pk:
            add("merged_into", _("An idea cannot be merged into itself."))
        elif other.space_id != change.idea.space_id:
            add("merged_into", _("Ideas can only be merged within the same space."))
        elif other.status in (Status.MERGED, Status.WITHDRAWN):
            add(
                "merged_into",
                _("“%(title)s” is itself merged or withdrawn; choose the idea it leads to.")
                % {"title": other.title},
            )
    elif change.merged_into is not None:
        add("merged_into", _("Only a merge names another idea."))
    return errors


def too_early_message(earliest: date, *, idea: Idea | None = None) -> str:
    """The trail is in date order: a new entry cannot be dated before the newest one.

    The database refuses such an entry too (``transparenz.guards``); this says it in words.
    """
    shown = {"date": formats.date_format(earliest, "SHORT_DATE_FORMAT")}
    if idea is not None and idea.created and earliest <= timezone.localdate(idea.created):
        return _("The date cannot lie before the day the idea was handed in (%(date)s).") % shown
    return _("The date cannot lie before the newest entry of the trail (%(date)s).") % shown


def first_problem(errors: dict) -> str:
    """One message for callers without a form."""
    messages: Iterable[str] = (message for field in errors.values() for message in field)
    return next(iter(messages), "")
