"""Ideas and proposals in the site search (/suche/): the gate, stems, filters, highlighting.

Runs on SQLite by default and on PostgreSQL with DATABASE_URL (tests/conftest.py): the
stemming tests hold on both, through different code (ideen.search).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideen.models import Idea
from ideen.search import highlight, snippet, stem, stemmed_text
from tests.factories import (
    CategoryFactory,
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(home_page):
    index = ProjectIndexPageFactory(parent=home_page)
    return ProjectPageFactory(parent=index, title="Freies WLAN")


@pytest.fixture
def other_project(project):
    return ProjectPageFactory(parent=project.get_parent(), title="Sichere Radwege")


@pytest.fixture
def category():
    return CategoryFactory(name="Infrastruktur", slug="infrastruktur")


def proposal(project, title, description="Eine Beschreibung.", **kwargs):
    return IdeaFactory(
        space=project,
        title=title,
        description=description,
        category=kwargs.pop("category", None) or CategoryFactory(),
        author=kwargs.pop("author", None) or UserFactory(),
        **kwargs,
    )


def search(client, **params) -> str:
    response = client.get("/suche/", params)
    assert response.status_code == 200
    return response.content.decode()


# The gate: Idea.objects.visible_to(user).listed()


@pytest.fixture
def three_kinds(project, platform, staff_user):
    public = proposal(project, "Hotspot am Koekkoekplatz")
    internal = IdeaFactory(space=platform, title="Hotspot im Rathaus intern", author=staff_user)
    removed = proposal(project, "Hotspot entfernt")
    Idea.objects.filter(pk=removed.pk).update(removed_at=timezone.now(), removal_reason="Werbung")
    return public, internal, removed


def test_anonymous_readers_find_public_proposals_only(client, three_kinds):
    html = search(client, q="Hotspot")
    assert "Koekkoekplatz" in html
    assert "Rathaus intern" not in html
    assert "entfernt" not in html
    assert "1 Idee oder Vorschlag für „Hotspot“" in html


def test_citizens_do_not_find_internal_ideas(client, citizen, three_kinds):
    client.force_login(citizen)
    html = search(client, q="Hotspot")
    assert "Koekkoekplatz" in html
    assert "Rathaus intern" not in html
    assert "entfernt" not in html


@pytest.mark.parametrize("role", ["staff_user", "moderator", "editor"])
def test_staff_find_internal_ideas_but_never_removed_ones(client, request, three_kinds, role):
    client.force_login(request.getfixturevalue(role))
    html = search(client, q="Hotspot")
    assert "Koekkoekplatz" in html
    assert "Rathaus intern" in html
    assert "entfernt" not in html
    assert "2 Ideen und Vorschläge für „Hotspot“" in html


def test_internal_ideas_are_not_found_through_the_type_or_space_filter(
    client, citizen, three_kinds, platform
):
    client.force_login(citizen)
    html = search(client, q="Hotspot", typ="idee", raum=platform.pk)
    assert "Rathaus intern" not in html
    assert f'<option value="{platform.pk}"' not in html  # not even offered as a space


def test_withdrawn_proposals_are_found_like_in_the_lists(client, project):
    proposal(project, "Hotspot zurückgezogen", status=Idea.Status.WITHDRAWN)
    html = search(client, q="Hotspot")
    assert "zurückgezogen" in html
    assert "Zurückgezogen" in html  # the status label


# German stems on both databases


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Hotspot am Koekkoekplatz", "Hotspots"),
        ("Hotspot am Koekkoekplatz", "hotspot"),
        ("Hotspots an der Schwanenburg", "Hotspot"),
        ("Neuer Radweg zur Hochschule", "Radwege"),
        ("Sichere Radwege für Kinder", "Radweg"),
        ("Bessere Straßenbeleuchtung", "Straßenbeleuchtungen"),
    ],
)
def test_words_are_found_in_other_forms(client, project, title, query):
    idea = proposal(project, title)
    assert f'href="{idea.get_absolute_url()}"' in search(client, q=query), connection.vendor


def test_every_word_of_the_query_must_match_title_description_or_place(client, project):
    proposal(project, "Radweg", description="Entlang der Kanäle", location="Spoykanal")
    proposal(project, "Radweg zur Stadthalle", description="Mehr Platz")
    html = search(client, q="Radwege Kanal")
    assert "Entlang" in html
    assert "Stadthalle" not in html
    assert "Radweg" in search(client, q="Radwege Spoykanal")


def test_stems_are_stored_on_save_and_updated_with_the_text(project):
    idea = proposal(project, "Radwege", description="Hotspots")
    assert Idea.objects.get(pk=idea.pk).search_text == " radweg hotspot "
    idea.title = "Bänke"
    idea.save(update_fields=["title"])
    assert " bank " in Idea.objects.get(pk=idea.pk).search_text


def test_stemming_helpers():
    assert stem("Radwege") == stem("Radweg") == "radweg"
    assert stemmed_text("Radweg, Radwege!", "") == " radweg "
    assert stemmed_text("", "...") == ""


# Result details, filters and pagination


def test_a_result_shows_type_status_space_and_date(client, project, platform, staff_user):
    idea = proposal(project, "Hotspot am Koekkoekplatz", status=Idea.Status.UNDER_REVIEW)
    IdeaFactory(space=platform, title="Hotspot im Rathaus", author=staff_user)
    client.force_login(staff_user)
    html = search(client, q="Hotspot")
    assert f'href="{idea.get_absolute_url()}"' in html
    assert '<span class="badge">Vorschlag</span>' in html
    assert '<span class="badge">Idee</span>' in html
    assert "In Prüfung" in html
    assert "Freies WLAN" in html and "Ideenplattform" in html
    assert f'datetime="{timezone.localdate(idea.created).isoformat()}' in html


def test_filters_by_type_status_and_space(client, project, other_project, platform, staff_user):
    proposal(project, "WLAN offen", description="Hotspot")
    proposal(other_project, "Radweg geprüft", description="Hotspot", status="in_pruefung")
    IdeaFactory(space=platform, title="Hotspot intern", author=staff_user)
    client.force_login(staff_user)

    html = search(client, q="Hotspot", typ="vorschlag")
    assert "WLAN offen" in html and "Radweg geprüft" in html and "</mark> intern" not in html
    html = search(client, q="Hotspot", typ="idee")
    assert "<mark>Hotspot</mark> intern" in html and "WLAN offen" not in html
    html = search(client, q="Hotspot", status="in_pruefung")
    assert "Radweg geprüft" in html and "WLAN offen" not in html
    html = search(client, q="Hotspot", raum=project.pk)
    assert "WLAN offen" in html and "Radweg geprüft" not in html
    assert f'<option value="{project.pk}" selected>' in html
    assert "Alle Filter zurücksetzen" in html


def test_no_match_with_filters_suggests_resetting_them(client, project):
    proposal(project, "Hotspot WLAN")
    html = search(client, q="Hotspot", status="abgelehnt")
    assert "0 Ideen und Vorschläge" in html
    assert "Setzen Sie die Filter zurück" in html


def test_the_filter_form_works_without_javascript(client, project):
    html = search(client, q="Hotspot")
    assert '<form class="search-form" role="search"' in html
    assert 'method="get"' in html
    assert '<label for="id_status">Status</label>' in html
    assert 'value="Hotspot"' in html  # the term stays in the field


def test_ideas_are_paginated_with_term_and_filters_in_the_links(client, project):
    for n in range(12):
        proposal(project, f"Hotspot Nummer {n}")
    html = search(client, q="Hotspot", status="eingereicht")
    assert "12 Ideen und Vorschläge" in html
    assert html.count("search-results__item--idea") == 10
    assert "q=Hotspot&amp;status=eingereicht&amp;ideen_seite=2" in html
    html = search(client, q="Hotspot", status="eingereicht", ideen_seite=2)
    assert html.count("search-results__item--idea") == 2


def add_proposals(project, count: int) -> None:
    category = CategoryFactory()
    author = UserFactory()
    Idea.objects.bulk_create(
        [
            Idea(
                space=project,
                title=f"Hotspot {n}",
                description="Hotspots überall",
                category=category,
                author=author,
                search_text=stemmed_text(f"Hotspot {n}", "Hotspots überall"),
            )
            for n in range(count)
        ]
    )


@pytest.mark.parametrize("logged_in", [False, True])
def test_queries_do_not_grow_with_the_results(
    client, project, staff_user, logged_in, django_assert_max_num_queries
):
    if logged_in:
        client.force_login(staff_user)
    add_proposals(project, 3)
    with CaptureQueriesContext(connection) as few:
        search(client, q="Hotspot")
    add_proposals(project, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = search(client, q="Hotspot")
    assert "63 Ideen und Vorschläge" in html
    assert len(few.captured_queries) <= 25


# Highlighting


def test_matched_words_are_marked(client, project):
    proposal(project, "Neue Radwege am Hafen", description="Viele Radwege fehlen noch.")
    html = search(client, q="Radweg")
    assert "Neue <mark>Radwege</mark> am Hafen" in html
    assert "Viele <mark>Radwege</mark> fehlen noch." in html


def test_titles_cannot_inject_markup(client, project):
    idea = proposal(project, "Hotspot", description="Hotspot & mehr")
    # Tags are stripped when written (ideen.text); a row written around save() keeps them.
    Idea.objects.filter(pk=idea.pk).update(
        title="Hotspot <script>alert(1)</script>",
        search_text=stemmed_text("Hotspot <script>alert(1)</script>"),
    )
    html = search(client, q="Hotspot")
    assert "<script>alert(1)</script>" not in html
    assert "<mark>Hotspot</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_highlight_escapes_everything_else():
    assert highlight('<i>"Rad"</i>', "rad") == "&lt;i&gt;&quot;<mark>Rad</mark>&quot;&lt;/i&gt;"
    assert highlight("Radweg", "") == "Radweg"


def test_snippet_shows_the_text_around_the_first_match():
    text = " ".join(f"Wort{n}" for n in range(100)) + " Hotspot " + "Ende " * 50
    excerpt = snippet(text, "Hotspot")
    assert excerpt.startswith("… ") and excerpt.endswith(" …")
    assert "<mark>Hotspot</mark>" in excerpt
    assert "Wort0 " not in excerpt


# Bad input: 200 with a message, never a 500


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Hotspot " * 200},
        {"q": "Hot\x00spot"},
        {"q": "\x00"},
        {"q": "Hotspot", "ideen_seite": "x"},
        {"q": "Hotspot", "ideen_seite": "999"},
        {"q": "Hotspot", "raum": "abc"},
        {"q": "Hotspot", "typ": "'; DROP TABLE"},
        {"q": "a:* & !b | (c"},
        {"q": "_ __ ___"},
    ],
)
def test_bad_input_does_not_fail(client, project, params):
    proposal(project, "Hotspot am Koekkoekplatz")
    assert client.get("/suche/", params).status_code == 200


def test_a_very_long_query_is_cut(client, project):
    proposal(project, "Hotspot am Koekkoekplatz")
    html = search(client, q="Hotspot " * 200)
    assert "Koekkoekplatz" in html


def test_punctuation_only_is_explained(client, project):
    html = search(client, q="?!… --- ;;")
    assert "Bitte geben Sie ein Wort mit Buchstaben oder Ziffern ein" in html


def test_unknown_filter_values_are_reset_with_a_message(client, project):
    proposal(project, "Hotspot am Koekkoekplatz")
    html = search(client, q="Hotspot", status="erfunden", raum="999999")
    assert "Koekkoekplatz" in html
    assert "Ein Filter hatte einen unbekannten Wert und wurde zurückgesetzt: Status" in html
