"""What the public sees: the trail on the idea page, the decisions overview, the home teaser."""

import pytest

from ideen.models import Idea
from tests.factories import CategoryFactory, IdeaFactory
from transparenz.models import DecisionIndexPage
from transparenz.services import add_progress_note, record_status_change

from .conftest import today

pytestmark = pytest.mark.django_db
S = Idea.Status


def walk(idea, editor, *states, body="Verwaltungsvorstand", notify=False, **kwargs):
    changes = []
    for to in states:
        changes.append(
            record_status_change(
                idea,
                to_status=to,
                recorded_by=editor,
                reason=kwargs.get("reason", f"Begründung für {to}."),
                deciding_body=body,
                notify=notify,
            )
        )
    return changes


@pytest.fixture
def decisions_page(home_page):
    page = DecisionIndexPage(title="Entscheidungen", slug="entscheidungen")
    home_page.add_child(instance=page)
    return page


class TestTrail:
    def test_the_idea_page_shows_the_whole_trail_oldest_first(self, client, public_idea, editor):
        walk(public_idea, editor, S.UNDER_REVIEW, S.ADOPTED, S.IN_IMPLEMENTATION)
        add_progress_note(public_idea, text="Erste Straße umgebaut.", recorded_by=editor)
        html = client.get(public_idea.get_absolute_url()).content.decode()
        trail = html[html.index('<section class="trail"') :]
        trail = trail[: trail.index("</section>")]
        assert '<ol class="trail__list"' in trail
        assert trail.count("<li") == 5  # submitted, 3 changes, 1 note
        assert "Aktueller Stand:" in trail
        assert '<span class="status status--in_umsetzung">In Umsetzung</span>' in trail
        assert "der älteste zuerst" in trail
        positions = [
            trail.index(text)
            for text in (
                "Eingereicht",
                "In Prüfung",
                "Angenommen",
                "Begründung für in_umsetzung.",
                "Erste Straße umgebaut.",
            )
        ]
        assert positions == sorted(positions)
        assert f'<time datetime="{today().isoformat()}">' in trail
        assert "Entschieden von: Verwaltungsvorstand" in trail

    def test_the_recorder_is_never_shown(self, client, public_idea, editor):
        editor.display_name = "Erika Entscheiderin"
        editor.save()
        walk(public_idea, editor, S.UNDER_REVIEW)
        html = client.get(public_idea.get_absolute_url()).content.decode()
        assert "Erika Entscheiderin" not in html and editor.email not in html

    def test_reasons_are_escaped_and_linked(self, client, public_idea, editor):
        record_status_change(
            public_idea,
            to_status=S.UNDER_REVIEW,
            recorded_by=editor,
            reason="Siehe https://www.kleve.de/rat und <img src=x onerror=alert(1)>\n\n"
            "Zweiter Absatz.",
            notify=False,
        )
        html = client.get(public_idea.get_absolute_url()).content.decode()
        assert '<a href="https://www.kleve.de/rat" rel="nofollow ugc">' in html
        assert "<img" not in html.split('class="trail"')[1]
        assert "<p>Zweiter Absatz.</p>" in html

    def test_corrections_and_merges_are_shown(self, client, public_idea, editor, project, category):
        walk(public_idea, editor, S.UNDER_REVIEW)
        (wrong,) = walk(public_idea, editor, S.REJECTED)
        record_status_change(
            public_idea,
            to_status=S.MERGED,
            recorded_by=editor,
            reason="Korrektur: gehört zur Idee Fahrradstraßen.",
            corrects=wrong,
            merged_into=IdeaFactory(space=project, category=category, title="Fahrradstraßen"),
            notify=False,
        )
        html = client.get(public_idea.get_absolute_url()).content.decode()
        assert "Dieser Eintrag wurde am" in html and "korrigiert, siehe unten" in html
        assert "Korrigiert den Eintrag vom" in html
        assert "Weitergeführt in der Idee:" in html and ">Fahrradstraßen</a>" in html

    @pytest.mark.usefixtures("page_cache_off")
    def test_fixed_queries_with_50_entries(
        self, client, public_idea, editor, django_assert_max_num_queries
    ):
        client.get(public_idea.get_absolute_url())  # warm caches (content types, site)
        with django_assert_max_num_queries(40) as few:
            client.get(public_idea.get_absolute_url())
        walk(public_idea, editor, S.UNDER_REVIEW, S.ADOPTED, S.IN_IMPLEMENTATION)
        for n in range(47):
            add_progress_note(public_idea, text=f"Schritt {n}.", recorded_by=editor)
        with django_assert_max_num_queries(len(few.captured_queries)) as many:
            response = client.get(public_idea.get_absolute_url())
        assert response.content.decode().count('class="trail__entry') == 51
        assert len(many.captured_queries) == len(few.captured_queries)


