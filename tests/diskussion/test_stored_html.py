"""Comment texts are rendered to HTML when written or edited, not on every page view."""

import io

import pytest
from django.core.management import call_command

from diskussion import services
from diskussion.models import CommentState

from .conftest import make_comment

pytestmark = pytest.mark.django_db


def stored(comment) -> str:
    return CommentState.objects.get(comment=comment).text_html


def test_a_new_comment_gets_its_html_stored_escaped_with_nofollow_links(project, user):
    # make_comment stores the raw text the way a bulk import would, unsanitised.
    comment = make_comment(project, user, "<script>alert(1)</script>\n\nhttps://www.kleve.de/")
    html = stored(comment)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://www.kleve.de/" rel="nofollow ugc">' in html


def test_an_edit_renders_again_and_a_deletion_empties_it(project, user):
    comment = make_comment(project, user, "Erst so.")
    services.edit_comment(comment, "Jetzt mit Link: https://www.kleve.de/")
    assert 'rel="nofollow ugc"' in stored(comment)
    assert "Erst so." not in stored(comment)
    services.delete_comment(comment, project)
    assert stored(comment) == ""


def test_the_page_shows_the_stored_html(client, project, user):
    comment = make_comment(project, user, "Original")
    CommentState.objects.filter(comment=comment).update(text_html="<p>Gespeichert</p>")
    response = client.get(project.url)
    content = response.content.decode()
    assert "<p>Gespeichert</p>" in content
    assert "Original" not in content


def test_the_command_renders_all_again_and_creates_missing_rows(project, user):
    first = make_comment(project, user, "a&b")
    second = make_comment(project, user, "c")
    CommentState.objects.filter(comment=first).update(text_html="veraltet")
    CommentState.objects.filter(comment=second).delete()
    out = io.StringIO()
    call_command("render_user_text", batch_size=1, stdout=out)
    assert stored(first) == "<p>a&amp;b</p>"
    assert stored(second) == "<p>c</p>"
    assert "2 comments" in out.getvalue()


def test_a_row_loaded_around_the_models_is_rendered_when_shown(client, project, user):
    comment = make_comment(project, user, "Aus einem Massenimport")
    CommentState.objects.filter(comment=comment).update(text_html="")
    assert "<p>Aus einem Massenimport</p>" in client.get(project.url).content.decode()
