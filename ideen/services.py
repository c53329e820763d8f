"""Workflows that write ideas, supports and follows; views call these, nothing else writes.

A withdrawal is an entry of the status trail, which transparenz owns and writes in the same
transaction; ideen sits below transparenz and reaches it only through ``WITHDRAWAL_HOOK``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home import pagecache
from orte.geo import Point

from . import rules
from .models import Category, Department, Idea, IdeaFollow, IdeaSupport
from .text import sanitize_plain_text, sanitize_single_line

DUPLICATE_WINDOW = timedelta(minutes=1)
#: ``update_idea`` leaves the point as it is (a project that asks for none has no point field).
UNCHANGED = object()

#: Wagtail hook: the one function ``(idea, *, user, reason)`` that records the author's
#: withdrawal in the status trail (transparenz registers it); it raises ``ActionNotAllowed``
#: when the trail refuses the change.
WITHDRAWAL_HOOK = "record_idea_withdrawal"


class ActionNotAllowed(Exception):
    """The user may not do this now; the message says why, in words for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class DuplicateSubmission(ActionNotAllowed):
    """The same person handed in an idea with the same title a moment ago."""


@dataclass(frozen=True)
class SupportState:
    supported: bool
    count: int
    changed: bool


@transaction.atomic
def submit_idea(
    *,
    space,
    author,
    title: str,
    description: str,
    category: Category,
    department: Department | None = None,
    district: str = "",
    location: str = "",
    point: Point | None = None,
) -> Idea:
    """Publish a new idea in a space; the author follows it. Refuses a double submission."""
    if not rules.can_submit(author, space):
        raise ActionNotAllowed(_("You cannot hand in ideas here at the moment."))
    # Lock the author's row (PostgreSQL) so two identical requests cannot both pass the check.
    get_user_model().objects.select_for_update().filter(pk=author.pk).first()
    clean_title = sanitize_single_line(title)
    # Compared in Python: SQLite's case-insensitive match ignores umlauts ("Ä" vs "ä").
    recent_titles = Idea.objects.filter(
        author=author, created__gte=timezone.now() - DUPLICATE_WINDOW
    ).values_list("title", flat=True)
    if clean_title.casefold() in {title.casefold() for title in recent_titles}:
        raise DuplicateSubmission(
            _(
                "You handed in an idea with this title less than a minute ago. "
                "It has been saved once; there is no need to send it again."
            )
        )
    idea = Idea.objects.create(
        space=space,
        author=author,
        title=clean_title,
        description=sanitize_plain_text(description),
        category=category,
        department=department,
        district=district,
        location=sanitize_single_line(location),
        latitude=point.latitude if point else None,
        longitude=point.longitude if point else None,
    )
    IdeaFollow.objects.get_or_create(idea=idea, user=author)
    return idea


@transaction.atomic
def update_idea(
    idea: Idea,
    *,
    editor,
    title: str,
    description: str,
    category: Category,
    department: Department | None = None,
    district: str = "",
    location: str = "",
    point: Point | object | None = UNCHANGED,
) -> Idea:
    """Let the author change the idea before a decision; mark it as edited if anything changed."""
    idea = _locked(idea)
    if not rules.can_edit(editor, idea):
        raise ActionNotAllowed(_("This idea can no longer be changed."))
    new_values = {
        "title": sanitize_single_line(title),
        "description": sanitize_plain_text(description),
        "category_id": category.pk,
        "department_id": department.pk if department else None,
        "district": district,
        "location": sanitize_single_line(location),
    }
    if point is not UNCHANGED:
        new_values["latitude"] = point.latitude if point else None
        new_values["longitude"] = point.longitude if point else None
    changed = [name for name, value in new_values.items() if getattr(idea, name) != value]
    if changed:
        for name, value in new_values.items():
            setattr(idea, name, value)
        idea.edited_at = timezone.now()
        idea.save()
    return idea


@transaction.atomic
def withdraw_idea(idea: Idea, *, user, reason: str = "") -> Idea:
    """The author withdraws the idea before a decision; supports and follows stay recorded.

    The withdrawal is an entry of the status trail (transparenz), written in this transaction.
    """
    recorders = hooks.get_hooks(WITHDRAWAL_HOOK)
    if len(recorders) != 1:
        raise ImproperlyConfigured(f"Exactly one function must handle {WITHDRAWAL_HOOK!r}.")
    idea = _locked(idea)
    if not rules.can_withdraw(user, idea):
        raise ActionNotAllowed(_("This idea can no longer be withdrawn."))
    recorders[0](idea, user=user, reason=reason)
    return idea


@transaction.atomic
def set_support(idea: Idea, *, user, support: bool) -> SupportState:
    """Support the idea or take the support back; the counter changes in the same transaction.

    The idea's status, moderation, author and counter are read again with its row locked (into
    ``idea``); its space is the one the caller read.

    On PostgreSQL the idea's row stays locked until the end, so the user's support and the
    counter read here cannot change under this request: no savepoint for a duplicate insert and
    no second read of the counter. Without such locks (SQLite) both are kept.
    """
    locked = connection.features.has_select_for_update
    _lock(idea, fields=("status", "removed_at", "author_id", "support_count"))
    refusal = rules.support_refusal(user, idea)
    if refusal:
        raise ActionNotAllowed(refusal)
    # Asked after the lock, in a statement of its own: a subquery in the locking statement
    # would read from before the wait and miss a support committed meanwhile.
    existing = IdeaSupport.objects.of(idea, user)
    changed = False
    # Pages that show supports of other ideas only are kept (``home.pagecache.support_writes``).
    with pagecache.support_writes(idea.space_id, idea.pk):
        if support and not existing.exists() and _insert_support(idea, user, locked=locked):
            Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
            changed = True
        elif not support:
            deleted, _details = existing.delete()
            if deleted:
                changed = bool(
                    Idea.objects.filter(pk=idea.pk, support_count__gt=0).update(
                        support_count=F("support_count") - 1
                    )
                )
    if locked:
        count = idea.support_count + (1 if support else -1) * changed
    else:
        count = Idea.objects.values_list("support_count", flat=True).get(pk=idea.pk)
    return SupportState(supported=support, count=count, changed=changed)


