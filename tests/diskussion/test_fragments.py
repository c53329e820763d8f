"""Thread pages shared through the cache (diskussion.fragments): the same bytes as rendering
them for each viewer, and never stale after a change."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from diskussion import fragments, services
from tests.factories import StaffUserFactory, UserFactory

from .conftest import make_comment

pytestmark = pytest.mark.django_db

#: Per-request values outside the thread page: the CSRF token and the comment form's
#: timestamp and its hash (which change with the second).
VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|timestamp|security_hash)" value=")[^"]*(")')


def normalised(response) -> str:
    assert response.status_code == 200
    return VOLATILE.sub(r"\1-\2", response.content.decode())


@pytest.fixture
def people(db, groups, moderator):
    return {
        "author": UserFactory(display_name="Anna Autorin"),
        "liker": UserFactory(display_name="Lars Liker"),
        "flagger": UserFactory(display_name="Frieda Melderin"),
        "other": UserFactory(display_name="Otto Leser"),
        "staff": StaffUserFactory(display_name="Sven Staff"),
        "moderator": moderator,
    }


@pytest.fixture
def busy(project, people):
    """Threads with replies, likes, reports, an edit, a deletion and a removal; 25 threads."""
    author, liker, flagger, other = (people[k] for k in ("author", "liker", "flagger", "other"))
    comments = []
    for n in range(25):
        root = make_comment(project, [author, other, liker][n % 3], f"Beitrag {n}")
        comments.append(root)
        reply = root
        for m in range(n % 6):  # more than are shown, on two levels
            reply = make_comment(
                project,
                [other, author][m % 2],
                f"Antwort {n}.{m}",
                parent=root if m % 2 == 0 else reply,
            )
            comments.append(reply)
    for comment in comments[::4]:
        CommentFlag.objects.create(comment=comment, user=liker, flag=LIKEDIT_FLAG)
    for comment in comments[1::7]:
        CommentFlag.objects.create(comment=comment, user=flagger, flag=CommentFlag.SUGGEST_REMOVAL)
    services.edit_comment(comments[2], "Beitrag 2, geändert")
    services.delete_comment(comments[3], project)
    services.remove_comment(comments[5], people["moderator"], "Beleidigend", project)
    return comments


VIEWS = ["", "?reihenfolge=neueste", "?kommentare=2", "?kommentare=2&reihenfolge=neueste&x=1"]


@pytest.mark.parametrize("who", ["author", "liker", "flagger", "other", "staff", "moderator", None])
def test_shared_thread_pages_are_byte_for_byte_the_viewers_own(
    client, settings, project, people, busy, who
):
    if who:
        client.force_login(people[who])
    expanded = f"?antworten={busy[0].thread_id}"
    for query in [*VIEWS, expanded]:
        url = project.url + query
        settings.THREAD_FRAGMENT_CACHE_ENABLED = False
        own = normalised(client.get(url))
        settings.THREAD_FRAGMENT_CACHE_ENABLED = True
        filled = normalised(client.get(url))
        served = normalised(client.get(url))  # from the cache
        assert filled == own
        assert served == own
        assert "<!--hole" not in served


def test_a_page_filled_by_one_viewer_is_right_for_all_others(client, project, people, busy):
    """Each viewer's personal comments are put into the page another viewer left in the cache."""
    expected = {}
    for who, user in people.items():
        client.force_login(user)
        with _fragments_off():
            expected[who] = normalised(client.get(project.url))
        client.logout()
    for who, user in people.items():
        client.force_login(user)
        assert normalised(client.get(project.url)) == expected[who], who
        client.logout()
    assert expected["author"] != expected["other"]
    assert "(Sie)" in expected["author"]
    assert "(Sie)" not in expected["staff"]  # wrote, liked and reported nothing
    assert 'aria-pressed="true"' in expected["liker"]
    assert 'aria-pressed="true"' not in expected["staff"]
    assert "Gemeldet" in expected["flagger"]
    assert "Gemeldet" not in expected["staff"]


