"""A project's state follows its dates; the page, the list and the rules agree on it."""

import pytest
from django.core.exceptions import ValidationError

from beteiligung.models import ProjectPage, ProjectPhase
from tests.factories import days

from .conftest import PERIODS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", PERIODS)
def test_state_is_the_same_on_the_page_and_in_the_queryset(make_project, state):
    project = make_project(state)
    assert project.state == state
    assert ProjectPage.objects.with_state().get(pk=project.pk).state == state
    assert list(ProjectPage.objects.in_state(state)) == [project]


def test_a_project_without_period_is_planned_and_has_no_participation(make_project):
    project = make_project("geplant", participation_start=None, participation_end=None)
    assert project.state == "geplant"
    assert not project.is_participation_open
    assert project.participation_notice == "Zu diesem Projekt gibt es keine Online-Beteiligung."


def test_participation_is_open_on_the_first_and_the_last_day(make_project):
    first_day = make_project("laeuft", participation_start=days(0), participation_end=days(3))
    last_day = make_project("laeuft", participation_start=days(-3), participation_end=days(0))
    assert first_day.is_participation_open and last_day.is_participation_open
    assert first_day.participation_notice == ""


def test_a_completed_project_is_closed_even_within_its_period(make_project):
    project = make_project("laeuft", completed_on=days(0), outcome="<p>Fertig.</p>")
    assert project.state == "abgeschlossen"
    assert not project.is_participation_open


def test_notices_say_when_participation_opens_or_that_it_ended(make_project):
    planned = make_project("geplant", participation_start=days(10))
    assert planned.participation_notice.startswith("Die Beteiligung beginnt am ")
    assert str(days(10).year) in planned.participation_notice
    ended = make_project("auswertung")
    assert ended.participation_notice.startswith("Die Beteiligung endete am ")


def test_a_project_names_what_it_does_not_offer(make_project):
    project = make_project("laeuft", offers_proposals=False)
    assert project.notice_for("proposals") == (
        "Zu diesem Projekt werden keine Vorschläge gesammelt."
    )
    assert project.notice_for("comments") == ""
    assert not project.accepts_new_ideas
    assert project.accepts_comments


def test_list_order_is_open_planned_evaluation_completed(make_project):
    completed = make_project("abgeschlossen")
    evaluation = make_project("auswertung")
    planned = make_project("geplant")
    running = make_project("laeuft")
    ordered = list(ProjectPage.objects.live().by_relevance())
    assert ordered == [running, planned, evaluation, completed]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"participation_start": days(5), "participation_end": days(1)}, "participation_end"),
        ({"participation_start": days(5), "participation_end": None}, "participation_end"),
        ({"completed_on": days(-1), "outcome": ""}, "outcome"),
    ],
)
def test_editors_get_a_message_for_inconsistent_dates(make_project, fields, field):
    project = make_project("laeuft")
    for name, value in fields.items():
        setattr(project, name, value)
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert field in error.value.message_dict


def test_timeline_marks_past_current_and_upcoming_phases(open_project):
    for position, (title, start, end) in enumerate(
        [
            ("Information", days(-30), days(-6)),
            ("Online-Beteiligung", days(-5), None),
            ("Auswertung", days(21), days(50)),
        ]
    ):
        ProjectPhase.objects.create(
            page=open_project, title=title, start_date=start, end_date=end, sort_order=position
        )
    project = ProjectPage.objects.get(pk=open_project.pk)
    assert [(e.phase.title, e.when) for e in project.timeline] == [
        ("Information", "past"),
        ("Online-Beteiligung", "current"),
        ("Auswertung", "upcoming"),
    ]
    assert project.current_phase.title == "Online-Beteiligung"
