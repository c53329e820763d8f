"""Idea descriptions are rendered to HTML when written, not on every page view."""

import io

import pytest
from django.core.management import call_command

from ideen import services
from ideen.models import Idea
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_description_html_is_stored_escaped_with_nofollow_links(platform, category):
    idea = IdeaFactory(
        space=platform, category=category, description="a < b\n\nSiehe https://www.kleve.de/"
    )
    stored = Idea.objects.values_list("description_html", flat=True).get(pk=idea.pk)
    assert stored == (
        '<p>a &lt; b</p>\n<p>Siehe <a href="https://www.kleve.de/" rel="nofollow ugc">'
        "https://www.kleve.de/</a></p>"
    )


def test_markup_typed_as_text_stays_text(platform, category):
    idea = IdeaFactory(space=platform, category=category, description="x")
    # Written around the model (as a bulk load would), then saved: the save renders it.
    Idea.objects.filter(pk=idea.pk).update(description='"><script>alert(1)</script>')
    idea.refresh_from_db()
    idea.save(update_fields=["description"])
    idea.refresh_from_db()
    assert "<script" not in idea.description_html
    assert "alert(1)" in idea.description_html


def test_an_edit_renders_again(platform, category):
    idea = IdeaFactory(space=platform, category=category, description="Alt")
    services.update_idea(
        idea,
        editor=idea.author,
        title=idea.title,
        description="Neu: https://www.kleve.de/",
        category=category,
    )
    idea.refresh_from_db()
    assert "Alt" not in idea.description_html
    assert 'rel="nofollow ugc"' in idea.description_html


def test_the_detail_page_shows_the_stored_html(client, platform, category):
    idea = IdeaFactory(space=platform, category=category, description="Original")
    # Prove the page reads the stored field: change only the stored HTML.
    Idea.objects.filter(pk=idea.pk).update(description_html="<p>Gespeichert</p>")
    client.force_login(idea.author)
    response = client.get(idea.get_absolute_url())
    assert response.status_code == 200
    assert "<p>Gespeichert</p>" in response.content.decode()


def test_the_command_renders_all_again(platform, category):
    ideas = IdeaFactory.create_batch(3, space=platform, category=category, description="a&b")
    Idea.objects.update(description_html="veraltet")
    call_command("render_user_text", batch_size=2, stdout=io.StringIO())
    assert set(Idea.objects.values_list("description_html", flat=True)) == {"<p>a&amp;b</p>"}
    assert len(ideas) == 3