def _locked(idea: Idea) -> Idea:
    """The idea read again with its row locked until the end of the transaction.

    Only the idea's row: its space's page row is read with it but not locked, so supports of
    different ideas, and editors publishing the project page, do not wait for each other."""
    return Idea.objects.select_for_update(of=("self",)).select_related("space").get(pk=idea.pk)


def _lock(idea: Idea, *, fields: tuple[str, ...]) -> None:
    """Lock the idea's row until the end of the transaction and read these fields of it again
    (what a decision or moderation may have changed meanwhile); the rest of the object, its
    space included, stays as the caller read it."""
    values = Idea.objects.select_for_update().filter(pk=idea.pk).values(*fields).get()
    for name, value in values.items():
        setattr(idea, name, value)


def supports(idea: Idea, user) -> bool:
    """Whether the user supports the idea."""
    return user.is_authenticated and IdeaSupport.objects.of(idea, user).exists()


def follows(idea: Idea, user) -> bool:
    """Whether the user follows the idea."""
    return user.is_authenticated and IdeaFollow.objects.of(idea, user).exists()


def _insert_support(idea: Idea, user, *, locked: bool) -> bool:
    """Store the user's support; False if a parallel request of theirs stored it first."""
    if locked:
        IdeaSupport.objects.create(idea=idea, user=user)
        return True
    try:
        with transaction.atomic():
            IdeaSupport.objects.create(idea=idea, user=user)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def set_follow(idea: Idea, *, user, follow: bool) -> bool:
    """Follow the idea or stop following it; return whether the user follows it now."""
    if not rules.can_follow(user, idea):
        raise ActionNotAllowed(_("You cannot follow this idea."))
    if follow:
        IdeaFollow.objects.get_or_create(idea=idea, user=user)
    else:
        IdeaFollow.objects.of(idea, user).delete()
    return follow


@dataclass(frozen=True)
class CarriedOver:
    supports: int
    follows: int


def idea_marks(user, idea_id: int) -> tuple[str, list]:
    """The rows that make the idea page look different for the user than for other citizens:
    they wrote, support or follow it (a SELECT for ``home.citizen_pages``)."""
    selects = [f'SELECT 1 FROM "{Idea._meta.db_table}" WHERE "id" = %s AND "author_id" = %s']
    for model in (IdeaSupport, IdeaFollow):
        selects.append(
            f'SELECT 1 FROM "{model._meta.db_table}" WHERE "idea_id" = %s AND "user_id" = %s'
        )
    return " UNION ALL ".join(selects), [idea_id, user.pk] * 3


def support_numbers(idea_ids: list[int], user_id=None) -> dict[int, tuple[int, bool]]:
    """The number of supports of each idea and whether the user (given) supports it, in one
    query: what ``home.pagecache`` puts into a stored page after a support."""
    ideas = Idea.objects.filter(pk__in=idea_ids)
    if user_id is None:
        return {pk: (count, False) for pk, count in ideas.values_list("pk", "support_count")}
    own = IdeaSupport.objects.of(OuterRef("pk"), user_id)
    return {
        pk: (count, supports)
        for pk, count, supports in ideas.annotate(own=Exists(own)).values_list(
            "pk", "support_count", "own"
        )
    }


def carry_over_marks(merged: Idea, survivor: Idea) -> CarriedOver:
    """A merge: the merged idea's supporters support the survivor, its followers follow it.

    Nobody supports twice (a supporter of both keeps one support), and the survivor's author
    is skipped: nobody supports their own idea. The merged idea keeps its own supports and
    follows, and so its count, as the record of who backed it before the merge (the counters
    of both ideas equal their rows, as ``demo.invariants`` checks). Called by the service that
    records the merge, inside its transaction.
    """
    survivor = Idea.objects.select_for_update().get(pk=survivor.pk)
    supporters = (
        IdeaSupport.objects.filter(idea=merged)
        .exclude(user__in=IdeaSupport.objects.filter(idea=survivor).values("user"))
        .exclude(user_id=survivor.author_id)
        .values_list("user_id", "created")
    )
    supports = IdeaSupport.objects.bulk_create(
        [IdeaSupport(idea=survivor, user_id=user, created=since) for user, since in supporters],
        ignore_conflicts=True,
    )
    # A recount, not an addition: the counter equals the rows whatever else happened.
    Idea.objects.filter(pk=survivor.pk).update(
        support_count=IdeaSupport.objects.filter(idea=survivor).count()
    )
    followers = (
        IdeaFollow.objects.filter(idea=merged)
        .exclude(user__in=IdeaFollow.objects.filter(idea=survivor).values("user"))
        .values_list("user_id", flat=True)
    )
    follows = IdeaFollow.objects.bulk_create(
        [IdeaFollow(idea=survivor, user_id=user) for user in followers], ignore_conflicts=True
    )
    return CarriedOver(supports=len(supports), follows=len(follows))
