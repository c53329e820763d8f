import re

import pytest
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from diskussion import services
from tests.factories import UserFactory

from .conftest import make_comment

pytestmark = pytest.mark.django_db


def section(html: str) -> str:
    return html.split('id="diskussion"', 1)[1].split("</section>", 1)[0]


def test_empty_discussion_for_anonymous_users_asks_to_log_in(client, project):
    html = client.get(project.url).content.decode()
    assert "Diskussion (0 Beiträge)</h2>" in html
    assert "Noch keine Beiträge." in html
    assert "/konto/login/?next=" in html
    assert "<textarea" not in html


def test_logged_in_citizen_gets_the_form_with_only_the_text_field(client, user, project):
    client.force_login(user)
    html = section(client.get(project.url).content.decode())
    assert html.count("<textarea") == 2  # the form and the reply template copy
    assert 'name="comment"' in html
    assert 'maxlength="3000"' in html
    assert 'type="email"' not in html
    assert 'name="followup"' not in html
    assert 'name="honeypot"' in html
    assert 'value="/kommentare/gepostet/"' in html


def test_closed_project_shows_comments_but_no_form(client, user, other_user, closed_project):
    make_comment(closed_project, other_user, "Alter Beitrag")
    client.force_login(user)
    html = client.get(closed_project.url).content.decode()
    assert "Alter Beitrag" in html
    assert "Die Beteiligung endete am" in html
    assert "<textarea" not in html
    assert "Antworten" not in section(html)


def test_thread_is_nested_lists_of_articles_without_landmarks(client, user, other_user, project):
    first = make_comment(project, other_user, "Ebene eins")
    second = make_comment(project, user, "Ebene zwei", parent=first)
    make_comment(project, other_user, "Ebene drei", parent=second)
    make_comment(project, user, "Zweiter Strang")

    html = section(client.get(project.url).content.decode())

    assert "Diskussion (4 Beiträge)" in client.get(project.url).content.decode()
    assert html.count('<ol class="comment-list">') == 1
    assert html.count('<ol class="comment-list comment-list--nested">') == 2
    assert html.count("<article") == 4
    assert "role=" not in html
    assert "<section" not in html
    assert "<aside" not in html
    assert "aria-hidden" not in html
    assert "display:none" not in html.replace(" ", "")
    # Order: thread order, replies inside their parent's list item.
    assert html.index("Ebene eins") < html.index("Ebene zwei") < html.index("Ebene drei")
    assert html.index("Ebene drei") < html.index("Zweiter Strang")
    assert "Antwort an Bernd Beispiel" in html


def test_comment_shows_public_name_and_date_never_email_or_avatar(client, user, project):
    comment = make_comment(project, user, "Hallo")
    html = section(client.get(project.url).content.decode())
    assert user.public_name in html
    assert user.email not in html
    assert user.username not in html
    assert "gravatar" not in html.lower()
    assert "<img" not in html
    assert re.search(r'<time class="comment__date" datetime="\d{4}-\d\d-\d\dT', html)
    assert comment.submit_date.astimezone().strftime("%Y") in html


def test_like_button_has_a_text_label_and_the_count_in_words(client, user, other_user, project):
    comment = make_comment(project, other_user, "Gefällt vielen")
    for _ in range(3):
        CommentFlag.objects.create(comment=comment, user=UserFactory(), flag=LIKEDIT_FLAG)
    client.force_login(user)
    html = section(client.get(project.url).content.decode())
    button = re.search(r"<button[^>]*comment-action--like[^>]*>(.*?)</button>", html, re.S)
    assert button is not None
    assert 'aria-pressed="false"' in button.group(0)
    assert re.sub(r"<[^>]+>", "", button.group(1)).strip() == "Gefällt mir"
    assert f'aria-describedby="c{comment.pk}-likes"' in button.group(0)
    assert "3 Personen gefällt das" in html


def test_anonymous_users_see_the_like_count_but_no_buttons(client, other_user, project):
    comment = make_comment(project, other_user)
    CommentFlag.objects.create(comment=comment, user=UserFactory(), flag=LIKEDIT_FLAG)
    html = section(client.get(project.url).content.decode())
    assert "1 Person gefällt das" in html
    assert "<button" not in html
    assert "Melden" not in html


def test_authors_get_edit_and_delete_but_cannot_like_or_report_their_own(
    client, user, other_user, project
):
    own = make_comment(project, user, "Mein Beitrag")
    theirs = make_comment(project, other_user, "Ihr Beitrag")
    client.force_login(user)
    html = section(client.get(project.url).content.decode())
    own_html = html.split(f'id="c{own.pk}"', 1)[1].split("</article>", 1)[0]
    their_html = html.split(f'id="c{theirs.pk}"', 1)[1].split("</article>", 1)[0]
    assert f"/kommentare/{own.pk}/bearbeiten/" in own_html
    assert f"/kommentare/{own.pk}/loeschen/" in own_html
    assert "gefaellt-mir" not in own_html
    assert "melden" not in own_html
    assert "bearbeiten" not in their_html
    assert f"/kommentare/{theirs.pk}/gefaellt-mir/" in their_html
    assert f"/kommentare/{theirs.pk}/melden/" in their_html


