"""The idea platform's demo content: created once with realistic ideas, safe to re-run."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import OuterRef, Subquery
from wagtail.models import PageViewRestriction

from demo.loader import DEMO_LOADERS, DemoRun, load_ideas, load_users
from ideen.models import Idea, IdeaPlatformPage, IdeaSupport
from transparenz import guards

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(home_page):
    run = DemoRun(log=lambda message: None)
    # Like load_demo: trusted seeding (transparenz.guards.seeding) for the backdated history.
    with guards.seeding(connection):
        load_users(run)
        load_ideas(run)
    return run


def test_loader_is_registered():
    assert "demo.loader.load_ideas" in DEMO_LOADERS


def test_platform_page_with_about_thirty_ideas(loaded):
    platform = IdeaPlatformPage.objects.get(slug="ideenplattform")
    assert platform.live
    assert PageViewRestriction.objects.filter(page=platform, restriction_type="groups").exists()
    ideas = Idea.objects.filter(space=platform)
    assert 28 <= ideas.count() <= 35
    assert ideas.values("department").distinct().count() >= 7


def test_demo_staff_hand_in_ideas_and_are_staff(loaded):
    User = get_user_model()
    for username in ("anna.schmitz", "jonas.peters"):
        user = User.objects.get(username=username)
        assert user.groups.filter(name="Mitarbeitende").exists()
        assert Idea.objects.filter(author=user).exists()
    citizen = User.objects.get(username="maria.beispiel")
    assert not citizen.groups.filter(name="Mitarbeitende").exists()


def test_supports_match_counters_and_never_come_from_the_author(loaded):
    for idea in Idea.objects.all():
        assert idea.support_count == idea.supports.count()
    author = Subquery(Idea.objects.filter(pk=OuterRef("idea_id")).values("author_id")[:1])
    assert not IdeaSupport.objects.filter(user_id=author).exists()
    assert IdeaSupport.objects.count() > 100


def test_second_run_changes_nothing(loaded):
    counts = (Idea.objects.count(), IdeaSupport.objects.count())
    run = DemoRun(log=lambda message: None)
    load_ideas(run)
    assert (Idea.objects.count(), IdeaSupport.objects.count()) == counts
    assert run.created == []
