"""The geometry of the timeline chart, with known dates; and that the chart is on the timeline
view of the filtered Vorhaben, not on the list."""

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.vorhaben.conftest import make_vorhaben
from vorhaben import timeline
from vorhaben.timeline import PLOT_LEFT, PLOT_WIDTH, Axis, period_start, timeline_chart

D = datetime.date


def row(title="V", period="", planned=None, estimated=None, status="geplant"):
    return SimpleNamespace(
        title=title,
        period=period,
        planned_completion=planned,
        estimated_completion=estimated,
        status=status,
        get_status_display=lambda: status.title(),
    )


@pytest.mark.parametrize(
    ("period", "end", "start"),
    [
        ("2025–2027", D(2027, 12, 31), D(2025, 1, 1)),
        ("2027-2025", D(2027, 12, 31), D(2025, 1, 1)),
        ("Externer Projektzeitraum: 2021-2022. Wiederaufnahme 2024-2025", None, D(2021, 1, 1)),
        ("ab 2026", D(2026, 6, 30), D(2026, 1, 1)),
        ("Daueraufgabe", D(2026, 6, 30), None),
        ("", None, None),
        ("12025 und 2030", D(2026, 6, 30), None),  # no year before the end: no bar
    ],
)
def test_the_start_is_the_earliest_year_of_the_period(period, end, start):
    assert period_start(period, end) == start


def test_a_date_sits_on_the_axis_in_proportion_to_the_days():
    axis = Axis.around([D(2025, 5, 1), D(2026, 2, 1)])
    assert (axis.start, axis.end) == (D(2025, 1, 1), D(2027, 1, 1))
    assert axis.x(D(2025, 1, 1)) == PLOT_LEFT
    assert axis.x(D(2027, 1, 1)) == PLOT_LEFT + PLOT_WIDTH
    # 2025 has 365 of the axis's 730 days.
    assert axis.x(D(2026, 1, 1)) == PLOT_LEFT + PLOT_WIDTH / 2
    assert axis.x(D(2025, 7, 2)) == round(PLOT_LEFT + PLOT_WIDTH * 182 / 730, 1)
    assert axis.years == [2025, 2026]


def test_ticks_label_the_years_and_mark_the_quarters():
    axis = Axis(D(2025, 1, 1), D(2027, 1, 1))
    ticks = axis.ticks()
    assert [t.label for t in ticks if t.major] == ["2025", "2026", ""]
    assert len(ticks) == 9  # 4 quarters a year and the end of the axis
    assert [t.x for t in ticks if t.major] == [8, 328, 648]
    assert ticks[1].x == axis.x(D(2025, 4, 1)) and not ticks[1].label


def test_bars_run_from_the_start_of_the_period_to_the_planned_completion():
    rows = [
        row("Bürgerbüro", "2025–2026", D(2026, 12, 31), status="in_umsetzung"),
        row("Spät", "2025", D(2025, 12, 31), estimated=D(2026, 6, 30)),
        row("Ohne Beginn", "laufend", D(2026, 6, 30), estimated=D(2026, 6, 30)),
        row("Ohne Datum"),
    ]
    chart = timeline_chart(rows, today=D(2025, 7, 1))
    axis = chart.axis
    assert (axis.start, axis.end) == (D(2025, 1, 1), D(2027, 1, 1))
    first, late, no_start, no_date = chart.bars
    assert first.x_start == PLOT_LEFT and first.x_planned == axis.x(D(2026, 12, 31))
    assert first.width == round(axis.x(D(2026, 12, 31)) - PLOT_LEFT, 1)
    assert first.status_label == "In_Umsetzung" and first.x_estimated is None
    assert late.x_estimated == axis.x(D(2026, 6, 30)) and late.late
    assert no_start.x_start is None and no_start.x_planned == axis.x(D(2026, 6, 30))
    # The same estimate as the plan is no marker.
    assert no_start.x_estimated is None
    assert no_date.x_planned is None and no_date.x_start is None
    assert [bar.y for bar in chart.bars] == [36, 82, 128, 174]
    assert chart.today_x == axis.x(D(2025, 7, 1))
    assert chart.height == 36 + 4 * 46 + 8


def test_today_widens_the_axis_and_long_titles_are_shortened():
    chart = timeline_chart([row("x" * 200, "2030", D(2031, 3, 1))], today=D(2025, 7, 1))
    assert (chart.first_year, chart.last_year) == (2025, 2031)
    label = chart.bars[0].label
    assert len(label) == timeline.TITLE_CHARS and label.endswith("…")


def test_no_chart_without_any_date():
    assert timeline_chart([row(), row()], today=D(2025, 7, 1)) is None
    assert timeline_chart([], today=D(2025, 7, 1)) is None


@pytest.mark.django_db
def test_the_chart_shows_the_filtered_vorhaben_on_the_timeline_only(client, vorhabenliste):
    make_vorhaben(
        vorhabenliste,
        "Digitales Bürgerbüro",
        period="2025–2027",
        planned_completion=D(2027, 12, 31),
        district="materborn",
    )
    make_vorhaben(vorhabenliste, "Glasfaser", period="2026", planned_completion=D(2026, 12, 31))
    url = vorhabenliste.url
    html = client.get(url, {"ansicht": "zeitplan"}).content.decode()
    assert html.index("<table") < html.index('class="timeline-chart"')
    chart = html[html.index('class="timeline-chart"') :]
    assert "Digitales Bürgerbüro" in chart and "Glasfaser" in chart
    assert 'role="img"' in chart and "Die Tabelle oben enthält dieselben Angaben." in chart
    assert 'tabindex="0"' in chart and "(Geplant)" in chart

    response = client.get(url, {"ansicht": "zeitplan", "district": "materborn"})
    assert [bar.vorhaben.title for bar in response.context["chart"].bars] == [
        "Digitales Bürgerbüro"
    ]
    chart = response.content.decode().split('class="timeline-chart"', 1)[1]
    assert "Digitales Bürgerbüro" in chart and "Glasfaser" not in chart

    listing = client.get(url)
    assert listing.context["chart"] is None
    assert "timeline-chart" not in listing.content.decode()


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_bar_and_pattern_colour_keeps_3_to_1_against_white():
    """WCAG 1.4.11: the bars' outlines, fills and pattern lines against the white chart."""
    css = (Path(__file__).resolve().parents[2] / "static/css/vorhaben.css").read_text()
    rules = dict(re.findall(r"\.(timeline-chart__[\w-]+) \{([^}]*)\}", css))
    statuses = {"geplant", "in_umsetzung", "abgeschlossen", "zurueckgestellt", "verworfen"}
    assert {f"timeline-chart__bar--{s}" for s in statuses} <= rules.keys()
    checked = [
        colour
        for name, body in rules.items()
        if name.startswith(("timeline-chart__bar--", "timeline-chart__hatch-line"))
        or name in ("timeline-chart__dot", "timeline-chart__cross-line")
        for colour in re.findall(r"#[0-9a-fA-F]{6}", body)
    ]
    assert len(checked) >= 9
    for colour in checked:
        assert 1.05 / (_luminance(colour) + 0.05) >= 3, colour
