"""Similar ideas beside the idea form: the faults that made Decidim remove the feature are cases.

Decidim's version was an extra step, matched poorly (see test_similar_quality.py), showed
proposals hidden by moderation (a 404 behind the link) and matched a proposal with itself.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ideen import moderation
from ideen.models import Idea, IdeaSupport
from ideen.similar import MAX_SUGGESTIONS, similar_ideas
from tests.factories import (
    IdeaFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StaffUserFactory,
    UserFactory,
)
from transparenz.services import record_status_change

pytestmark = pytest.mark.django_db

S = Idea.Status
HOTSPOT = "Hotspot auf dem Koekkoekplatz"
HOTSPOT_TEXT = "Freies WLAN auf dem Koekkoekplatz bei Veranstaltungen und auf dem Markt."


@pytest.fixture
def project(home_page):
    today = timezone.localdate()
    return ProjectPageFactory(
        parent=ProjectIndexPageFactory(parent=home_page),
        title="Freies WLAN in der Innenstadt",
        participation_start=today - datetime.timedelta(days=5),
        participation_end=today + datetime.timedelta(days=20),
    )


@pytest.fixture
def hotspot(project, category):
    return IdeaFactory(space=project, category=category, title=HOTSPOT, description=HOTSPOT_TEXT)


def titles(ideas) -> list[str]:
    return [idea.title for idea in ideas]


def typed(**extra) -> dict:
    return {"title": "WLAN am Koekkoekplatz", "description": "Internet auf dem Platz.", **extra}


# The matching service


def test_a_duplicate_is_found_and_an_unrelated_idea_is_not(project, hotspot, citizen, category):
    IdeaFactory(space=project, category=category, title="Sitzbänke in der Unterstadt")
    found = similar_ideas(citizen, project, "Freies WLAN am Koekkoekplatz", "Internet am Platz")
    assert titles(found) == [HOTSPOT]
    assert similar_ideas(citizen, project, "Öffnungszeiten der Ämter als Daten") == []


def test_the_idea_being_edited_is_never_suggested(project, hotspot, citizen):
    assert similar_ideas(citizen, project, HOTSPOT, HOTSPOT_TEXT, exclude=hotspot) == []


def test_ideas_removed_by_moderation_are_never_suggested(project, hotspot, citizen, moderator):
    moderation.remove_idea(hotspot, moderator=moderator, reason="Werbung")
    assert similar_ideas(citizen, project, HOTSPOT, HOTSPOT_TEXT) == []


def test_only_ideas_of_the_same_space(project, hotspot, platform, category, staff_user):
    IdeaFactory(space=platform, category=category, title="Hotspot am Koekkoekplatz für Gäste")
    assert titles(similar_ideas(staff_user, project, HOTSPOT, HOTSPOT_TEXT)) == [HOTSPOT]


def test_internal_ideas_only_for_staff(platform, category, staff_user, citizen):
    IdeaFactory(space=platform, category=category, title="Termine im Bürgerbüro online buchen")
    typed_title = "Online-Termine für das Bürgerbüro"
    assert titles(similar_ideas(staff_user, platform, typed_title)) == [
        "Termine im Bürgerbüro online buchen"
    ]
    assert similar_ideas(citizen, platform, typed_title) == []
    assert similar_ideas(UserFactory.build(), platform, typed_title) == []


def test_decided_ideas_are_suggested_with_their_status(project, hotspot, citizen):
    from tests.factories import move_to

    move_to(hotspot, S.ADOPTED)
    found = similar_ideas(citizen, project, HOTSPOT, HOTSPOT_TEXT)
    assert [(i.title, i.status) for i in found] == [(HOTSPOT, S.ADOPTED)]


def test_a_merged_idea_is_shown_as_the_idea_it_was_merged_into(
    project, hotspot, category, citizen, editor
):
    merged = IdeaFactory(
        space=project, category=category, title="WLAN für den Koekkoekplatz", description="Bitte."
    )
    survivor = IdeaFactory(
        space=project, category=category, title="Stadtweites Gäste-Netz", description="Überall."
    )
    record_status_change(
        merged,
        to_status=S.MERGED,
        recorded_by=editor,
        reason="Gemeinsam umgesetzt.",
        deciding_body="Team",
        merged_into=survivor,
        notify=False,
    )
    found = titles(similar_ideas(citizen, project, "WLAN für den Koekkoekplatz"))
    assert "WLAN für den Koekkoekplatz" not in found
    assert "Stadtweites Gäste-Netz" in found
    assert len(found) == len(set(found))


def test_at_most_three_best_first(project, category, citizen):
    for n in range(6):
        IdeaFactory(space=project, category=category, title=f"Hotspot Koekkoekplatz Ecke {n}")
    found = similar_ideas(citizen, project, "Hotspot Koekkoekplatz")
    assert len(found) == MAX_SUGGESTIONS == 3


def test_empty_or_wordless_titles_find_nothing(project, hotspot, citizen):
    assert similar_ideas(citizen, project, "") == []
    assert similar_ideas(citizen, project, " ?! ") == []


# The form: no extra step, the button without JavaScript, the fragment for the script


def submit_url(space) -> str:
    return reverse("ideen:submit", args=[space.pk])


def test_the_form_posts_directly_without_a_suggestion_step(client, project, hotspot, citizen):
    client.force_login(citizen)
    response = client.post(
        submit_url(project),
        typed(category=hotspot.category_id),
    )
    assert response.status_code == 302
    assert Idea.objects.filter(title="WLAN am Koekkoekplatz").exists()


def test_the_suggestions_button_keeps_the_input_and_saves_nothing(
    client, project, hotspot, citizen
):
    client.force_login(citizen)
    response = client.post(submit_url(project), typed(aehnliche="1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="WLAN am Koekkoekplatz"' in html
    assert "Internet auf dem Platz." in html
    assert HOTSPOT in html
    assert "Stattdessen unterstützen" in html
    assert reverse("ideen:support", args=[hotspot.pk]) in html
    # No validation yet: the missing topic is not reported, nothing is saved.
    assert "error-summary" not in html
    assert not Idea.objects.filter(title="WLAN am Koekkoekplatz").exists()


def test_the_status_is_shown_and_decided_ideas_offer_no_support_button(
    client, project, hotspot, citizen
):
    from tests.factories import move_to

    move_to(hotspot, S.REJECTED)
    client.force_login(citizen)
    html = client.post(submit_url(project), typed(aehnliche="1")).content.decode()
    assert HOTSPOT in html
    assert "Abgelehnt" in html
    assert "Stattdessen unterstützen" not in html


def test_an_idea_already_supported_says_so(client, project, hotspot, citizen):
    IdeaSupport.objects.create(idea=hotspot, user=citizen)
    client.force_login(citizen)
    html = client.post(submit_url(project), typed(aehnliche="1")).content.decode()
    assert "Sie unterstützen das bereits." in html
    assert "Stattdessen unterstützen" not in html


def test_editing_never_suggests_the_idea_itself(client, project, hotspot):
    client.force_login(hotspot.author)
    url = reverse("ideen:edit", args=[hotspot.pk])
    data = {"title": HOTSPOT, "description": HOTSPOT_TEXT, "category": hotspot.category_id}
    html = client.post(url, {**data, "aehnliche": "1"}).content.decode()
    assert "Keine ähnlichen Vorschläge gefunden." in html
    fragment = client.get(
        reverse("ideen:similar", args=[project.pk]), {"title": HOTSPOT, "idee": hotspot.pk}
    )
    assert HOTSPOT not in fragment.content.decode()


def test_supporting_instead_uses_the_support_view(client, project, hotspot, citizen):
    client.force_login(citizen)
    response = client.post(reverse("ideen:support", args=[hotspot.pk]), {"state": "1"})
    assert response.status_code == 302
    assert IdeaSupport.objects.filter(idea=hotspot, user=citizen).exists()


def similar_url(space) -> str:
    return reverse("ideen:similar", args=[space.pk])


def test_the_fragment_lists_the_suggestions(client, project, hotspot, citizen):
    client.force_login(citizen)
    response = client.get(similar_url(project), {"title": "WLAN am Koekkoekplatz"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert HOTSPOT in html
    assert 'data-similar-message="1 ähnlicher Vorschlag gefunden"' in html
    assert "<html" not in html


def test_the_fragment_has_the_gate_of_the_space(client, platform, category, citizen, staff_user):
    IdeaFactory(space=platform, category=category, title="Termine im Bürgerbüro online buchen")
    params = {"title": "Termine im Bürgerbüro online"}
    assert client.get(similar_url(platform), params).status_code == 302  # anonymous: log in
    client.force_login(citizen)
    assert client.get(similar_url(platform), params).status_code == 403
    client.force_login(staff_user)
    response = client.get(similar_url(platform), params)
    assert "Termine im Bürgerbüro online buchen" in response.content.decode()
    assert "1 ähnliche Idee gefunden" in response.content.decode()


def test_the_fragment_for_anonymous_users_on_a_public_project(client, project, hotspot):
    response = client.get(similar_url(project), {"title": HOTSPOT})
    assert response.status_code == 403
    assert HOTSPOT not in response.content.decode()


def test_unknown_spaces_are_404(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("ideen:similar", args=[999999]), {"title": "x"}).status_code == 404


def test_the_fragment_runs_a_fixed_number_of_queries(client, project, category, citizen):
    client.force_login(citizen)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(similar_url(project), {"title": "Hotspot Koekkoekplatz"})
        return len(queries)

    IdeaFactory(space=project, category=category, title="Hotspot Koekkoekplatz Nord")
    count()  # the first request fills the caches of the layout
    few = count()
    for n in range(8):
        idea = IdeaFactory(space=project, category=category, title=f"Hotspot Koekkoekplatz {n}")
        IdeaSupport.objects.create(idea=idea, user=StaffUserFactory())
    count()  # new ideas start a new content generation: the caches fill again
    assert count() == few


def test_a_removed_idea_is_not_in_the_fragment_or_the_form(
    client, project, hotspot, citizen, moderator
):
    moderation.remove_idea(hotspot, moderator=moderator, reason="Werbung")
    client.force_login(citizen)
    fragment = client.get(similar_url(project), {"title": HOTSPOT})
    form = client.post(submit_url(project), {"title": HOTSPOT, "aehnliche": "1"})
    for response in (fragment, form):
        assert response.status_code == 200
        assert HOTSPOT not in response.content.decode().replace('value="' + HOTSPOT, "")
        assert reverse("ideen:detail", args=[hotspot.pk]) not in response.content.decode()


def test_the_form_with_suggestions_runs_a_fixed_number_of_queries(
    client, project, category, citizen
):
    client.force_login(citizen)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.post(submit_url(project), {"title": "Hotspot Koekkoekplatz", "aehnliche": 1})
        return len(queries)

    IdeaFactory(space=project, category=category, title="Hotspot Koekkoekplatz Nord")
    count()  # the first request fills the caches of the layout
    few = count()
    for n in range(8):
        IdeaFactory(space=project, category=category, title=f"Hotspot Koekkoekplatz {n}")
    count()  # new ideas start a new content generation: the caches fill again
    assert count() == few
