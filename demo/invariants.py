"""Checks that the denormalised and derived data agree with the rows they stand for.

Run by ``manage.py check_invariants`` on any database (demo, scale data, production copy).
Each check returns a list of human-readable problems; an empty list means it holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models.functions import Cast, Coalesce
from django_comments_xtd.models import XtdComment, max_thread_level_for_content_type

from ideen.models import Idea, IdeaSupport, internal_space_content_type_ids
from ideen.rules import INTERNAL_GROUPS
from transparenz import guards
from transparenz.models import StatusChange
from transparenz.workflow import FIRST_ANSWERS, FIRST_DECISIONS
from vorhaben.models import ParticipationRequest, VorhabenPage

#: At most this many examples per check, so a broken database gives a readable report.
EXAMPLES = 20


def _examples(problems: list[str], total: int, what: str) -> list[str]:
    if total > len(problems):
        problems.append(f"... {total - len(problems)} more {what}")
    return problems


def _counter_mismatches(owners, counter: str, rows, label: str, rows_label: str, what: str):
    """The ``owners`` whose ``counter`` differs from the number of ``rows`` that point at them
    (``rows`` filtered by ``OuterRef("pk")`` and reduced to one group with ``values()``)."""
    count = rows.order_by().annotate(n=models.Count("pk")).values("n")[:1]
    wrong = (
        owners.annotate(rows=Coalesce(models.Subquery(count), 0))
        .exclude(**{counter: models.F("rows")})
        .order_by("pk")
        .values_list("pk", counter, "rows")
    )
    problems = [
        f"{label} {pk}: {counter} {n}, {found} {rows_label}" for pk, n, found in wrong[:EXAMPLES]
    ]
    return _examples(problems, wrong.count() if problems else 0, what)


def support_counts() -> list[str]:
    """``Idea.support_count`` equals the idea's support rows."""
    rows = IdeaSupport.objects.filter(idea=models.OuterRef("pk")).values("idea")
    return _counter_mismatches(Idea.objects, "support_count", rows, "idea", "support rows", "ideas")


def participation_request_counts() -> list[str]:
    """``VorhabenPage.participation_request_count`` equals the Vorhaben's request rows."""
    rows = ParticipationRequest.objects.filter(vorhaben=models.OuterRef("pk")).values("vorhaben")
    return _counter_mismatches(
        VorhabenPage.objects,
        "participation_request_count",
        rows,
        "Vorhaben",
        "request rows",
        "Vorhaben",
    )


def comment_counts() -> list[str]:
    """``Idea.comment_count`` equals the idea's public comments not removed."""
    rows = XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(Idea),
        object_pk=Cast(models.OuterRef("pk"), models.CharField()),
        is_public=True,
        is_removed=False,
    ).values("content_type")
    return _counter_mismatches(Idea.objects, "comment_count", rows, "idea", "comments", "ideas")


def statuses() -> list[str]:
    """Each idea's status is the newest entry of its trail ("eingereicht" without one)."""
    wrong = guards.inconsistent_ideas(connection)
    problems = [f"idea {pk}: status differs from its newest trail entry" for pk in wrong[:EXAMPLES]]
    return _examples(problems, len(wrong), "ideas")


def _first_dates(field: str, states) -> list[str]:
    """``Idea.<field>`` is the earliest ``decided_on`` of the trail's changes into ``states``."""
    first = (
        StatusChange.objects.filter(idea=models.OuterRef("pk"), to_status__in=states)
        .order_by()
        .values("idea")
        .annotate(d=models.Min("decided_on"))
        .values("d")[:1]
    )
    wrong = (
        Idea.objects.annotate(trail=models.Subquery(first))
        .exclude(**{f"{field}__isnull": True, "trail__isnull": True})
        .filter(
            models.Q(**{f"{field}__isnull": True})
            | models.Q(trail__isnull=True)
            | ~models.Q(**{field: models.F("trail")})
        )
        .order_by("pk")
        .values_list("pk", field, "trail")
    )
    problems = [
        f"idea {pk}: {field} {stored}, its trail says {trail}"
        for pk, stored, trail in wrong[:EXAMPLES]
    ]
    return _examples(problems, wrong.count() if problems else 0, "ideas")


def first_decisions() -> list[str]:
    """``Idea.first_decided_on`` is the earliest adoption, rejection or merge of the trail."""
    return _first_dates("first_decided_on", FIRST_DECISIONS)


def first_answers() -> list[str]:
    """``Idea.first_answered_on`` is the earliest answer (review or decision) of the trail."""
    return _first_dates("first_answered_on", FIRST_ANSWERS)


def trail_chains() -> list[str]:
    """Each trail entry starts where the previous one of the idea ended."""
    problems: list[str] = []
    total = 0
    current: dict[int, str] = {}
    rows = StatusChange.objects.order_by("idea_id", "created", "pk").values_list(
        "pk", "idea_id", "from_status", "to_status"
    )
    for pk, idea_id, from_status, to_status in rows.iterator(chunk_size=5000):
        expected = current.get(idea_id, guards.INITIAL_STATUS)
        if from_status != expected:
            total += 1
            if len(problems) < EXAMPLES:
                problems.append(
                    f"status change {pk} (idea {idea_id}) starts from {from_status}, "
                    f"but the idea was {expected}"
                )
        current[idea_id] = to_status
    return _examples(problems, total, "status changes")


