"""Figures for the statistics page, computed with a fixed number of aggregate queries.

Definitions (also explained on the page):

- *answered*: ideas with a decision (adopted, rejected, merged, in implementation,
  implemented), as a share of all ideas that were not withdrawn;
- *adoption rate*: adopted, in implementation and implemented, as a share of the ideas decided
  for or against (merged ideas live on in another idea and count for neither);
- *days to the first decision*: from the day an idea was handed in to the date of its first
  adoption, rejection or merge; the median over the ideas that have one.

Response times (the city's promise made measurable), per space and overall, for the ideas handed
in during the last 12 months and for all of them:

- *first answer*: the first entry of the trail that takes the idea up or decides on it
  (``workflow.FIRST_ANSWERS``: under review, adopted, rejected, merged, ...; a withdrawal is the
  author's, not an answer); *decision*: the first adoption, rejection or merge. The database
  keeps both dates on the idea (``first_answered_on``, ``first_decided_on``, see
  ``transparenz.guards``), so no request reads the trail;
- median and 90th percentile of the days, interpolated like SQL's ``PERCENTILE_CONT``;
- *answered in time*: answered within ``settings.INBOX_DUE_DAYS["idea"]`` days, as a share of the
  ideas answered so far plus those still waiting after their due date. Ideas still within their
  time and ideas withdrawn without an answer are left out.

Internal ideas count only in the figures of readers who may see internal spaces, like every
other figure here: the public page (and the page cache, which serves anonymous readers only)
shows public spaces alone, so nothing about internal ideas is published.
"""

from __future__ import annotations

import datetime
import math
import statistics as pystatistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from wagtail.models import Page

from home import pagecache
from home.inbox import due_days
from ideen import rules
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


def percentile(values: list[int], fraction: float) -> float | None:
    """The value below which ``fraction`` of the values lie, interpolated between neighbours
    (the same as SQL's ``PERCENTILE_CONT``); None without values."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@dataclass
class ResponseTimes:
    """Days to the first answer and to the first decision of the ideas of one period."""

    days_to_answer: list[int] = field(default_factory=list)
    days_to_decision: list[int] = field(default_factory=list)
    in_time: int = 0
    #: Answered late, or still without an answer after the due date.
    late: int = 0

    def add_answer(self, days: int, due: int) -> None:
        self.days_to_answer.append(days)
        if days <= due:
            self.in_time += 1
        else:
            self.late += 1

    @property
    def answer_median(self) -> float | None:
        return percentile(self.days_to_answer, 0.5)

    @property
    def answer_p90(self) -> float | None:
        return percentile(self.days_to_answer, 0.9)

    @property
    def decision_median(self) -> float | None:
        return percentile(self.days_to_decision, 0.5)

    @property
    def decision_p90(self) -> float | None:
        return percentile(self.days_to_decision, 0.9)

    @property
    def counted(self) -> int:
        """The ideas the share answered in time is taken of."""
        return self.in_time + self.late

    @property
    def in_time_share(self) -> float | None:
        return _percent(self.in_time, self.counted)


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
    #: Response times of the ideas handed in during the last 12 months, and of all.
    recent: ResponseTimes = field(default_factory=ResponseTimes)
    all_time: ResponseTimes = field(default_factory=ResponseTimes)

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
    due_days: int = 0
    window_start: datetime.date | None = None

    def response_rows(self, period: str) -> list[tuple[Figures, ResponseTimes]]:
        """Each space with its response times of the period ("recent" or "all_time")."""
        return [(figures, getattr(figures, period)) for figures in self.spaces]

    @property
    def recent_rows(self) -> list[tuple[Figures, ResponseTimes]]:
        return self.response_rows("recent")

    @property
    def all_time_rows(self) -> list[tuple[Figures, ResponseTimes]]:
        return self.response_rows("all_time")

    @property
    def includes_internal(self) -> bool:
        return any(figures.is_internal for figures in self.spaces)


def _percent(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return 100.0 * part / whole


def one_year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def compute(user) -> Statistics:
    """The figures of every space the user may read, and of all of them together.

    Ideas removed by moderation are left out, like in every list. The counts (states,
    supports, comments) are read on every call; the response times, which read a row per
    answered idea, once per content generation (``response_times``): a support, the most
    frequent change, does not touch them.
    """
    ideas = Idea.objects.visible_to(user).listed()
    # COUNT(*), not COUNT(id): answered from the index ideen_idea_space_listed alone.
    grouped = (
        ideas.order_by()
        .values("space_id", "status")
        .annotate(n=Count("*"), supports=Sum("support_count"), comments=Sum("comment_count"))
    )
    today = timezone.localdate()
    due = due_days("idea")
    window_start = one_year_before(today)

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

    internal = rules.can_view_internal(user)
    times = pagecache.memoize(
        f"statistics:response-times:{int(internal)}:{today.isoformat()}:{due}",
        lambda: response_times(ideas, today, due),
        content=True,
    )
    for space_id, figures in [(None, overall), *per_space.items()]:
        if space_id in times:
            figures.days_to_decision, figures.recent, figures.all_time = times[space_id]

    ordered = sorted(per_space.values(), key=lambda f: (f.is_internal, f.title.casefold()))
    return Statistics(overall=overall, spaces=ordered, due_days=due, window_start=window_start)


def response_times(ideas, today: datetime.date, due: int) -> dict:
    """Per space id, and for all together (None): the days to the first decision, and the
    response times of the last 12 months and of all time."""
    window_start = one_year_before(today)
    times: dict = {}

    def of(space_id):
        if space_id not in times:
            times[space_id] = ([], ResponseTimes(), ResponseTimes())
        return times[space_id]

    # Kept by the database with every status change: no pass over the whole trail. Every
    # decision is an answer, so the answered ideas carry the decisions too.
    first_answers = (
        ideas.order_by()
        .filter(first_answered_on__isnull=False)
        .values_list("space_id", "created", "first_answered_on", "first_decided_on")
    )
    for space_id, created, first_answer, first_decision in first_answers:
        submitted = timezone.localdate(created)
        answer_days = max(0, (first_answer - submitted).days)
        decision_days = None
        if first_decision is not None:
            decision_days = max(0, (first_decision - submitted).days)
        for days_to_decision, recent, all_time in (of(None), of(space_id)):
            periods = [all_time, recent] if submitted >= window_start else [all_time]
            if decision_days is not None:
                days_to_decision.append(decision_days)
            for period in periods:
                period.add_answer(answer_days, due)
                if decision_days is not None:
                    period.days_to_decision.append(decision_days)

    # Still without an answer after the due date: late, counted without reading the rows.
    overdue = (
        ideas.order_by()
        .filter(
            first_answered_on__isnull=True,
            created__lt=_start_of(today - datetime.timedelta(days=due)),
        )
        .exclude(status=Idea.Status.WITHDRAWN)
        .values("space_id")
        .annotate(n=Count("pk"), recent=Count("pk", filter=Q(created__gte=_start_of(window_start))))
    )
    for row in overdue:
        for _days, recent, all_time in (of(None), of(row["space_id"])):
            all_time.late += row["n"]
            recent.late += row["recent"]
    # Sorted once here: every median and percentile sorts them again, in linear time now.
    for days_to_decision, recent, all_time in times.values():
        days_to_decision.sort()
        for period in (recent, all_time):
            period.days_to_answer.sort()
            period.days_to_decision.sort()
    return times
