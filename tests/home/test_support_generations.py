"""A support renews only the pages that show supports of its proposal (home.pagecache).

During a campaign supports come in all the time. Each renews the support generations of its
proposal, its space and of all supports, not the content generation: the pages of the other
proposals (in its project and elsewhere), of other projects, the home page, the project index
and the decisions stay stored, while the supported proposal, its project, the statistics and
the exports show the new count at once. A support
written anywhere but the support service renews everything, and a page during whose rendering
a support was written is not kept.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beteiligung import listing
from home import pagecache
from ideen import cards
from ideen import services as ideas
from ideen.models import Idea, IdeaSupport
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectPageFactory,
    UserFactory,
    days,
    move_to,
)
from tests.home.test_pagecache import assert_personal_hit, get, logged_in, rendered, text


def open_project(index, title):
    return ProjectPageFactory(
        parent=index, title=title, participation_start=days(-7), participation_end=days(7)
    )


@pytest.fixture
def spielplaetze(index):
    return open_project(index, "Spielplätze am Rhein")


@pytest.fixture
def wasserspiel(spielplaetze):
    return IdeaFactory(space=spielplaetze, title="Wasserspiel", category=CategoryFactory())


def support(idea, voters, count=1):
    for _ in range(count):
        ideas.set_support(idea, user=next(voters), support=True)


def test_a_support_keeps_the_pages_of_other_projects_and_the_overviews(
    anonymous,
    voters,
    home_page,
    index,
    decisions,
    radwege,
    spielplaetze,
    fahrradstrasse,
    wasserspiel,
    django_assert_num_queries,
):
    kept = [
        "/",
        index.url,
        decisions.url,
        spielplaetze.url,
        wasserspiel.get_absolute_url(),
        f"{spielplaetze.url}?sort=supported",
        reverse("transparenz:feed"),
    ]
    before = {url: get(anonymous, url).content for url in kept}
    support(fahrradstrasse, voters)
    for url in kept:
        with django_assert_num_queries(0):
            assert get(anonymous, url).content == before[url], url
    # the supported proposal and its project show the new count at once
    assert "1 Unterstützung" in text(anonymous, fahrradstrasse.get_absolute_url())
    assert "1 Unterstützung" in text(anonymous, radwege.url)


def test_a_support_shows_at_once_on_statistics_exports_and_sorted_lists(
    anonymous, statistics, radwege, fahrradstrasse, wasserspiel, voters
):
    second = IdeaFactory(space=radwege, title="Zebrastreifen", category=CategoryFactory())
    sorted_url = f"{radwege.url}?sort=supported"
    support(fahrradstrasse, voters)
    page = text(anonymous, sorted_url)
    assert page.index("Fahrradstraße") < page.index("Zebrastreifen")
    stats = text(anonymous, statistics.url)
    csv_url = reverse("transparenz:opendata_csv", args=["ideen"])
    etag = get(anonymous, csv_url)["ETag"]
    assert anonymous.get(csv_url, headers={"if-none-match": etag}).status_code == 304

    support(second, voters, 2)
    page = text(anonymous, sorted_url)
    assert page.index("Zebrastreifen") < page.index("Fahrradstraße")
    assert text(anonymous, statistics.url) != stats
    assert anonymous.get(csv_url, headers={"if-none-match": etag}).status_code == 200
    # and a support in another project renews them too: they show all supports
    assert not rendered(anonymous, statistics.url)
    support(wasserspiel, voters)
    assert rendered(anonymous, statistics.url)
    assert anonymous.get(csv_url, headers={"if-none-match": etag}).status_code == 200


def test_taking_a_support_back_shows_at_once(anonymous, radwege, fahrradstrasse, voters):
    voter = next(voters)
    ideas.set_support(fahrradstrasse, user=voter, support=True)
    assert "1 Unterstützung" in text(anonymous, radwege.url)
    ideas.set_support(fahrradstrasse, user=voter, support=False)
    assert "0 Unterstützungen" in text(anonymous, radwege.url)
    assert "0 Unterstützungen" in text(anonymous, fahrradstrasse.get_absolute_url())


def test_a_support_written_outside_the_service_renews_every_page(
    anonymous, home_page, spielplaetze, fahrradstrasse, wasserspiel, voters
):
    """A merge, a deleted account or the admin write supports without naming their space:
    then every page is rendered again (the content generation)."""
    for url in ("/", spielplaetze.url, wasserspiel.get_absolute_url()):
        get(anonymous, url)
        assert not rendered(anonymous, url)
    IdeaSupport.objects.create(idea=wasserspiel, user=next(voters))
    Idea.objects.filter(pk=wasserspiel.pk).update(support_count=F("support_count") + 1)
    assert "1 Unterstützung" in text(anonymous, spielplaetze.url)
    assert rendered(anonymous, "/")


def test_a_page_during_whose_rendering_a_support_was_written_is_not_kept(
    anonymous, radwege, fahrradstrasse, monkeypatch, voters
):
    """The generation of a single project is read after its page was rendered: a support of
    that project in between would leave the old count under the new generation. Every support
    also renews the generation of all supports, read before the rendering, so such a page is
    not kept."""
    real = listing.follows_project
    voted = []

    def follows_project_while_somebody_votes(user, project):
        # the proposals were read already; now a support of one of them comes in
        if not voted:
            voted.append(True)
            support(fahrradstrasse, voters)
        return real(user, project)

    monkeypatch.setattr(listing, "follows_project", follows_project_while_somebody_votes)
    assert "0 Unterstützungen" in text(anonymous, radwege.url)
    assert "1 Unterstützung" in text(anonymous, radwege.url)
    assert not rendered(anonymous, radwege.url)  # kept once nothing happened meanwhile


def test_a_support_keeps_the_pages_of_the_other_proposals_of_its_project(
    anonymous, radwege, fahrradstrasse, voters, django_assert_num_queries, settings
):
    zebrastreifen = IdeaFactory(space=radwege, title="Zebrastreifen", category=CategoryFactory())
    other = zebrastreifen.get_absolute_url()
    settings.CITIZEN_PAGES_ENABLED = False  # the citizen's page kept for her session
    citizen = logged_in(UserFactory(display_name="Maria Beispiel"))
    kept = get(anonymous, other).content
    assert_personal_hit(citizen, other, django_assert_num_queries)
    support(fahrradstrasse, voters)
    with django_assert_num_queries(0):
        assert get(anonymous, other).content == kept
    assert not rendered(citizen, other)
    # the supported proposal and its project (whose cards count supports) show it at once
    assert "1 Unterstützung" in text(anonymous, fahrradstrasse.get_absolute_url())
    assert "1 Unterstützung" in text(anonymous, radwege.url)
    # a support of this proposal shows on its page at once, for everybody
    support(zebrastreifen, voters)
    assert "1 Unterstützung" in text(anonymous, other)
    assert "1 Unterstützung" in text(citizen, other)


def test_a_support_keeps_the_page_citizens_share_of_another_proposal_of_its_project(
    radwege, fahrradstrasse, voters
):
    zebrastreifen = IdeaFactory(space=radwege, title="Zebrastreifen", category=CategoryFactory())
    url = zebrastreifen.get_absolute_url()
    first, reader = UserFactory(), UserFactory(display_name="Jan Leser")
    text(logged_in(first), url)
    support(fahrradstrasse, voters)
    assert queries(logged_in(reader), url) == 2  # the user, the marks: not rendered
    support(zebrastreifen, voters)
    page = text(logged_in(UserFactory(display_name="Eva Dritte")), url)
    assert "Eva Dritte" in page and "1 Unterstützung" in page


def test_a_citizens_own_pages_of_other_projects_are_kept(
    radwege, spielplaetze, fahrradstrasse, wasserspiel, django_assert_num_queries, voters, settings
):
    settings.CITIZEN_PAGES_ENABLED = False  # their pages kept per session (shared ones below)
    client = logged_in(UserFactory(display_name="Maria Beispiel"))
    url = wasserspiel.get_absolute_url()
    assert_personal_hit(client, url, django_assert_num_queries)
    support(fahrradstrasse, voters)
    assert not rendered(client, url)
    # their own support elsewhere shows on that idea's page at once
    client.post(reverse("ideen:support", args=[fahrradstrasse.pk]), {"state": "1"})
    page = text(client, fahrradstrasse.get_absolute_url())
    assert 'aria-pressed="true"' in page and "2 Unterstützungen" in page
    # and their support of this idea shows here
    client.post(reverse("ideen:support", args=[wasserspiel.pk]), {"state": "1"})
    page = text(client, url)
    assert 'aria-pressed="true"' in page and "1 Unterstützung" in page


def test_a_support_keeps_the_pages_citizens_share_of_other_projects(
    radwege, spielplaetze, fahrradstrasse, wasserspiel, voters
):
    first, reader = UserFactory(), UserFactory(display_name="Jan Leser")
    url = wasserspiel.get_absolute_url()
    text(logged_in(first), url)
    support(fahrradstrasse, voters)
    assert queries(logged_in(reader), url) == 2  # the user, the marks: not rendered
    assert "Jan Leser" in text(logged_in(reader), url)
    # a support of this idea shows at once (its number put into the page kept)
    support(wasserspiel, voters)
    assert "1 Unterstützung" in text(logged_in(reader), url)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    return len(captured)


def test_a_support_renders_only_the_card_of_its_proposal(
    anonymous, radwege, fahrradstrasse, monkeypatch, voters
):
    others = [IdeaFactory(space=radwege, category=CategoryFactory()) for _ in range(3)]
    get(anonymous, radwege.url)
    titles = []
    real = cards.render_card
    monkeypatch.setattr(
        cards, "render_card", lambda idea, level: titles.append(idea.title) or real(idea, level)
    )
    card_keys = {key for key in cache._cache if ":ideen:card:" in key}
    support(fahrradstrasse, voters)
    # (the page kept gets the new number put in: a page not kept yet is rendered)
    assert "1 Unterstützung" in text(anonymous, f"{radwege.url}?page=1")
    assert titles == ["Fahrradstraße"]
    assert all(other.title not in titles for other in others)
    # the new card replaced the old one: supports do not add entries to the cache
    assert {key for key in cache._cache if ":ideen:card:" in key} == card_keys


def test_a_page_stored_before_pages_named_their_supports_is_not_served(anonymous, radwege):
    """An entry of an earlier release (without its support generations) after an update."""
    get(anonymous, radwege.url)
    [key] = [key.split(":", 2)[2] for key in cache._cache if ":pagecache:page:" in key]
    entry = cache.get(key)
    del entry["supports"]
    cache.set(key, entry)
    copies = pagecache.local_copies()
    if copies is not None:
        copies.discard(key)
    assert rendered(anonymous, radwege.url)


def test_after_a_support_the_statistics_count_again_but_keep_their_response_times(
    anonymous, statistics, radwege, fahrradstrasse, voters
):
    """The response times read a row per answered idea; a support does not change them, so
    they are kept per content generation and only the counts are read again."""
    move_to(fahrradstrasse, "in_pruefung")  # answered, still open for supports
    other = IdeaFactory(space=radwege, category=fahrradstrasse.category)
    before = text(anonymous, statistics.url)
    assert "<dd>0</dd>" in before  # no supports yet
    support(fahrradstrasse, voters)
    with CaptureQueriesContext(connection) as queries:
        after = text(anonymous, statistics.url)
    assert "<dd>1</dd>" in after
    assert not any("first_answered_on" in query["sql"] for query in queries)
    # the same page as a fresh computation gives
    cache.clear()
    assert text(anonymous, statistics.url) == after
    # a decision renews them: it is a write of content
    move_to(other, "abgelehnt")
    with CaptureQueriesContext(connection) as queries:
        text(anonymous, statistics.url)
    assert any("first_answered_on" in query["sql"] for query in queries)
