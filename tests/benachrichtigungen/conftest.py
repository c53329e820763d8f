import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
)


@pytest.fixture
def project(home_page):
    today = timezone.localdate()
    return ProjectPageFactory(
        parent=ProjectIndexPageFactory(parent=home_page),
        title="Sitzbänke am Spoykanal",
        participation_start=today - datetime.timedelta(days=3),
        participation_end=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def petra(db):
    return UserFactory(display_name="Petra", email="petra@example.org")


@pytest.fixture
def jonas(db):
    return UserFactory(display_name="Jonas", email="jonas@example.org")


@pytest.fixture
def tom(db):
    return UserFactory(display_name="Tom", email="tom@example.org")


@pytest.fixture
def proposal(project, petra):
    return IdeaFactory(space=project, author=petra, title="Mehr Bänke am Wasser")