def comment_trees() -> list[str]:
    """comments-xtd's tree fields: thread, parent, level, order and nested_count agree."""
    max_levels: dict[int, int] = {}
    nodes = {}
    for row in (
        XtdComment.norel_objects.order_by()
        .values_list(
            "pk",
            "content_type_id",
            "object_pk",
            "thread_id",
            "parent_id",
            "level",
            "order",
            "nested_count",
        )
        .iterator(chunk_size=5000)
    ):
        nodes[row[0]] = row
    problems: list[str] = []
    total = 0

    def problem(text: str) -> None:
        nonlocal total
        total += 1
        if len(problems) < EXAMPLES:
            problems.append(text)

    descendants: dict[int, int] = defaultdict(int)
    orders: dict[int, set[int]] = defaultdict(set)
    for pk, ctype, obj, thread, parent_id, level, order, _nested in nodes.values():
        if order in orders[thread]:
            problem(f"comment {pk}: order {order} is taken twice in thread {thread}")
        orders[thread].add(order)
        if parent_id == pk:
            if level != 0 or thread != pk:
                problem(f"comment {pk}: a first-level comment with level {level}, thread {thread}")
            continue
        parent = nodes.get(parent_id)
        if parent is None:
            problem(f"comment {pk}: its parent {parent_id} does not exist")
            continue
        if (parent[1], parent[2], parent[3]) != (ctype, obj, thread):
            problem(f"comment {pk}: not in the thread or on the object of its parent {parent_id}")
        if level != parent[5] + 1:
            problem(f"comment {pk}: level {level} under a parent of level {parent[5]}")
        if ctype not in max_levels:
            max_levels[ctype] = max_thread_level_for_content_type(
                ContentType.objects.get_for_id(ctype)
            )
        if level > max_levels[ctype]:
            problem(f"comment {pk}: level {level} is deeper than allowed ({max_levels[ctype]})")
        if not parent[6] < order <= parent[6] + parent[7]:
            problem(
                f"comment {pk}: order {order} lies outside its parent's replies "
                f"({parent[6]} + {parent[7]})"
            )
        # Every ancestor gains one descendant.
        seen = {pk}
        ancestor = parent
        while ancestor is not None and ancestor[0] not in seen:
            descendants[ancestor[0]] += 1
            seen.add(ancestor[0])
            ancestor = nodes.get(ancestor[4]) if ancestor[4] != ancestor[0] else None
    for pk, *_rest, nested in nodes.values():
        if nested != descendants.get(pk, 0):
            problem(f"comment {pk}: nested_count {nested}, {descendants.get(pk, 0)} replies below")
    return _examples(problems, total, "comment problems")


def internal_content() -> list[str]:
    """Ideas of internal spaces are written, supported and discussed by staff only."""
    User = get_user_model()
    staff = User.objects.filter(
        models.Q(is_superuser=True) | models.Q(groups__name__in=INTERNAL_GROUPS)
    ).values("pk")
    internal = Idea.objects.filter(space__content_type_id__in=internal_space_content_type_ids())
    problems: list[str] = []
    total = 0
    checks = [
        ("written", internal.filter(author__isnull=False).exclude(author__in=staff)),
        (
            "supported",
            internal.filter(pk__in=IdeaSupport.objects.exclude(user__in=staff).values("idea")),
        ),
        (
            "discussed",
            internal.filter(
                pk__in=XtdComment.objects.filter(
                    content_type=ContentType.objects.get_for_model(Idea), user__isnull=False
                )
                .exclude(user__in=staff)
                .values_list(Cast("object_pk", models.BigIntegerField()))
            ),
        ),
    ]
    for verb, ideas in checks:
        wrong = list(ideas.order_by("pk").values_list("pk", flat=True).distinct()[:EXAMPLES])
        total += len(wrong)
        problems += [f"internal idea {pk}: {verb} by someone who is not staff" for pk in wrong]
    return problems if total <= EXAMPLES else _examples(problems, total, "internal ideas")


def stored_html() -> list[str]:
    """Every comment has its state row with the HTML of a non-empty text; every idea with a
    description has its HTML (rendered when written: `manage.py render_user_text` repairs)."""
    comments = (
        XtdComment.objects.exclude(comment="")
        .filter(models.Q(state__isnull=True) | models.Q(state__text_html=""))
        .exclude(state__deleted_at__isnull=False)
        .exclude(state__removed_at__isnull=False)
    )
    ideas = Idea.objects.exclude(description="").filter(description_html="")
    problems = [
        f"comment {pk}: no stored HTML" for pk in comments.values_list("pk", flat=True)[:EXAMPLES]
    ]
    problems += [
        f"idea {pk}: no stored HTML" for pk in ideas.values_list("pk", flat=True)[:EXAMPLES]
    ]
    total = comments.count() + ideas.count() if problems else 0
    return _examples(problems, total, "rows without stored HTML")


CHECKS: dict[str, Callable[[], list[str]]] = {
    "support counts": support_counts,
    "comment counts": comment_counts,
    "participation request counts": participation_request_counts,
    "statuses": statuses,
    "first decisions": first_decisions,
    "first answers": first_answers,
    "status trail chains": trail_chains,
    "comment trees": comment_trees,
    "internal content": internal_content,
    "stored HTML": stored_html,
}


def run() -> dict[str, list[str]]:
    """Every check by name, with its problems (empty when it holds)."""
    return {name: check() for name, check in CHECKS.items()}