class _fragments_off:
    def __enter__(self):
        from django.conf import settings

        self.before = getattr(settings, "THREAD_FRAGMENT_CACHE_ENABLED", True)
        settings.THREAD_FRAGMENT_CACHE_ENABLED = False

    def __exit__(self, *exc):
        from django.conf import settings

        settings.THREAD_FRAGMENT_CACHE_ENABLED = self.before


def test_the_page_is_rendered_once_for_viewers_of_a_kind(
    client, project, people, busy, django_assert_max_num_queries
):
    client.force_login(people["other"])
    client.get(project.url)
    client.force_login(people["author"])
    client.get(project.url)  # warms the session and the rights of the author
    rendered = []
    original = fragments.render_thread_page

    def counting(*args, **kwargs):
        rendered.append(1)
        return original(*args, **kwargs)

    fragments.render_thread_page = counting
    try:
        client.get(project.url)
    finally:
        fragments.render_thread_page = original
    assert rendered == []


def test_viewer_kinds_are_kept_apart(project):
    citizen = UserFactory()
    kinds = {
        fragments.viewer_kind(AnonymousUser(), False),
        fragments.viewer_kind(citizen, False),
        fragments.viewer_kind(citizen, True),
    }
    assert len(kinds) == 3


# Nothing stale: every change shows at once, for the one who made it and for everybody else.


@pytest.fixture
def reader(client, people, project, busy):
    """The other citizen's view of page one, with the cache filled."""

    def read(user=None) -> str:
        client.force_login(user or people["other"])
        return client.get(project.url).content.decode()

    read()
    client.force_login(people["author"])
    client.get(project.url)
    return read


def test_a_new_comment_shows_at_once(reader, people, project, busy):
    services.add_comment(project, people["author"], "Ganz frisch", parent=busy[0])
    assert "Ganz frisch" in reader()
    assert "Ganz frisch" in reader(people["author"])


def test_an_edit_shows_at_once(reader, people, busy):
    services.edit_comment(busy[0], "Neu formuliert")
    assert "Neu formuliert" in reader()
    assert "Neu formuliert" in reader(people["author"])


def test_a_like_shows_at_once(reader, people, busy):
    # A top-level comment by the liker that nobody liked (see the fixture ``busy``).
    comment = next(
        c for i, c in enumerate(busy) if i % 4 and i not in (3, 5) and c.user == people["liker"]
    )
    assert f'id="c{comment.pk}-likes" data-like-count></span>' in reader()
    liked, count = services.toggle_like(comment, people["author"])
    assert liked and count == 1
    assert f'id="c{comment.pk}-likes" data-like-count>1 Person' in reader()
    page = reader(people["author"])
    article = re.search(rf'<article[^>]*id="c{comment.pk}".*?</article>', page, re.DOTALL)
    assert 'aria-pressed="true"' in article.group(0)


def test_a_report_shows_at_once(reader, people, busy):
    comment = busy[1]
    CommentFlag.objects.create(comment=comment, user=people["author"], flag=services.FLAG)
    page = reader(people["author"])
    article = re.search(rf'<article[^>]*id="c{comment.pk}".*?</article>', page, re.DOTALL)
    assert "Gemeldet" in article.group(0)
    other = reader()
    article = re.search(rf'<article[^>]*id="c{comment.pk}".*?</article>', other, re.DOTALL)
    assert "Gemeldet" not in article.group(0)


def test_a_moderation_shows_at_once(reader, people, project, busy):
    services.remove_comment(busy[0], people["moderator"], "Werbung", project)
    assert "Werbung" in reader()
    assert "Werbung" in reader(people["author"])
    services.restore_comment(busy[0], project)
    assert "Werbung" not in reader()


def test_a_deletion_shows_at_once(reader, people, project, busy):
    comment = busy[6]  # a top-level comment by the author, with replies
    services.delete_comment(comment, project)
    for page in (reader(), reader(people["author"])):
        article = re.search(rf'<article[^>]*id="c{comment.pk}".*?</article>', page, re.DOTALL)
        assert "Beitrag gelöscht" in article.group(0)


