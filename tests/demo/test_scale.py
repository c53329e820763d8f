"""`manage.py load_scale` and `manage.py check_invariants` on a tiny generated set."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from beteiligung.models import ProjectPage
from demo import invariants, scale
from ideen.models import Idea, IdeaSupport, internal_space_content_type_ids
from tests.factories import (
    CategoryFactory,
    IdeaPlatformPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
)
from transparenz.models import StatusChange

SPEC = scale.ScaleSpec.city().scaled(0.001)


@pytest.fixture
def spaces(home_page, groups):
    today = timezone.localdate()
    index = ProjectIndexPageFactory(parent=home_page)
    open_project = ProjectPageFactory(
        parent=index,
        participation_start=today - timedelta(days=3),
        participation_end=today + timedelta(days=30),
    )
    ProjectPageFactory(parent=index)
    IdeaPlatformPageFactory(parent=home_page)
    CategoryFactory()
    return open_project


def load(*args):
    call_command("load_scale", "--scale", "0.001", "--force", *args, stdout=_Null())


class _Null:
    def write(self, *args, **kwargs):
        pass


def test_the_scaled_spec_keeps_the_shape():
    assert SPEC.users == 50
    assert SPEC.ideas == 20
    assert SPEC.status_changes == 100
    assert SPEC.comments >= SPEC.project_thread + SPEC.idea_thread
    assert SPEC.supports <= SPEC.users * SPEC.ideas


def test_load_scale_writes_the_numbers_and_keeps_every_invariant(spaces):
    existing_users = get_user_model().objects.count()
    load()
    assert get_user_model().objects.count() - existing_users == SPEC.users
    assert Idea.objects.count() == SPEC.ideas
    assert StatusChange.objects.count() == SPEC.status_changes
    assert XtdComment.objects.count() == SPEC.comments
    assert IdeaSupport.objects.count() > 0
    # The biggest threads: one on the open project page, one on an idea in it.
    project_comments = XtdComment.objects.filter(
        content_type=ContentType.objects.get_for_model(ProjectPage), object_pk=str(spaces.pk)
    )
    assert project_comments.count() == SPEC.project_thread
    assert project_comments.filter(level__gt=0).exists(), "the thread has replies"
    assert Idea.objects.filter(space=spaces, comment_count=SPEC.idea_thread).exists()
    assert Idea.objects.exclude(status=Idea.Status.SUBMITTED).exists()
    assert all(not problems for problems in invariants.run().values())
    call_command("check_invariants", stdout=_Null())


def test_a_second_run_adds_nothing(spaces):
    load()
    ideas = Idea.objects.count()
    load()
    assert Idea.objects.count() == ideas


def test_without_demo_content_it_says_what_to_do(db):
    with pytest.raises(CommandError, match="load_demo"):
        load()


def test_check_invariants_lists_a_wrong_support_count(spaces):
    load()
    idea = Idea.objects.order_by("pk").first()
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    problems = invariants.support_counts()
    assert problems == [
        f"idea {idea.pk}: support_count {idea.support_count + 1}, {idea.support_count} support rows"
    ]
    with pytest.raises(CommandError, match="1 invariant check"):
        call_command("check_invariants", stdout=_Null())


def test_check_invariants_finds_broken_comment_trees_and_counts(spaces):
    load()
    reply = XtdComment.objects.filter(level=1).order_by("pk").first()
    XtdComment.objects.filter(pk=reply.parent_id).update(nested_count=F("nested_count") + 5)
    XtdComment.objects.filter(pk=reply.pk).update(level=2)
    assert any(f"comment {reply.parent_id}: nested_count" in p for p in invariants.comment_trees())
    assert any(f"comment {reply.pk}: level 2" in p for p in invariants.comment_trees())
    idea = Idea.objects.filter(comment_count__gt=0).first()
    Idea.objects.filter(pk=idea.pk).update(comment_count=0)
    assert invariants.comment_counts() == [
        f"idea {idea.pk}: comment_count 0, {idea.comment_count} comments"
    ]


def test_check_invariants_finds_internal_ideas_touched_by_citizens(spaces):
    load()
    internal = Idea.objects.filter(
        space__content_type_id__in=internal_space_content_type_ids()
    ).first()
    citizen = UserFactory()
    IdeaSupport.objects.create(idea=internal, user=citizen)
    Idea.objects.filter(pk=internal.pk).update(support_count=F("support_count") + 1)
    assert invariants.internal_content() == [
        f"internal idea {internal.pk}: supported by someone who is not staff"
    ]
