"""Threads in pages of a bounded size: 20 top-level comments a page, replies folded beyond 3.

Every page is an ordinary link; permalinks and the redirects after an action land on the
page that shows the comment. Runs on SQLite and PostgreSQL (DATABASE_URL).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment

from tests.factories import IdeaFactory, UserFactory

from .conftest import make_comment, post_data

pytestmark = pytest.mark.django_db

ARTICLE = '<article class="comment'


def build(target, authors, threads: int, replies: int) -> list[tuple[XtdComment, list]]:
    """``threads`` top-level comments, oldest first, each with ``replies`` replies."""
    built = []
    for n in range(threads):
        root = make_comment(target, authors[n % 2], f"Thema {n + 1}")
        answers = []
        for r in range(replies):
            # The second reply answers the first: replies nest, too.
            parent = answers[0] if r == 1 else root
            answers.append(
                make_comment(target, authors[(n + r + 1) % 2], f"Antwort {n + 1}.{r + 1}", parent)
            )
        built.append((root, answers))
    return built


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def hrefs(html: str, label_pattern: str) -> list[str]:
    return [
        href.replace("&amp;", "&")
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
        if re.search(label_pattern, label)
    ]


@pytest.fixture
def authors(user, other_user):
    return [user, other_user]


@pytest.fixture
def sixty(project, authors):
    return build(project, authors, threads=60, replies=4)


def test_the_first_page_shows_20_threads_with_3_replies_each(client, project, sixty):
    html = page(client, project.url)
    assert "Diskussion (300 Beiträge)" in html
    assert html.count(ARTICLE) == 20 * (1 + 3)
    assert "Thema 20<" in html and "Thema 21<" not in html
    assert "Antwort 1.3" in html and "Antwort 1.4" not in html
    # Every thread folds its fourth reply behind a link.
    assert html.count("1 weitere Antwort<") == 20
    nav = re.search(r'<nav class="pagination discussion__pages"[^>]*>.*?</nav>', html, re.S)
    assert 'aria-label="Seiten der Diskussion"' in nav.group(0)
    assert 'aria-current="page"><span class="visually-hidden">Seite </span>1<' in nav.group(0)
    assert "Seite 1 von 3" in html


def test_pages_2_and_3_are_reached_through_the_links(client, project, sixty):
    html = page(client, project.url)
    (second,) = hrefs(html, r"Seite </span>2$")
    assert second == f"{project.url}?kommentare=2#diskussion-heading"
    html = page(client, second)
    assert "Thema 21<" in html and "Thema 40<" in html
    assert "Thema 20<" not in html and "Thema 41<" not in html
    (third,) = hrefs(html, r"^Nächste Seite$")
    html = page(client, third)
    assert "Thema 41<" in html and "Thema 60<" in html
    assert html.count(ARTICLE) == 20 * 4
    assert hrefs(html, r"^Nächste Seite$") == []
    assert hrefs(html, r"^Vorherige Seite$") == [f"{project.url}?kommentare=2#diskussion-heading"]


def test_newest_first_on_request(client, project, sixty):
    html = page(client, project.url)
    (newest,) = hrefs(html, r"^Neueste zuerst$")
    html = page(client, newest)
    assert html.index("Thema 60<") < html.index("Thema 59<")
    assert "Thema 41<" in html and "Thema 40<" not in html
    assert 'aria-current="true">Neueste zuerst<' in html
    # Replies keep the order in which they were written.
    assert html.index("Antwort 60.1") < html.index("Antwort 60.3")
    (second,) = hrefs(html, r"Seite </span>2$")
    assert "reihenfolge=neueste" in second and "kommentare=2" in second


def test_more_replies_shows_the_whole_thread_and_lands_on_the_first_folded_one(
    client, project, sixty
):
    root, answers = sixty[4]
    html = page(client, project.url)
    more = [url for url in hrefs(html, r"weitere Antwort") if f"antworten={root.pk}" in url]
    assert more == [f"{project.url}?antworten={root.pk}#c{answers[3].pk}"]
    html = page(client, more[0])
    assert "Antwort 5.4" in html
    assert html.count("1 weitere Antwort<") == 19  # the other threads stay folded
    assert html.count(ARTICLE) == 20 * 4 + 1


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999999999999999999", "2.5", ""])
def test_odd_page_numbers_give_a_page_not_an_error(client, project, sixty, value):
    html = page(client, f"{project.url}?kommentare={value}&reihenfolge=x&antworten=zz")
    assert html.count(ARTICLE) == 20 * 4


def test_permalinks_land_on_the_page_with_the_comment(client, project, sixty):
    root, answers = sixty[44]  # thread 45: page 3
    response = client.get(f"/kommentare/{root.pk}/")
    assert response["Location"] == f"{project.url}?kommentare=3#c{root.pk}"
    # The second reply is shown without unfolding, the fourth only in the whole thread.
    response = client.get(f"/kommentare/{answers[1].pk}/")
    assert response["Location"] == f"{project.url}?kommentare=3#c{answers[1].pk}"
    response = client.get(f"/kommentare/{answers[3].pk}/")
    location = response["Location"]
    assert location == f"{project.url}?kommentare=3&antworten={root.pk}#c{answers[3].pk}"
    assert f'id="c{answers[3].pk}"' in page(client, location)
    # django-comments' permalink carries the comment in its fragment; with ?c= it finds it.
    permalink = answers[3].get_absolute_url().split("#")[0]
    assert permalink.startswith("/kommentare/cr/")
    assert client.get(f"{permalink}?c={answers[3].pk}")["Location"] == location
    assert client.get(permalink)["Location"] == project.url
    first_root, _ = sixty[0]
    assert (
        client.get(f"/kommentare/{first_root.pk}/")["Location"] == f"{project.url}#c{first_root.pk}"
    )


def test_a_permalink_to_a_comment_elsewhere_is_not_found(client, project, sixty):
    assert client.get("/kommentare/999999/").status_code == 404
    assert client.get("/kommentare/9999999999999999999999/").status_code == 404


def test_a_permalink_into_a_restricted_space_tells_nothing(client, restricted_project, user):
    hidden = make_comment(restricted_project, user, "Nur für Angemeldete")
    assert client.get(f"/kommentare/{hidden.pk}/").status_code == 404
    permalink = hidden.get_absolute_url().split("#")[0]
    assert client.get(f"{permalink}?c={hidden.pk}").status_code == 404


def test_posting_a_reply_on_page_3_comes_back_to_page_3(client, project, user, sixty):
    root, _answers = sixty[50]
    client.force_login(user)
    response = client.post(
        "/kommentare/post/",
        post_data(project, "Meine späte Antwort.", reply_to=root.pk),
        follow=True,
    )
    new = XtdComment.objects.get(comment="Meine späte Antwort.")
    final_url, _status = response.redirect_chain[-1]
    assert final_url == f"{project.url}?kommentare=3&antworten={root.pk}#c{new.pk}"
    assert f'id="c{new.pk}"' in response.content.decode()


def test_the_page_has_one_like_form_not_one_per_comment(client, project, user, sixty):
    client.force_login(user)
    html = page(client, project.url)
    section = html[html.index('<section class="discussion"') :]
    # The comment form, the one like form and the reply form's template; nothing per comment.
    assert section.count("<form") == 3
    assert section.count('name="csrfmiddlewaretoken"') == 3
    assert section.count('form="comment-like-form"') == 40  # the other author's half of 80
    assert section.count('d="M12 21s') == 1  # the heart is drawn once and referenced
    assert 'data-reply-label="Ihre Antwort an __name__"' in section


def test_queries_do_not_grow_with_the_number_of_comments(
    client, project, user, authors, page_cache_off
):
    client.force_login(user)
    build(project, authors, threads=3, replies=4)
    page(client, project.url)  # warm caches
    with CaptureQueriesContext(connection) as small:
        page(client, project.url)
    build(project, authors, threads=57, replies=4)
    with CaptureQueriesContext(connection) as large:
        html = page(client, f"{project.url}?kommentare=2")
    assert "Diskussion (300 Beiträge)" in html
    assert len(large.captured_queries) == len(small.captured_queries)


def test_an_idea_with_500_comments_stays_well_under_150_kb(client, project, authors):
    idea = IdeaFactory(space=project, title="Mehr Bänke am Spoykanal")
    build(idea, authors, threads=100, replies=4)
    anonymous = len(client.get(idea.get_absolute_url()).content)
    reader = UserFactory(display_name="Lea Leserin")
    client.force_login(reader)
    logged_in = client.get(idea.get_absolute_url())
    html = logged_in.content.decode()
    assert "Diskussion (500 Beiträge)" in html
    assert html.count(ARTICLE) == 20 * 4
    print(f"idea page with 500 comments: {anonymous} bytes anonymous, {len(html)} logged in")
    # Measured: about 54 kB and 111 kB with these short texts (1.0 MB logged in before paging).
    assert anonymous < 75_000
    assert len(logged_in.content) < 125_000