def test_closing_the_discussion_shows_at_once(reader, people, project):
    """Closing the discussion is a write too: nobody gets a page with reply links after it."""
    assert "data-reply-to" in reader()
    project.participation_end = project.participation_start
    project.save()
    assert "data-reply-to" not in reader()
    assert "data-reply-to" not in reader(people["author"])


def _keys(prefix: str) -> list[str]:
    from django.core.cache import cache

    return [key for key in cache._cache if prefix in key]


def test_a_change_replaces_the_stored_page_instead_of_adding_one(reader, people, project, busy):
    """On a busy day every support starts a new generation: thread pages must not pile up in
    the cache, one per generation, until they expire."""
    stored = len(_keys(":discussion:thread:"))
    assert stored > 0
    for n in range(3):
        services.add_comment(project, people["author"], f"Noch einer {n}", parent=busy[0])
        assert f"Noch einer {n}" in reader()
    assert len(_keys(":discussion:thread:")) == stored


# Comments rendered once: reused across generations for as long as what they show is the same.


@pytest.fixture
def comment_renders(monkeypatch):
    """The comments rendered from the template, by id."""
    rendered = []
    original = fragments.render_comment

    def counting(node):
        rendered.append(node.pk)
        return original(node)

    monkeypatch.setattr(fragments, "render_comment", counting)
    return rendered


def test_after_a_change_elsewhere_no_comment_is_rendered_again(
    reader, people, project, busy, comment_renders
):
    """A support or a comment elsewhere starts a new generation: the thread page is put
    together again, from the comments rendered before, and reads the same."""
    before = normalised_text(reader())
    comment_renders.clear()
    other = UserFactory()
    make_comment(other, other, "Ein Beitrag anderswo")  # a write: a new generation
    assert normalised_text(reader()) == before
    assert comment_renders == []


def test_a_changed_comment_alone_is_rendered_again(reader, people, project, busy, comment_renders):
    comment = busy[0]
    reader()
    comment_renders.clear()
    services.edit_comment(comment, "Nur dieser ist neu")
    assert "Nur dieser ist neu" in reader()
    assert comment_renders == [comment.pk]


def test_a_renamed_author_shows_at_once(reader, people, busy):
    assert "Anna Autorin" in reader()
    author = people["author"]
    author.display_name = "Anna Neuname"
    author.save()
    page = reader()
    assert "Anna Neuname" in page
    assert "Anna Autorin" not in page


def test_the_comment_template_reads_only_what_its_key_is_made_of():
    """The key of a comment's rendering holds every value comments/comment.html reads: a new
    field used in the template without being added to the key would serve old renderings."""
    from django.template.loader import get_template

    source = get_template(fragments.COMMENT_TEMPLATE).template.source
    source = re.sub(r"{% comment %}.*?{% endcomment %}", "", source, flags=re.DOTALL)
    read = set(re.findall(r"\bnode\.(\w+)(?:\.(\w+))?", source))
    assert read, "the template reads the node"
    for name, attribute in read:
        if name == "comment":
            assert attribute in fragments.COMMENT_FIELDS, attribute
        else:
            assert name in fragments.COMMENT_INPUTS, name


def test_without_budget_comments_are_served_but_not_kept(
    reader, settings, people, busy, comment_renders
):
    settings.PAGE_CACHE_COMMENT_BUDGET = 0
    from django.core.cache import cache

    cache.clear()
    first = normalised_text(reader())
    assert not _keys(":discussion:comment:")
    make_comment(people["other"], people["other"], "Anderswo")  # a new generation
    comment_renders.clear()
    assert normalised_text(reader()) == first
    assert comment_renders  # rendered again: nothing was kept


def normalised_text(page: str) -> str:
    return VOLATILE.sub(r"\1-\2", page)
