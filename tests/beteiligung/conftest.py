"""Projects in each state, relative to today."""

import pytest

from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, days

#: Participation periods (start, end, completed_on) for each ProjectState value.
PERIODS = {
    "geplant": (days(10), days(40), None),
    "laeuft": (days(-5), days(20), None),
    "auswertung": (days(-60), days(-10), None),
    "abgeschlossen": (days(-200), days(-150), days(-20)),
}


@pytest.fixture
def index(home_page):
    return ProjectIndexPageFactory(parent=home_page)


@pytest.fixture
def make_project(index):
    """A live project in the given state: make_project("laeuft", title=...)."""

    def make(state: str = "laeuft", **fields):
        start, end, completed_on = PERIODS[state]
        defaults = {
            "participation_start": start,
            "participation_end": end,
            "completed_on": completed_on,
            "outcome": "<p>Das Ergebnis.</p>" if completed_on else "",
        }
        return ProjectPageFactory(parent=index, **{**defaults, **fields})

    return make


@pytest.fixture
def open_project(make_project):
    return make_project("laeuft", title="Freies WLAN in der Innenstadt")
