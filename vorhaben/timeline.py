"""The geometry of the timeline chart of the Vorhabenliste: where a date sits on the axis, the
year and quarter ticks and one bar per Vorhaben. The template only draws what this computes.

The chart comes second: the table of the timeline view holds the same data and stays the
accessible alternative."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: Drawing units of the SVG (its viewBox); the browser scales them to pixels.
PLOT_LEFT = 8
PLOT_WIDTH = 640
WIDTH = PLOT_LEFT + PLOT_WIDTH + 8
AXIS_HEIGHT = 36
ROW_HEIGHT = 46
#: Room for the title above the bar (a line of text), then the bar.
BAR_OFFSET = 24
BAR_HEIGHT = 14
#: Characters of a title that fit on the chart's width at its font size; the table has all.
TITLE_CHARS = 80

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def period_start(period: str, end: date | None) -> date | None:
    """The first day of the earliest year named in a free-text period ("2025–2027"), if that is
    not after the end; None when the period names no year."""
    years = [int(year) for year in _YEAR.findall(period or "")]
    if not years:
        return None
    start = date(min(years), 1, 1)
    if end is not None and start > end:
        return None
    return start


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    #: A year starts here (a long, labelled tick); otherwise a quarter.
    major: bool


@dataclass(frozen=True)
class Axis:
    """Whole years from ``start`` (1 January) to ``end`` (1 January of the year after)."""

    start: date
    end: date

    @classmethod
    def around(cls, days: list[date]) -> Axis:
        """The smallest axis of whole years that holds every day."""
        return cls(date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1))

    def x(self, day: date) -> float:
        """The horizontal position of a day, in drawing units, rounded to a tenth."""
        span = (self.end - self.start).days
        return round(PLOT_LEFT + PLOT_WIDTH * (day - self.start).days / span, 1)

    def ticks(self) -> list[Tick]:
        """A labelled tick at the start of each year, unlabelled ones at the other quarters;
        the end of the axis gets a tick without a label (no year follows on the axis)."""
        ticks = []
        for year in range(self.start.year, self.end.year + 1):
            for month in (1, 4, 7, 10):
                day = date(year, month, 1)
                if day > self.end:
                    break
                major = month == 1
                label = str(year) if major and day < self.end else ""
                ticks.append(Tick(self.x(day), label, major))
        return ticks

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year))


@dataclass(frozen=True)
class Bar:
    """One Vorhaben's row: its title, status and where its period and dates sit."""

    vorhaben: object
    label: str
    status: str
    status_label: str
    y: float
    #: The bar from the start of the period to the planned completion; None without a start.
    x_start: float | None
    x_planned: float | None
    #: The estimated completion, only where it differs from the plan.
    x_estimated: float | None

    @property
    def bar_y(self) -> float:
        return self.y + BAR_OFFSET

    @property
    def mid_y(self) -> float:
        return self.y + BAR_OFFSET + BAR_HEIGHT / 2

    @property
    def width(self) -> float:
        return round(max(self.x_planned - self.x_start, 2), 1)

    @property
    def late(self) -> bool:
        return (
            self.x_estimated is not None
            and self.x_planned is not None
            and self.x_estimated > self.x_planned
        )

    @property
    def marker_points(self) -> str:
        """The diamond of the estimated completion as SVG polygon points."""
        x, y, r = self.x_estimated, self.mid_y, BAR_HEIGHT / 2 + 1
        return f"{x},{y - r} {x + r},{y} {x},{y + r} {x - r},{y}"


@dataclass(frozen=True)
class Chart:
    axis: Axis
    bars: list[Bar]
    today: date
    today_x: float

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return AXIS_HEIGHT + ROW_HEIGHT * len(self.bars) + 8

    @property
    def plot_bottom(self) -> int:
        return self.height - 4

    @property
    def axis_y(self) -> int:
        return AXIS_HEIGHT - 6

    @property
    def first_year(self) -> int:
        return self.axis.start.year

    @property
    def last_year(self) -> int:
        return self.axis.end.year - 1


def _short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"


def timeline_chart(rows, today: date) -> Chart | None:
    """The chart of the rows (one page of the timeline, in its order), or None when no row has a
    date to draw. Rows without a planned completion keep their place with the title only."""
    rows = list(rows)
    days = [today]
    for row in rows:
        days += [
            day
            for day in (
                period_start(row.period, row.planned_completion),
                row.planned_completion,
                row.estimated_completion,
            )
            if day
        ]
    if len(days) == 1:
        return None
    axis = Axis.around(days)
    bars = []
    for number, row in enumerate(rows):
        planned = row.planned_completion
        start = period_start(row.period, planned) if planned else None
        estimated = row.estimated_completion
        if estimated == planned:
            estimated = None
        bars.append(
            Bar(
                vorhaben=row,
                label=_short(row.title),
                status=row.status,
                status_label=row.get_status_display(),
                y=AXIS_HEIGHT + ROW_HEIGHT * number,
                x_start=axis.x(start) if start else None,
                x_planned=axis.x(planned) if planned else None,
                x_estimated=axis.x(estimated) if estimated else None,
            )
        )
    return Chart(axis=axis, bars=bars, today=today, today_x=axis.x(today))
