"""The statistics page matches a fixture computed by hand, in a fixed number of queries."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ideen.models import Idea
from tests.factories import CategoryFactory, IdeaFactory, ProjectPageFactory
from transparenz import statistics
from transparenz.models import StatisticsPage
from transparenz.services import record_status_change

pytestmark = pytest.mark.django_db
S = Idea.Status
START = timezone.localdate() - timedelta(days=60)


def submitted(space, category, title, supports=0, comments=0):
    created = timezone.make_aware(datetime.combine(START, time(12, 0)))
    return IdeaFactory(
        space=space,
        category=category,
        title=title,
        created=created,
        support_count=supports,
        comment_count=comments,
    )


def step(idea, to, day, editor, **kwargs):
    by_author = to == S.WITHDRAWN
    record_status_change(
        idea,
        to_status=to,
        recorded_by=idea.author if by_author else editor,
        reason="Begründung.",
        decided_on=START + timedelta(days=day),
        by_author=by_author,
        notify=False,
        **kwargs,
    )


@pytest.fixture
def figures_fixture(project, platform, category, editor):
    """Two public projects and the internal platform; the expected numbers are in the tests."""
    wlan = ProjectPageFactory(parent=project.get_parent(), title="WLAN", slug="wlan")
    a1 = submitted(project, category, "a1", supports=3)
    a2 = submitted(project, category, "a2", comments=4)
    step(a2, S.UNDER_REVIEW, 3, editor)
    a3 = submitted(project, category, "a3", supports=5)
    step(a3, S.UNDER_REVIEW, 2, editor)
    step(a3, S.ADOPTED, 10, editor)
    a4 = submitted(project, category, "a4", comments=1)
    step(a4, S.UNDER_REVIEW, 2, editor)
    step(a4, S.REJECTED, 20, editor)
    a5 = submitted(project, category, "a5", supports=2)
    step(a5, S.UNDER_REVIEW, 1, editor)
    step(a5, S.ADOPTED, 4, editor)
    step(a5, S.IN_IMPLEMENTATION, 5, editor)
    step(a5, S.IMPLEMENTED, 6, editor)
    a6 = submitted(project, category, "a6")
    step(a6, S.WITHDRAWN, 1, editor)
    b2 = submitted(wlan, category, "b2")
    step(b2, S.UNDER_REVIEW, 1, editor)
    step(b2, S.ADOPTED, 15, editor)
    step(b2, S.IN_IMPLEMENTATION, 16, editor)
    b1 = submitted(wlan, category, "b1")
    step(b1, S.MERGED, 6, editor, merged_into=b2)
    i1 = submitted(platform, category, "i1", supports=7)
    step(i1, S.UNDER_REVIEW, 1, editor)
    step(i1, S.REJECTED, 2, editor)
    return {"radwege": project, "wlan": wlan, "platform": platform, "a1": a1}


def test_public_figures_match_the_hand_computed_fixture(figures_fixture):
    result = statistics.compute(AnonymousUser())
    assert [f.title for f in result.spaces] == ["Radwege in der Innenstadt", "WLAN"]
    radwege, wlan = result.spaces
    assert dict(radwege.counts) == {
        S.SUBMITTED: 1,
        S.UNDER_REVIEW: 1,
        S.ADOPTED: 1,
        S.REJECTED: 1,
        S.IMPLEMENTED: 1,
        S.WITHDRAWN: 1,
    }
    assert radwege.total == 6
    assert radwege.answered_share == pytest.approx(60.0)  # 3 of 5 not withdrawn
    assert radwege.adoption_rate == pytest.approx(200 / 3)  # 2 of 3 decided for or against
    assert radwege.median_days == 10  # of 10, 20, 4
    assert (radwege.supports, radwege.comments) == (10, 5)
    assert wlan.total == 2
    assert wlan.answered_share == 100.0
    assert wlan.adoption_rate == 100.0  # the merged idea counts for neither side
    assert wlan.median_days == 10.5  # of 6 and 15
    overall = result.overall
    assert overall.total == 8
    assert overall.answered_share == pytest.approx(500 / 7)
    assert overall.adoption_rate == 75.0
    assert overall.median_days == 10  # of 4, 6, 10, 15, 20
    assert (overall.supports, overall.comments) == (10, 5)
    assert not result.includes_internal


def test_staff_also_count_internal_ideas(figures_fixture, staff_user):
    result = statistics.compute(staff_user)
    assert [f.title for f in result.spaces][-1] == "Ideenplattform"
    assert result.includes_internal
    overall = result.overall
    assert overall.total == 9
    assert overall.answered_share == 75.0
    assert overall.adoption_rate == 60.0
    assert overall.median_days == 8  # of 2, 4, 6, 10, 15, 20
    assert overall.supports == 17


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def stats_page(home_page):
    page = StatisticsPage(title="Zahlen und Statistiken", slug="zahlen")
    home_page.add_child(instance=page)
    return page


def test_the_page_shows_accessible_tables_and_charts(client, figures_fixture, stats_page):
    html = main_of(client.get(stats_page.url))
    assert "<caption" in html and '<th scope="col"' in html and '<th scope="row"' in html
    assert "66,7\u00a0%" in html and "60,0\u00a0%" in html and "10,5" in html
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "Eingereicht: 1; In Prüfung: 1; Angenommen: 1" in html
    assert "Ideenplattform" not in html and "badge--internal" not in html  # stays internal
    assert "statusaenderungen.csv" in html and "show_author" not in html


def test_staff_see_internal_figures_marked(client, figures_fixture, stats_page, staff_user):
    client.force_login(staff_user)
    html = main_of(client.get(stats_page.url))
    assert "Ideenplattform" in html and "Zahlen interner Bereiche" in html


def test_empty_state(client, stats_page):
    html = client.get(stats_page.url).content.decode()
    assert "noch keine Ideen oder Vorschläge eingereicht" in html


@pytest.mark.usefixtures("page_cache_off")
def test_fixed_queries(
    client, stats_page, figures_fixture, category, editor, django_assert_max_num_queries
):
    client.get(stats_page.url)
    with django_assert_max_num_queries(40) as few:
        client.get(stats_page.url)
    for n in range(40):
        space = figures_fixture["radwege"] if n % 2 else figures_fixture["wlan"]
        idea = submitted(space, CategoryFactory(), f"n{n}", supports=n)
        step(idea, S.UNDER_REVIEW, 1, editor)
        step(idea, S.ADOPTED if n % 3 else S.REJECTED, 2 + n % 5, editor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(stats_page.url)
    assert response.context["statistics"].overall.total == 48


def test_the_counts_read_after_every_support_come_from_one_index_alone(db):
    """After a support the statistics count states, supports, comments and Ortsteile again.
    At city scale the ideas fill 16,000 table pages for 20,000 rows; these queries read only
    columns that the index ``ideen_idea_space_listed`` holds, so PostgreSQL answers them from
    its few hundred pages (an index-only scan) instead of the table."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from transparenz import geodata

    [index] = [i for i in Idea._meta.indexes if i.name == "ideen_idea_space_listed"]
    covered = {Idea._meta.get_field(name).column for name in [*index.fields, *index.include]}
    covered.add("removed_at")  # the index's condition
    with CaptureQueriesContext(connection) as queries:
        statistics.compute(AnonymousUser())
        geodata.district_counts()
    counting = [q["sql"] for q in queries if "SUM(" in q["sql"] and '"support_count"' in q["sql"]]
    assert len(counting) == 2, counting
    for sql in counting:
        read = set(re.findall(r'"ideen_idea"\."(\w+)"', sql))
        assert read <= covered, (read - covered, sql)
