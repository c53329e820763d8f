"""A merge works both ways: the survivor shows what was merged into it and takes over its
supporters and followers, with counters equal to rows on both ideas (ideen.services
.carry_over_marks, called by transparenz.services.record_status_change).
"""

import pytest

from demo import invariants
from ideen.models import Idea, IdeaFollow, IdeaSupport
from tests.factories import IdeaFactory, StaffUserFactory, UserFactory
from transparenz.models import StatusChange
from transparenz.services import ChangeRefused, record_status_change

pytestmark = pytest.mark.django_db

S = Idea.Status


def support(idea, *users):
    for user in users:
        IdeaSupport.objects.create(idea=idea, user=user)
    Idea.objects.filter(pk=idea.pk).update(support_count=idea.supports.count())


def follow(idea, *users):
    for user in users:
        IdeaFollow.objects.create(idea=idea, user=user)


def merge(idea, into, by):
    return record_status_change(
        idea,
        to_status=S.MERGED,
        recorded_by=by,
        reason="Der gleiche Vorschlag.",
        deciding_body="Digitalisierungsteam",
        merged_into=into,
        notify=False,
    )


def supporters(idea) -> set:
    return set(IdeaSupport.objects.filter(idea=idea).values_list("user_id", flat=True))


def followers(idea) -> set:
    return set(IdeaFollow.objects.filter(idea=idea).values_list("user_id", flat=True))


@pytest.fixture
def survivor(public_idea):
    return public_idea


@pytest.fixture
def duplicate(project, category):
    return IdeaFactory(
        space=project, category=category, author=UserFactory(), title="Fahrradstraße, bitte"
    )


def test_supporters_are_carried_over_once_without_the_survivors_author(
    survivor, duplicate, decider
):
    only_duplicate, both, only_survivor = UserFactory(), UserFactory(), UserFactory()
    support(duplicate, only_duplicate, both, survivor.author)
    support(survivor, both, only_survivor)

    merge(duplicate, survivor, decider)

    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert supporters(survivor) == {only_duplicate.pk, both.pk, only_survivor.pk}
    assert survivor.author_id not in supporters(survivor)
    assert survivor.support_count == 3
    # The merged idea keeps its supports as history: its count still equals its rows.
    assert supporters(duplicate) == {only_duplicate.pk, both.pk, survivor.author_id}
    assert duplicate.support_count == 3
    assert invariants.support_counts() == []


def test_followers_follow_the_survivor(survivor, duplicate, decider):
    reader, both = UserFactory(), UserFactory()
    follow(duplicate, reader, both)
    follow(survivor, both)

    merge(duplicate, survivor, decider)

    assert followers(survivor) == {reader.pk, both.pk}
    assert IdeaFollow.objects.filter(idea=survivor, user=both).count() == 1


def test_a_refused_merge_carries_nothing_over(survivor, duplicate, decider):
    support(duplicate, UserFactory())
    withdrawn = IdeaFactory(space=survivor.space, category=survivor.category)
    record_status_change(
        withdrawn,
        to_status=S.WITHDRAWN,
        recorded_by=withdrawn.author,
        by_author=True,
        notify=False,
    )
    with pytest.raises(ChangeRefused):
        merge(duplicate, withdrawn, decider)
    assert supporters(withdrawn) == set()
    duplicate.refresh_from_db()
    assert duplicate.status == S.SUBMITTED


def page(client, idea) -> str:
    response = client.get(idea.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_survivors_trail_lists_what_was_merged_into_it(client, survivor, duplicate, decider):
    change = merge(duplicate, survivor, decider)

    html = page(client, survivor)
    assert "In diese Idee zusammengelegt:" in html
    assert f'<a href="{duplicate.get_absolute_url()}">Fahrradstraße, bitte</a>' in html
    assert f'datetime="{change.decided_on:%Y-%m-%d}"' in html
    # ... and the merged idea's trail says where it went.
    html = page(client, duplicate)
    assert "Weitergeführt in der Idee:" in html
    assert f'<a href="{survivor.get_absolute_url()}">' in html


def test_a_removed_merged_idea_is_not_listed(client, survivor, duplicate, decider):
    merge(duplicate, survivor, decider)
    Idea.objects.filter(pk=duplicate.pk).update(removed_at=survivor.created)
    assert "Fahrradstraße, bitte" not in page(client, survivor)


def test_an_internal_merged_idea_is_shown_to_staff_only(client, idea, citizen, decider, groups):
    duplicate = IdeaFactory(
        space=idea.space,
        category=idea.category,
        author=StaffUserFactory(),
        title="Termine im Netz vereinbaren",
    )
    merge(duplicate, idea, decider)

    client.force_login(idea.author)
    assert "Termine im Netz vereinbaren" in page(client, idea)
    assert not StatusChange.objects.visible_to(citizen).filter(idea=duplicate).exists()
    client.force_login(citizen)
    assert client.get(idea.get_absolute_url()).status_code in (403, 404)


def test_merges_are_listed_through_the_gate(idea, citizen, staff_user, decider):
    from transparenz.templatetags.transparenz_tags import merged_into_idea

    duplicate = IdeaFactory(space=idea.space, category=idea.category, author=StaffUserFactory())
    change = merge(duplicate, idea, decider)
    assert merged_into_idea(idea, staff_user) == [change]
    assert merged_into_idea(idea, citizen) == []


def test_the_merge_and_the_carry_over_are_one_transaction(
    survivor, duplicate, decider, monkeypatch
):
    from transparenz import services

    def broken(merged, into):
        raise RuntimeError("carry-over failed")

    monkeypatch.setattr(services, "carry_over_marks", broken)
    with pytest.raises(RuntimeError):
        merge(duplicate, survivor, decider)
    duplicate.refresh_from_db()
    assert duplicate.status == S.SUBMITTED
    assert not StatusChange.objects.filter(idea=duplicate).exists()
