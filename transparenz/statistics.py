"""Figures for the statistics page, computed with a fixed number of aggregate queries.

Definitions (also explained on the page):

- *answered*: ideas with a decision (adopted, rejected, merged, in implementation,
  implemented), as a share of all ideas that were not withdrawn;
- *adoption rate*: adopted, in implementation and implemented, as a share of the ideas decided
  for or against (merged ideas live on in another idea and count for neither);
- *days to the first decision*: from the day an idea was handed in to the date of its first
  adoption, rejection or merge; the median over the ideas that have one.
"""

from __future__ import annotations

import statistics as pystatistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone
from wagtail.models import Page

from ideen.models import Idea, is_internal_space

from . import workflow

#: Layout of the bar charts (SVG user units).
CHART_WIDTH = 300
CHART_LABEL_HEIGHT = 20
CHART_BAR_HEIGHT = 14
CHART_ROW_GAP = 10
CHART_BAR_MAX = 240


@dataclass
class StateCount:
    status: str
    label: str
    count: int
    share: float | None = None


@dataclass
class ChartRow:
    label: str
    count: int
    y_label: int
    y_bar: int
    width: int


@dataclass
class Figures:
    """The numbers of one space, or of all spaces together."""

    title: str
    space: Page | None = None
    is_internal: bool = False
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    supports: int = 0
    comments: int = 0
    days_to_decision: list[int] = field(default_factory=list)

    def add(self, status: str, count: int, supports: int, comments: int) -> None:
        self.counts[status] += count
        self.supports += supports or 0
        self.comments += comments or 0

    @property
    def key(self) -> str:
        """A stable part for HTML ids."""
        return f"space-{self.space.pk}" if self.space is not None else "all"

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def _count(self, statuses) -> int:
        return sum(self.counts.get(status, 0) for status in statuses)

    @property
    def answered(self) -> int:
        return self._count(workflow.DECISIONS)

    @property
    def answerable(self) -> int:
        return self.total - self.counts.get(Idea.Status.WITHDRAWN, 0)

    @property
    def answered_share(self) -> float | None:
        return _percent(self.answered, self.answerable)

    @property
    def adopted(self) -> int:
        return self._count(workflow.ADOPTED)

    @property
    def rejected(self) -> int:
        return self.counts.get(Idea.Status.REJECTED, 0)

    @property
    def adoption_rate(self) -> float | None:
        return _percent(self.adopted, self.adopted + self.rejected)

    @property
    def median_days(self) -> float | None:
        if not self.days_to_decision:
            return None
        return float(pystatistics.median(self.days_to_decision))

    @property
    def by_state(self) -> list[StateCount]:
        total = self.total
        return [
            StateCount(
                status,
                workflow.label(status),
                self.counts.get(status, 0),
                _percent(self.counts.get(status, 0), total),
            )
            for status in workflow.ORDER
        ]

    @property
    def chart(self) -> dict:
        """Rows of a horizontal bar chart of ideas by state, in SVG user units."""
        states = self.by_state
        largest = max((state.count for state in states), default=0) or 1
        rows = []
        row_height = CHART_LABEL_HEIGHT + CHART_BAR_HEIGHT + CHART_ROW_GAP
        for index, state in enumerate(states):
            top = index * row_height
            rows.append(
                ChartRow(
                    label=state.label,
                    count=state.count,
                    y_label=top + CHART_LABEL_HEIGHT - 5,
                    y_bar=top + CHART_LABEL_HEIGHT,
                    width=round(CHART_BAR_MAX * state.count / largest) if state.count else 0,
                )
            )
        return {
            "rows": rows,
            "width": CHART_WIDTH,
            "height": len(rows) * row_height,
            "bar_height": CHART_BAR_HEIGHT,
            "bar_max": CHART_BAR_MAX,
            "text_y_offset": CHART_BAR_HEIGHT - 2,
        }


@dataclass
class Statistics:
    overall: Figures
    spaces: list[Figures]

    @property
    def includes_internal(self) -> bool:
        return any(figures.is_internal for figures in self.spaces)


def _percent(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return 100.0 * part / whole


def compute(user) -> Statistics:
    """The figures of every space the user may read, and of all of them together.

    Ideas removed by moderation are left out, like in every list.
    """
    ideas = Idea.objects.visible_to(user).listed()
    grouped = (
        ideas.order_by()
        .values("space_id", "status")
        .annotate(n=Count("pk"), supports=Sum("support_count"), comments=Sum("comment_count"))
    )
    # Kept by the database with every status change: no pass over the whole trail.
    first_decisions = (
        ideas.order_by()
        .filter(first_decided_on__isnull=False)
        .values_list("space_id", "created", "first_decided_on")
    )

    rows = list(grouped)
    spaces = {
        page.pk: page
        for page in Page.objects.filter(pk__in={row["space_id"] for row in rows}).only(
            "pk", "title", "content_type"
        )
    }
    overall = Figures(title="")
    per_space: dict[int, Figures] = {}
    for row in rows:
        page = spaces.get(row["space_id"])
        if page is None:
            continue
        figures = per_space.get(page.pk)
        if figures is None:
            figures = per_space[page.pk] = Figures(
                title=page.title, space=page, is_internal=is_internal_space(page)
            )
        figures.add(row["status"], row["n"], row["supports"], row["comments"])
        overall.add(row["status"], row["n"], row["supports"], row["comments"])

    for space_id, created, first_decision in first_decisions:
        days = max(0, (first_decision - timezone.localdate(created)).days)
        overall.days_to_decision.append(days)
        if space_id in per_space:
            per_space[space_id].days_to_decision.append(days)

    ordered = sorted(per_space.values(), key=lambda f: (f.is_internal, f.title.casefold()))
    return Statistics(overall=overall, spaces=ordered)
