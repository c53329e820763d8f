"""Published response times: medians, 90th percentiles and the share answered in time, exact on
ideas with known durations, per space and overall, for the last 12 months and for all time."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from demo import invariants
from ideen.models import Idea
from tests.factories import IdeaFactory, ProjectPageFactory
from transparenz import statistics
from transparenz.models import StatisticsPage
from transparenz.services import record_status_change

pytestmark = pytest.mark.django_db
S = Idea.Status
TODAY = timezone.localdate()


def handed_in(space, category, days_ago: int, title: str) -> Idea:
    created = timezone.make_aware(datetime.combine(TODAY - timedelta(days=days_ago), time(12)))
    return IdeaFactory(space=space, category=category, title=title, created=created)


def step(idea, to, after_days: int, editor, **kwargs):
    """Record a change ``after_days`` days after the idea was handed in."""
    by_author = to == S.WITHDRAWN
    record_status_change(
        idea,
        to_status=to,
        recorded_by=idea.author if by_author else editor,
        reason="Begründung.",
        decided_on=timezone.localdate(idea.created) + timedelta(days=after_days),
        by_author=by_author,
        notify=False,
        **kwargs,
    )


@pytest.fixture(autouse=True)
def ten_days(settings):
    settings.INBOX_DUE_DAYS = {"idea": 10, "default": 3}


@pytest.fixture
def known(project, platform, category, editor):
    """Durations in days (answer / decision); the expected figures are in the tests."""
    wlan = ProjectPageFactory(parent=project.get_parent(), title="WLAN", slug="wlan")
    r1 = handed_in(project, category, 100, "r1")
    step(r1, S.UNDER_REVIEW, 2, editor)
    step(r1, S.ADOPTED, 12, editor)  # 2 / 12
    r2 = handed_in(project, category, 100, "r2")
    step(r2, S.UNDER_REVIEW, 5, editor)
    step(r2, S.REJECTED, 30, editor)  # 5 / 30
    r3 = handed_in(project, category, 100, "r3")
    step(r3, S.MERGED, 20, editor, merged_into=r1)  # 20 / 20
    r4 = handed_in(project, category, 100, "r4")
    step(r4, S.UNDER_REVIEW, 11, editor)  # 11 / –
    handed_in(project, category, 100, "r5")  # no answer after 100 days: late
    r6 = handed_in(project, category, 100, "r6")
    step(r6, S.WITHDRAWN, 1, editor)  # withdrawn without an answer: not counted
    handed_in(project, category, 3, "r7")  # still within its 10 days: not counted yet
    o1 = handed_in(project, category, 400, "o1")
    step(o1, S.UNDER_REVIEW, 40, editor)
    step(o1, S.ADOPTED, 50, editor)  # 40 / 50, older than 12 months
    handed_in(project, category, 400, "o2")  # older than 12 months, no answer: late
    w1 = handed_in(wlan, category, 50, "w1")
    step(w1, S.UNDER_REVIEW, 1, editor)  # 1 / –
    i1 = handed_in(platform, category, 50, "i1")
    step(i1, S.UNDER_REVIEW, 3, editor)  # internal: 3 / –
    return {"radwege": project, "wlan": wlan}


def test_public_figures_per_space_and_period(known):
    result = statistics.compute(AnonymousUser())
    radwege, wlan = result.spaces
    assert radwege.title == "Radwege in der Innenstadt" and wlan.title == "WLAN"
    recent, all_time = radwege.recent, radwege.all_time
    # Last 12 months: answers 2, 5, 11, 20; decisions 12, 20, 30.
    assert recent.answer_median == 8
    assert recent.answer_p90 == pytest.approx(17.3)
    assert recent.decision_median == 20
    assert recent.decision_p90 == pytest.approx(28)
    # In time: 2 and 5; late: 11, 20 and r5 still waiting.
    assert (recent.in_time, recent.late) == (2, 3)
    assert recent.in_time_share == pytest.approx(40.0)
    # All time adds o1 (40 / 50) and o2 (late).
    assert all_time.answer_median == 11
    assert all_time.answer_p90 == pytest.approx(32)
    assert all_time.decision_median == 25
    assert all_time.decision_p90 == pytest.approx(44)
    assert all_time.in_time_share == pytest.approx(200 / 7)
    assert (wlan.recent.answer_median, wlan.recent.answer_p90) == (1, 1)
    assert wlan.recent.decision_median is None
    assert wlan.all_time.in_time_share == 100.0


def test_public_figures_overall_leave_internal_ideas_out(known):
    overall = statistics.compute(AnonymousUser()).overall
    assert overall.recent.answer_median == 5  # of 1, 2, 5, 11, 20
    assert overall.recent.answer_p90 == pytest.approx(16.4)
    assert overall.recent.in_time_share == 50.0  # 1, 2, 5 of 6
    assert overall.all_time.answer_median == 8  # of 1, 2, 5, 11, 20, 40
    assert overall.all_time.answer_p90 == pytest.approx(30)
    assert (overall.all_time.decision_median, overall.all_time.decision_p90) == (25, 44)
    assert overall.all_time.in_time_share == 37.5  # 3 of 8


def test_staff_figures_count_the_internal_space(known, staff_user):
    result = statistics.compute(staff_user)
    internal = result.spaces[-1]
    assert internal.is_internal and internal.recent.answer_median == 3
    assert result.overall.recent.answer_median == 4  # of 1, 2, 3, 5, 11, 20
    assert result.overall.recent.in_time_share == pytest.approx(400 / 7)


def test_the_due_days_come_from_the_settings(known, settings):
    settings.INBOX_DUE_DAYS = {"idea": 20}
    recent = statistics.compute(AnonymousUser()).spaces[0].recent
    assert (recent.in_time, recent.late) == (4, 1)  # 2, 5, 11 and 20 in time; r5 still late
    assert recent.in_time_share == 80.0


def test_the_12_month_window_starts_a_year_ago_today(project, category, editor):
    start = statistics.one_year_before(TODAY)
    inside = handed_in(project, category, (TODAY - start).days, "inside")
    outside = handed_in(project, category, (TODAY - start).days + 1, "outside")
    step(inside, S.UNDER_REVIEW, 4, editor)
    step(outside, S.UNDER_REVIEW, 6, editor)
    figures = statistics.compute(AnonymousUser()).overall
    assert figures.recent.days_to_answer == [4]
    assert sorted(figures.all_time.days_to_answer) == [4, 6]


def test_one_year_before_a_leap_day():
    assert statistics.one_year_before(datetime(2028, 2, 29).date()) == datetime(2027, 2, 28).date()


def test_percentile_interpolates_like_percentile_cont():
    assert statistics.percentile([], 0.5) is None
    assert statistics.percentile([7], 0.9) == 7
    assert statistics.percentile([1, 2, 3, 4], 0.5) == 2.5
    assert statistics.percentile([10, 0, 20, 30, 40, 50, 60, 70, 80, 90], 0.9) == pytest.approx(81)


def test_the_database_keeps_the_first_answer(public_idea, editor):
    step(public_idea, S.UNDER_REVIEW, 0, editor)
    step(public_idea, S.ADOPTED, 3, editor)
    public_idea.refresh_from_db()
    assert public_idea.first_answered_on == timezone.localdate(public_idea.created)
    assert invariants.first_answers() == []


def test_a_withdrawal_is_no_answer(public_idea, editor):
    step(public_idea, S.WITHDRAWN, 1, editor)
    public_idea.refresh_from_db()
    assert public_idea.first_answered_on is None


def test_the_migration_backfills_first_answers(public_idea, editor):
    from importlib import import_module

    backfill = import_module("transparenz.migrations.0006_backfill_first_answers").BACKFILL
    step(public_idea, S.UNDER_REVIEW, 2, editor)
    Idea.objects.filter(pk=public_idea.pk).update(first_answered_on=None)
    assert invariants.first_answers() != []
    with connection.cursor() as cursor:
        cursor.execute(backfill)
    assert invariants.first_answers() == []


@pytest.fixture
def stats_page(home_page):
    page = StatisticsPage(title="Zahlen und Statistiken", slug="zahlen")
    home_page.add_child(instance=page)
    return page


def test_the_page_explains_and_shows_the_tables(client, known, stats_page):
    html = client.get(stats_page.url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "Antwortzeiten" in main
    assert "Die erste Antwort ist der erste Eintrag" in main
    assert main.count('id="response-times-recent"') == 1 and 'id="response-times-all"' in main
    assert "Innerhalb von 10 Tagen beantwortet" in main
    assert "17,3" in main and "40,0\u00a0%" in main  # Radwege, last 12 months
    assert "Ideenplattform" not in main  # internal figures stay internal


def test_a_new_answer_changes_the_cached_page(client, known, stats_page, editor, category):
    first = client.get(stats_page.url).content.decode()
    assert "16,4" in first  # overall p90 of the last 12 months
    late = Idea.objects.get(title="r5")
    step(late, S.UNDER_REVIEW, 99, editor)
    second = client.get(stats_page.url).content.decode()
    assert "16,4" not in second
