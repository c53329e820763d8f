from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import template
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import number_format

from ideen.models import Idea

from .. import workflow
from ..models import ProgressNote, StatusChange

register = template.Library()


@dataclass
class TrailEntry:
    kind: str  # "submitted", "change", "note" or "merged_in" (another idea merged into this)
    date: date
    change: StatusChange | None = None
    note: ProgressNote | None = None
    corrected_by: StatusChange | None = None


def merged_into_condition(idea: Idea, user) -> Q:
    """Merges of other ideas into this one that the user may see, not corrected since."""
    return Q(
        ~Exists(StatusChange.objects.filter(corrects=OuterRef("pk"))),
        merged_into=idea,
        to_status=Idea.Status.MERGED,
        idea__in=Idea.objects.visible_to(user).listed(),
    )


def merged_into_idea(idea: Idea, user) -> list[StatusChange]:
    """The merges of other ideas into this one that the user may see, oldest first."""
    return list(
        StatusChange.objects.filter(merged_into_condition(idea, user))
        .select_related("idea")
        .order_by("created", "pk")
    )


def trail_entries(idea: Idea, user=None) -> list[TrailEntry]:
    """The idea's trail, oldest first: submission, status changes, progress notes and the
    ideas merged into it that ``user`` may see (2 queries; without a user, an anonymous one)."""
    rows = list(
        StatusChange.objects.filter(
            Q(idea=idea) | merged_into_condition(idea, user or AnonymousUser())
        )
        .select_related("idea", "merged_into", "corrects")
        .order_by("created", "pk")
    )
    changes = [row for row in rows if row.idea_id == idea.pk]
    merges = [row for row in rows if row.idea_id != idea.pk]
    notes = list(ProgressNote.objects.filter(idea=idea).order_by("date", "created", "pk"))
    corrections = {change.corrects_id: change for change in changes if change.corrects_id}
    entries = [
        TrailEntry(
            "change", change.decided_on, change=change, corrected_by=corrections.get(change.pk)
        )
        for change in changes
    ]
    entries += [TrailEntry("note", note.date, note=note) for note in notes]
    entries += [TrailEntry("merged_in", merge.decided_on, change=merge) for merge in merges]
    # Dates never go back (the services refuse it); within a day, the recording order counts.
    entries.sort(key=lambda e: (e.date, (e.change or e.note).created))
    submitted = TrailEntry("submitted", timezone.localdate(idea.created))
    return [submitted, *entries]


@register.inclusion_tag("transparenz/includes/status_trail.html", takes_context=True)
def status_trail(context, idea: Idea, heading_level: int = 2):
    """The public status trail of an idea with its current state as a labelled badge."""
    request = context.get("request")
    return {
        "idea": idea,
        "entries": trail_entries(idea, getattr(request, "user", None)),
        "heading_level": heading_level,
    }


@register.filter
def status_label(status: str) -> str:
    try:
        return workflow.label(status)
    except ValueError:
        return status


@register.filter
def percent(value) -> str:
    """A share in percent, German style ("62,5 %"); a dash when there is nothing to divide."""
    if value is None:
        return "–"
    return f"{number_format(round(value, 1), decimal_pos=1)}\u00a0%"


@register.filter
def days(value) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return number_format(int(value))
    return number_format(value, decimal_pos=1)


@register.filter
def internal_space(page) -> bool:
    """Whether the page is an internal space (decided by its type, without a query)."""
    from ideen.models import is_internal_space

    return page is not None and is_internal_space(page)
