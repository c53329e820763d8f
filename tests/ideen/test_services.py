from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ideen import services
from ideen.models import Idea, IdeaFollow, IdeaSupport
from tests.factories import move_to

pytestmark = pytest.mark.django_db


def submit(platform, author, category, title="Digitale Urlaubsanträge", **kwargs):
    return services.submit_idea(
        space=platform,
        author=author,
        title=title,
        description=kwargs.pop("description", "Weniger Papier."),
        category=category,
        **kwargs,
    )


def test_submit_publishes_and_the_author_follows(platform, staff_user, category):
    idea = submit(platform, staff_user, category)
    assert idea.status == Idea.Status.SUBMITTED
    assert idea.space_id == platform.pk
    assert IdeaFollow.objects.filter(idea=idea, user=staff_user).exists()


def test_double_submission_within_a_minute_is_refused(platform, staff_user, category):
    submit(platform, staff_user, category)
    with pytest.raises(services.DuplicateSubmission):
        submit(platform, staff_user, category, title="  digitale   URLAUBSANTRÄGE ")
    assert Idea.objects.count() == 1


def test_same_title_later_or_by_someone_else_is_fine(platform, staff_user, other_staff, category):
    first = submit(platform, staff_user, category)
    submit(platform, other_staff, category)
    Idea.objects.filter(pk=first.pk).update(created=timezone.now() - timedelta(minutes=2))
    submit(platform, staff_user, category)
    assert Idea.objects.count() == 3


def test_citizens_cannot_submit_to_the_platform(platform, citizen, category):
    with pytest.raises(services.ActionNotAllowed):
        submit(platform, citizen, category)
    assert not Idea.objects.exists()


def test_update_marks_the_idea_as_edited(idea, staff_user, category):
    services.update_idea(
        idea,
        editor=staff_user,
        title="Neuer Titel",
        description=idea.description,
        category=category,
    )
    idea.refresh_from_db()
    assert idea.title == "Neuer Titel"
    assert idea.edited_at is not None


def test_update_without_changes_is_not_an_edit(idea, staff_user):
    services.update_idea(
        idea,
        editor=staff_user,
        title=idea.title,
        description=idea.description,
        category=idea.category,
    )
    idea.refresh_from_db()
    assert idea.edited_at is None


def test_update_after_a_decision_is_refused(idea, staff_user):
    move_to(idea, Idea.Status.UNDER_REVIEW)
    with pytest.raises(services.ActionNotAllowed):
        services.update_idea(
            idea, editor=staff_user, title="Anders", description="x", category=idea.category
        )
    idea.refresh_from_db()
    assert idea.title == "Termine online buchen"


def test_only_the_author_withdraws(idea, staff_user, other_staff):
    with pytest.raises(services.ActionNotAllowed):
        services.withdraw_idea(idea, user=other_staff)
    services.withdraw_idea(idea, user=staff_user)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.WITHDRAWN
    with pytest.raises(services.ActionNotAllowed):
        services.withdraw_idea(idea, user=staff_user)


def test_support_counts_once_and_can_be_taken_back(idea, other_staff):
    state = services.set_support(idea, user=other_staff, support=True)
    assert (state.supported, state.count, state.changed) == (True, 1, True)
    again = services.set_support(idea, user=other_staff, support=True)
    assert (again.count, again.changed) == (1, False)
    back = services.set_support(idea, user=other_staff, support=False)
    assert (back.supported, back.count, back.changed) == (False, 0, True)
    assert not IdeaSupport.objects.exists()
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_counter_follows_several_supporters(idea, other_staff, moderator, editor):
    for user in (other_staff, moderator, editor):
        services.set_support(idea, user=user, support=True)
    idea.refresh_from_db()
    assert idea.support_count == 3 == idea.supports.count()


@pytest.mark.parametrize(
    "status", [Idea.Status.ADOPTED, Idea.Status.REJECTED, Idea.Status.WITHDRAWN]
)
def test_support_on_a_closed_idea_changes_nothing(idea, other_staff, status):
    services.set_support(idea, user=other_staff, support=True)
    move_to(idea, status)
    with pytest.raises(services.ActionNotAllowed):
        services.set_support(idea, user=other_staff, support=False)
    idea.refresh_from_db()
    assert idea.support_count == 1
    assert IdeaSupport.objects.count() == 1


def test_author_cannot_support_own_idea(idea, staff_user):
    with pytest.raises(services.ActionNotAllowed, match="eigene Idee"):
        services.set_support(idea, user=staff_user, support=True)
    assert not IdeaSupport.objects.exists()


def test_citizen_cannot_support_an_internal_idea(idea, citizen):
    with pytest.raises(services.ActionNotAllowed):
        services.set_support(idea, user=citizen, support=True)
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_database_refuses_a_second_support(idea, other_staff):
    IdeaSupport.objects.create(idea=idea, user=other_staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaSupport.objects.create(idea=idea, user=other_staff)


def test_follow_and_unfollow(idea, other_staff, citizen):
    assert services.set_follow(idea, user=other_staff, follow=True) is True
    assert services.set_follow(idea, user=other_staff, follow=True) is True
    assert IdeaFollow.objects.filter(idea=idea, user=other_staff).count() == 1
    assert services.set_follow(idea, user=other_staff, follow=False) is False
    assert not IdeaFollow.objects.filter(idea=idea, user=other_staff).exists()
    with pytest.raises(services.ActionNotAllowed):
        services.set_follow(idea, user=citizen, follow=True)
