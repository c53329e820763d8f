"""Citizens' demo proposals on the demo projects: realistic, consistent, safe to re-run."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from beteiligung.models import ProjectPage
from demo.loader import read
from home.setup import ensure_site_root
from ideen.models import Idea, IdeaFollow, IdeaSupport
from transparenz.models import StatusChange

S = Idea.Status


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, loaded once for this module and rolled back afterwards."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        ensure_site_root()
        call_command("load_demo", force=True, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def loaded(loaded_demo, db):
    return loaded_demo


def proposals():
    return Idea.objects.filter(space__in=ProjectPage.objects.all())


def test_four_to_eight_proposals_on_every_project_that_takes_them(loaded):
    for project in ProjectPage.objects.live():
        count = Idea.objects.filter(space=project).count()
        if project.offers_proposals:
            assert 4 <= count <= 8, project.slug
        else:
            assert count == 0, project.slug


def test_proposals_use_the_projects_categories_and_some_name_a_place(loaded):
    for idea in proposals().select_related("category"):
        project = idea.space.specific
        assert idea.category in project.offered_categories(), idea.title
    assert proposals().exclude(location="").count() >= 8
    assert proposals().exclude(district="").count() >= 8


def test_proposals_are_dated_within_the_participation_period(loaded):
    now = timezone.now()
    for idea in proposals():
        project = idea.space.specific
        day = timezone.localdate(idea.created)
        assert project.participation_start <= day <= project.participation_end, idea.title
        assert idea.created <= now
        for support in idea.supports.all():
            assert idea.created <= support.created <= now, idea.title
            assert timezone.localdate(support.created) <= project.participation_end


def test_support_counts_match_and_nobody_supports_their_own_proposal(loaded):
    for idea in proposals():
        assert idea.support_count == idea.supports.count() > 0, idea.title
        assert not idea.supports.filter(user=idea.author).exists()
        assert IdeaFollow.objects.filter(idea=idea, user=idea.author).exists()
    assert IdeaSupport.objects.filter(idea__in=proposals()).count() >= 100


def test_decisions_on_closed_projects_only_with_reasons_and_plausible_dates(loaded):
    today = timezone.localdate()
    for project in ProjectPage.objects.live():
        changes = StatusChange.objects.filter(idea__space=project)
        if project.is_participation_open or project.participation_state == "upcoming":
            assert not changes.exists(), project.slug
            continue
        assert changes.exists(), project.slug
        for change in changes:
            assert project.participation_end <= change.decided_on <= today
            assert change.decided_on >= timezone.localdate(change.idea.created)
            if change.to_status in (S.ADOPTED, S.REJECTED, S.MERGED, S.IMPLEMENTED):
                assert len(change.reason) > 60, change.idea.title
    courses = set(
        Idea.objects.filter(space__slug="digitalisierungskurse").values_list("status", flat=True)
    )
    assert {S.UNDER_REVIEW, S.ADOPTED, S.REJECTED} <= courses
    open_data = set(Idea.objects.filter(space__slug="open-data").values_list("status", flat=True))
    assert {S.IN_IMPLEMENTATION, S.IMPLEMENTED} <= open_data
    completed = ProjectPage.objects.get(slug="open-data")
    assert StatusChange.objects.filter(idea__space=completed).latest("decided_on").decided_on <= (
        completed.completed_on
    )


def test_demo_citizens_have_something_to_see_on_their_own_page(loaded):
    User = get_user_model()
    maria = User.objects.get(username="maria.beispiel")
    decided = proposals().filter(author=maria).exclude(status=S.SUBMITTED)
    assert decided.exists()
    assert IdeaFollow.objects.filter(user=maria).exclude(idea__author=maria).exists()
    tom = User.objects.get(username="tom.muster")
    assert IdeaSupport.objects.filter(user=tom, idea__in=proposals()).count() >= 5
    for citizen in read("users.yaml")["citizens"]:
        user = User.objects.get(username=citizen["username"])
        assert not user.has_usable_password()
        assert not user.is_staff


def test_second_run_adds_nothing(loaded):
    def counts():
        return (
            Idea.objects.count(),
            IdeaSupport.objects.count(),
            IdeaFollow.objects.count(),
            StatusChange.objects.count(),
        )

    before = counts()
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    assert counts() == before
    assert "nothing changed" in out.getvalue()