def test_edited_comment_is_marked(client, user, project):
    comment = make_comment(project, user, "Vorher")
    services.edit_comment(comment, "Nachher")
    html = section(client.get(project.url).content.decode())
    assert "Nachher" in html
    assert "bearbeitet am" in html


def test_deleted_comment_with_replies_leaves_a_placeholder(client, user, other_user, project):
    parent = make_comment(project, user, "Wird gelöscht")
    make_comment(project, other_user, "Antwort bleibt", parent=parent)
    services.delete_comment(parent, project)
    html = client.get(project.url).content.decode()
    assert "Beitrag gelöscht" in html
    assert "Wird gelöscht" not in html
    assert "Antwort bleibt" in html
    assert "Diskussion (1 Beitrag)" in html


def test_deleted_comment_without_replies_disappears(client, user, project):
    comment = make_comment(project, user, "Weg damit")
    services.delete_comment(comment, project)
    html = client.get(project.url).content.decode()
    assert "Weg damit" not in html
    assert "Beitrag gelöscht" not in html
    assert "Diskussion (0 Beiträge)" in html


def test_removed_comment_shows_the_moderation_reason(client, user, other_user, project):
    comment = make_comment(project, user, "Beleidigender Text")
    moderator = UserFactory()
    services.remove_comment(comment, moderator, "Beleidigung", project)
    html = client.get(project.url).content.decode()
    assert "Beleidigender Text" not in html
    assert "Von der Moderation entfernt." in html
    assert "Begründung: Beleidigung" in html


def build_busy_thread(target, authors, likers, count: int, start: int = 0) -> None:
    """Threads of three levels with likes, reports and edits on many comments."""
    parent = None
    for n in range(start, start + count):
        level = n % 3
        comment = make_comment(
            target, authors[n % 2], f"Beitrag {n}", parent=parent if level else None
        )
        parent = comment if level < 2 else None
        for liker in likers[: n % 4]:
            CommentFlag.objects.create(comment=comment, user=liker, flag=LIKEDIT_FLAG)
        if n % 5 == 0:
            CommentFlag.objects.create(
                comment=comment, user=likers[0], flag=CommentFlag.SUGGEST_REMOVAL
            )
        if n % 7 == 0:
            services.edit_comment(comment, f"Beitrag {n} (geändert)")


# The whole project page, of which the discussion takes 6: two permission checks of the page
# (2 queries each), the user's likes and reports on the thread page, which comes from the shared
# cache, and the comments they wrote, liked or reported (diskussion.fragments).
PAGE_QUERY_BUDGET = 26


@pytest.mark.parametrize("count", [5, 100])
def test_thread_runs_a_fixed_number_of_queries(
    client, user, other_user, project, django_assert_max_num_queries, count
):
    likers = [UserFactory() for _ in range(3)]
    build_busy_thread(project, [user, other_user], likers, count)
    client.force_login(user)
    client.get(project.url)  # warm caches (content types, site)

    with django_assert_max_num_queries(PAGE_QUERY_BUDGET) as captured:
        response = client.get(project.url)

    html = response.content.decode()
    assert f"Diskussion ({count} Beiträge)" in html
    # Threads of three comments each, 20 threads a page (tests/diskussion/test_paging.py).
    assert html.count('<article class="comment') == min(count, 20 * 3)
    comment_queries = [q for q in captured.captured_queries if "django_comment" in q["sql"]]
    assert len(comment_queries) == 2


@pytest.mark.usefixtures("page_cache_off")
def test_query_count_does_not_grow_with_the_thread(client, user, other_user, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    likers = [UserFactory() for _ in range(3)]
    client.force_login(user)
    build_busy_thread(project, [user, other_user], likers, 5)
    client.get(project.url)
    with CaptureQueriesContext(connection) as small:
        client.get(project.url)
    build_busy_thread(project, [user, other_user], likers, 95, start=5)
    with CaptureQueriesContext(connection) as large:
        response = client.get(project.url)
    assert "Diskussion (100 Beiträge)" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)


def test_add_comment_service_for_demo_content(client, user, other_user, project):
    first = services.add_comment(project, user, "<b>Erster</b> Beitrag")
    reply = services.add_comment(project, other_user, "Antwort", parent=first)
    assert first.comment == "Erster Beitrag"
    assert (reply.thread_id, reply.level) == (first.pk, 1)
    assert "Diskussion (2 Beiträge)" in client.get(project.url).content.decode()
