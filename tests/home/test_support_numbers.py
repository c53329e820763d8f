"""After a support, kept pages get the new number put in instead of being rendered again.

Idea cards and the idea page show the number of supports of an idea in an element of its own
(``data-supports-of``). A support of such an idea changes nothing else on those pages, so a
page kept for anonymous readers, for one session or for all plain citizens is answered with the
new number read in one query, and kept again with it (``home.pagecache.refilled``). A page
that shows more of a support (the reader's own button, an order by supports) is rendered.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from home import pagecache
from ideen.listing import IDEAS_PER_PAGE
from tests.factories import CategoryFactory, IdeaFactory, UserFactory
from tests.home.test_pagecache import assert_personal_hit, get, logged_in, rendered, text
from tests.home.test_support_generations import queries, support


def forget_pages():
    cache.clear()
    copies = pagecache.local_copies()
    if copies is not None:
        for key in list(copies._entries):
            copies.discard(key)


@pytest.mark.parametrize("page", ["project page", "idea page"])
def test_a_page_kept_for_everybody_gets_the_new_number_as_a_rendering_would_show_it(
    page, anonymous, radwege, fahrradstrasse, voters, django_assert_num_queries
):
    url = radwege.url if page == "project page" else fahrradstrasse.get_absolute_url()
    before = get(anonymous, url)
    assert "0 Unterstützungen" in before.content.decode()
    support(fahrradstrasse, voters, 2)
    with django_assert_num_queries(1):  # the number, not the page
        after = get(anonymous, url)
    content = after.content.decode()
    assert "2 Unterstützungen" in content and "0 Unterstützungen" not in content
    # a browser's copy is out of date: a new ETag, and the old one gets the whole page
    assert after["ETag"] != before["ETag"]
    assert anonymous.get(url, headers={"if-none-match": before["ETag"]}).status_code == 200
    assert anonymous.get(url, headers={"if-none-match": after["ETag"]}).status_code == 304
    if after.has_header("Content-Length"):
        assert int(after["Content-Length"]) == len(after.content)
    # kept with it: the next reader costs no query
    with django_assert_num_queries(0):
        assert get(anonymous, url).content == after.content
    # and it is the very page a rendering gives
    forget_pages()
    assert rendered(anonymous, url)
    assert get(anonymous, url).content == after.content


def test_a_citizens_own_page_gets_the_new_number_but_their_own_support_renders_it(
    radwege, fahrradstrasse, voters, settings, django_assert_num_queries
):
    settings.CITIZEN_PAGES_ENABLED = False  # the page kept for her session
    client = logged_in(UserFactory(display_name="Maria Beispiel"))
    url = fahrradstrasse.get_absolute_url()
    assert_personal_hit(client, url, django_assert_num_queries)
    support(fahrradstrasse, voters)
    with django_assert_num_queries(1):  # the number and her own support, not the page
        page = text(client, url)
    assert "1 Unterstützung" in page and 'aria-pressed="false"' in page
    with django_assert_num_queries(0):
        assert text(client, url) == page
    # her own support changes her button: rendered
    client.post(reverse("ideen:support", args=[fahrradstrasse.pk]), {"state": "1"})
    assert rendered(client, url)
    page = text(client, url)
    assert "2 Unterstützungen" in page and 'aria-pressed="true"' in page


def test_a_page_citizens_share_gets_the_new_number_for_every_reader(
    radwege, fahrradstrasse, voters
):
    first, reader, supporter = (
        logged_in(UserFactory(display_name=name)) for name in ["Ida", "Jan Leser", "Eva Dritte"]
    )
    url = fahrradstrasse.get_absolute_url()
    text(first, url)
    support(fahrradstrasse, voters)
    # the user, the number, the reader's marks: not rendered
    assert queries(reader, url) == 3
    page = text(reader, url)
    assert "Jan Leser" in page and "1 Unterstützung" in page
    # a supporter is not given the shared page: their button is pressed
    supporter.post(reverse("ideen:support", args=[fahrradstrasse.pk]), {"state": "1"})
    page = text(supporter, url)
    assert "Eva Dritte" in page and 'aria-pressed="true"' in page
    assert "2 Unterstützungen" in page


def cards_order(page: str) -> list[str]:
    return re.findall(r'class="idea-card__title"[^>]*><a [^>]*>([^<]+)<', page)


def test_a_list_ordered_by_supports_is_rendered_after_a_support(
    anonymous, radwege, fahrradstrasse, voters
):
    newer = IdeaFactory(space=radwege, title="Zebrastreifen", category=CategoryFactory())
    url = f"{radwege.url}?sort=supported"
    assert cards_order(text(anonymous, url)) == ["Zebrastreifen", "Fahrradstraße"]
    support(fahrradstrasse, voters)
    assert rendered(anonymous, url)
    assert cards_order(text(anonymous, url)) == ["Fahrradstraße", "Zebrastreifen"]
    assert newer.title in text(anonymous, radwege.url)


def test_a_support_of_a_proposal_not_on_the_page_keeps_it(
    anonymous, radwege, fahrradstrasse, voters, django_assert_num_queries
):
    for number in range(IDEAS_PER_PAGE):  # newer: the first page shows these
        IdeaFactory(space=radwege, title=f"Vorschlag {number}", category=CategoryFactory())
    kept = get(anonymous, radwege.url).content
    assert "Fahrradstraße" not in kept.decode()
    support(fahrradstrasse, voters)
    with django_assert_num_queries(0):
        assert get(anonymous, radwege.url).content == kept
    assert "1 Unterstützung" in text(anonymous, f"{radwege.url}?page=2")