class TestDecisionsPage:
    def test_lists_public_decisions_newest_first_and_hides_internal_ones(
        self, client, decisions_page, public_idea, idea, editor
    ):
        walk(public_idea, editor, S.UNDER_REVIEW, S.ADOPTED)
        walk(idea, editor, S.UNDER_REVIEW, S.REJECTED, reason="Interne Begründung.")
        response = client.get(decisions_page.url)
        assert response.status_code == 200
        changes = list(response.context["changes"])
        assert [c.to_status for c in changes] == [S.ADOPTED, S.UNDER_REVIEW]
        html = response.content.decode()
        assert "Fahrradstraße an der Hochschule" in html
        assert "Termine online buchen" not in html and "Interne Begründung" not in html

    def test_staff_also_see_internal_decisions(
        self, client, decisions_page, idea, editor, staff_user
    ):
        walk(idea, editor, S.UNDER_REVIEW)
        client.force_login(staff_user)
        html = client.get(decisions_page.url).content.decode()
        assert "Termine online buchen" in html and "Intern" in html

    def test_citizens_do_not_see_internal_decisions(
        self, client, decisions_page, idea, editor, citizen
    ):
        walk(idea, editor, S.UNDER_REVIEW)
        client.force_login(citizen)
        response = client.get(decisions_page.url)
        assert list(response.context["changes"]) == []
        assert "Termine online buchen" not in response.content.decode()

    def test_filters_by_state_space_and_category(
        self, client, decisions_page, public_idea, project, editor, home_page
    ):
        from tests.factories import ProjectPageFactory

        other_project = ProjectPageFactory(parent=project.get_parent(), title="WLAN", slug="wlan")
        other_topic = CategoryFactory(name="Bildung", slug="test-bildung")
        other = IdeaFactory(space=other_project, category=other_topic, title="WLAN in Schulen")
        walk(public_idea, editor, S.UNDER_REVIEW, S.ADOPTED)
        walk(other, editor, S.UNDER_REVIEW, S.REJECTED)

        def titles(**params):
            response = client.get(decisions_page.url, params)
            assert response.status_code == 200
            return [(c.idea.title, c.to_status) for c in response.context["changes"]]

        assert titles(status=S.ADOPTED) == [("Fahrradstraße an der Hochschule", S.ADOPTED)]
        assert {t for t, _ in titles(space=other_project.pk)} == {"WLAN in Schulen"}
        field = public_idea.category.parent
        assert {t for t, _ in titles(category=field.pk)} == {"Fahrradstraße an der Hochschule"}
        assert titles(status=S.REJECTED, space=project.pk) == []
        # Nonsense is ignored, never a 500.
        assert len(titles(status="kaputt", space="abc", category="999999", page="x")) == 4

    def test_empty_states(self, client, decisions_page, public_idea, editor):
        html = client.get(decisions_page.url).content.decode()
        assert "Es wurden noch keine Entscheidungen veröffentlicht." in html
        walk(public_idea, editor, S.UNDER_REVIEW)
        html = client.get(decisions_page.url, {"status": S.REJECTED}).content.decode()
        assert "Keine Entscheidung passt zu diesen Filtern." in html

    def test_twenty_per_page_with_filters_in_the_page_links(
        self, client, decisions_page, project, category, editor
    ):
        for n in range(23):
            walk(
                IdeaFactory(space=project, category=category, title=f"Idee {n}"),
                editor,
                S.UNDER_REVIEW,
            )
        response = client.get(decisions_page.url, {"status": S.UNDER_REVIEW})
        assert len(response.context["changes"].object_list) == 20
        assert f"?status={S.UNDER_REVIEW}&amp;page=2" in response.content.decode()
        second = client.get(decisions_page.url, {"status": S.UNDER_REVIEW, "page": 2})
        assert len(second.context["changes"].object_list) == 3

    @pytest.mark.usefixtures("page_cache_off")
    def test_fixed_queries(
        self, client, decisions_page, project, category, editor, django_assert_max_num_queries
    ):
        walk(IdeaFactory(space=project, category=category), editor, S.UNDER_REVIEW)
        client.get(decisions_page.url)
        with django_assert_max_num_queries(40) as few:
            client.get(decisions_page.url)
        for n in range(30):
            idea = IdeaFactory(space=project, category=CategoryFactory(), title=f"Idee {n}")
            walk(idea, editor, S.UNDER_REVIEW, S.ADOPTED)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(decisions_page.url)
        assert len(response.context["changes"].object_list) == 20


class TestHomePage:
    def test_shows_the_newest_three_public_decisions(
        self, client, home_page, decisions_page, project, idea, category, editor
    ):
        walk(idea, editor, S.UNDER_REVIEW, S.ADOPTED)  # internal: never on the home page
        for n in range(4):
            walk(
                IdeaFactory(space=project, category=category, title=f"Vorschlag {n}"),
                editor,
                S.UNDER_REVIEW,
                S.REJECTED,
            )
        response = client.get("/")
        html = response.content.decode()
        decisions = response.context["decisions"]
        assert len(decisions) == 3
        assert all(c.to_status == S.REJECTED for c in decisions)  # decisions, not "under review"
        assert "Termine online buchen" not in html
        assert "Alle Entscheidungen mit Begründung" in html

    def test_empty_state(self, client, home_page):
        html = client.get("/").content.decode()
        assert "noch keine Entscheidungen zu Ideen und Vorschlägen veröffentlicht" in html


class TestNotificationSettings:
    url = "/konto/benachrichtigungen/"

    def test_needs_login(self, client):
        response = client.get(self.url)
        assert response.status_code == 302 and "/konto/login/" in response.url

    def test_turn_emails_off_and_on(self, client, citizen):
        client.force_login(citizen)
        page = client.get(self.url)
        assert page.status_code == 200
        assert (
            'name="status_emails"' in page.content.decode() and "checked" in page.content.decode()
        )
        response = client.post(self.url, {})
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert citizen.notification_preference.status_emails is False
        client.post(self.url, {"status_emails": "on"})
        citizen.notification_preference.refresh_from_db()
        assert citizen.notification_preference.status_emails is True

    def test_linked_from_the_profile(self, client, citizen):
        client.force_login(citizen)
        assert self.url in client.get("/konto/profil/").content.decode()
