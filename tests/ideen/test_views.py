import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from ideen.models import Idea, IdeaFollow, IdeaSupport
from tests.factories import CategoryFactory, IdeaFactory, move_to

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def staff_client(client, other_staff):
    client.force_login(other_staff)
    return client


@pytest.fixture
def author_client(client, staff_user):
    client.force_login(staff_user)
    return client


# List on the platform page


def test_list_shows_ideas_with_count_heading(staff_client, platform, idea):
    response = staff_client.get(platform.url)
    assert response.status_code == 200
    html = html_of(response)
    assert "Termine online buchen" in html
    assert 'id="idea-results-heading"' in html
    assert response.context["ideas"].paginator.count == 1
    assert "1 Idee" in html


def test_list_has_20_per_page_and_keeps_filters_in_page_links(staff_client, platform, category):
    for n in range(25):
        IdeaFactory(space=platform, category=category, title=f"Radweg {n}")
    response = staff_client.get(platform.url, {"q": "Radweg", "sort": "supported"})
    assert len(response.context["ideas"].object_list) == 20
    html = html_of(response)
    assert "?q=Radweg&amp;sort=supported&amp;page=2" in html
    page_two = staff_client.get(platform.url, {"q": "Radweg", "sort": "supported", "page": 2})
    assert len(page_two.context["ideas"].object_list) == 5
    assert page_two.context["ideas"].number == 2


def test_list_filters_by_category_status_and_mine(
    staff_client, platform, field_of_action, category, other_staff
):
    mine = IdeaFactory(space=platform, category=category, author=other_staff, title="Meine Idee")
    decided = IdeaFactory(space=platform, category=CategoryFactory(), status=Idea.Status.ADOPTED)

    def titles(**params):
        return {i.title for i in staff_client.get(platform.url, params).context["ideas"]}

    assert titles(category=field_of_action.pk) == {mine.title}
    assert titles(status="angenommen") == {decided.title}
    assert titles(mine="on") == {mine.title}
    assert titles(mine="on", status="angenommen") == set()


def test_list_sorts_by_support_and_discussion(staff_client, platform, category):
    loved = IdeaFactory(space=platform, category=category, title="Beliebt")
    talked = IdeaFactory(space=platform, category=category, title="Diskutiert")
    IdeaFactory(space=platform, category=category, title="Neu")
    Idea.objects.filter(pk=loved.pk).update(support_count=9)
    Idea.objects.filter(pk=talked.pk).update(comment_count=4)

    def first(sort):
        return next(iter(staff_client.get(platform.url, {"sort": sort}).context["ideas"])).title

    assert first("supported") == "Beliebt"
    assert first("discussed") == "Diskutiert"
    assert first("newest") == "Neu"


def test_list_search_finds_words_in_the_description(staff_client, platform, idea):
    response = staff_client.get(platform.url, {"q": "warteschlangen"})
    assert [i.pk for i in response.context["ideas"]] == [idea.pk]
    assert 'value="warteschlangen"' in html_of(response)


def test_empty_result_explains_and_offers_reset(staff_client, platform, idea):
    html = html_of(staff_client.get(platform.url, {"q": "Seilbahn"}))
    assert "empty-state" in html
    assert f'href="{platform.url}"' in html


def test_bad_filter_values_are_ignored(staff_client, platform, idea):
    response = staff_client.get(
        platform.url,
        {"category": "abc", "status": "erfunden", "sort": "x", "page": "999", "q": "a" * 500},
    )
    assert response.status_code == 200
    assert response.context["filters"]["sort"] == "newest"
    assert len(response.context["filters"]["q"]) == 200


def test_empty_platform_invites_the_first_idea(staff_client, platform):
    html = html_of(staff_client.get(platform.url))
    assert "empty-state" in html
    assert f"/ideen/einreichen/{platform.pk}/" in html


def test_closed_submission_hides_the_button_and_says_so(staff_client, platform):
    platform.submission_open = False
    platform.save_revision().publish()
    html = html_of(staff_client.get(platform.url))
    assert f"/ideen/einreichen/{platform.pk}/" not in html
    assert 'class="notice"' in html


# Detail


def test_detail_shows_text_meta_and_support_button(staff_client, idea):
    response = staff_client.get(idea.get_absolute_url())
    assert response.status_code == 200
    html = html_of(response)
    assert "<h1" in html and "Termine online buchen" in html
    assert "Anna Schmitz" in html
    assert 'aria-pressed="false"' in html
    assert response.context["can_comment"] is True
    assert "{# comments #}" not in html  # the marker is a template comment


def test_detail_keeps_email_addresses_private(staff_client, idea, staff_user):
    assert staff_user.email not in html_of(staff_client.get(idea.get_absolute_url()))


def test_detail_marks_edits(staff_client, idea):
    Idea.objects.filter(pk=idea.pk).update(edited_at=timezone.now())
    html = html_of(staff_client.get(idea.get_absolute_url()))
    assert "idea__edited" in html


def test_unknown_idea_is_404(staff_client):
    assert staff_client.get("/ideen/999999/").status_code == 404


def test_author_sees_edit_and_withdraw(author_client, idea):
    html = html_of(author_client.get(idea.get_absolute_url()))
    assert f"/ideen/{idea.pk}/bearbeiten/" in html
    assert f"/ideen/{idea.pk}/zurueckziehen/" in html
    assert f'action="/ideen/{idea.pk}/unterstuetzen/"' not in html


# Submit


def submit_url(platform):
    return f"/ideen/einreichen/{platform.pk}/"


def test_submit_form_renders_with_limits_explained(staff_client, platform):
    response = staff_client.get(submit_url(platform))
    assert response.status_code == 200
    html = html_of(response)
    assert "120" in html and "5000" in html
    assert "maxlength" not in html
    assert "<optgroup" in html


class _SubmitButtons(HTMLParser):
    """The submit buttons of the idea form in tree order: their attributes and text."""

    def __init__(self):
        super().__init__()
        self.buttons: list[dict] = []
        self._in_form = False
        self._button: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "idea-form__form" in (attrs.get("class") or ""):
            self._in_form = True
        elif tag == "button" and self._in_form and attrs.get("type", "submit") == "submit":
            self._button = {**attrs, "text": ""}
            self.buttons.append(self._button)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "button":
            self._button = None

    def handle_data(self, data):
        if self._button is not None:
            self._button["text"] += data.strip()


def submit_buttons(response) -> list[dict]:
    parser = _SubmitButtons()
    parser.feed(html_of(response))
    return parser.buttons


def assert_enter_submits_the_main_action(response, label: str) -> None:
    """Enter in a text field uses the first submit button: it must send what the main button
    sends (no name, the same label), and be hidden, so it is no extra tab stop."""
    first, *others = submit_buttons(response)
    assert "hidden" in first and "name" not in first and "formaction" not in first, first
    assert first["text"] == label
    main = others[-1]
    assert "hidden" not in main and "name" not in main and main["text"] == label
    assert [b["name"] for b in others[:-1]] == ["aehnliche"]


def test_enter_in_the_form_submits_the_idea_not_the_search(staff_client, platform):
    assert_enter_submits_the_main_action(
        staff_client.get(submit_url(platform)), "Idee veröffentlichen"
    )
    # Also when the form comes back with the similar ideas or with errors.
    for data in ({"title": "Termine", "aehnliche": "1"}, {"title": "", "description": ""}):
        response = staff_client.post(submit_url(platform), data)
        assert_enter_submits_the_main_action(response, "Idee veröffentlichen")


def test_enter_in_the_edit_form_saves_not_searches(author_client, idea):
    response = author_client.get(f"/ideen/{idea.pk}/bearbeiten/")
    assert_enter_submits_the_main_action(response, "Änderungen speichern")


def test_submit_creates_idea_and_redirects(staff_client, platform, category, other_staff):
    response = staff_client.post(
        submit_url(platform),
        {"title": "Neue Idee", "description": "Beschreibung", "category": category.pk},
    )
    idea = Idea.objects.get(title="Neue Idee")
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()
    assert idea.author == other_staff
    assert IdeaFollow.objects.filter(idea=idea, user=other_staff).exists()


def test_empty_submission_shows_summary_linked_to_fields(staff_client, platform):
    response = staff_client.post(submit_url(platform), {"title": "   ", "description": ""})
    assert response.status_code == 200
    html = html_of(response)
    assert "error-summary" in html
    assert 'href="#id_title"' in html
    assert 'href="#id_description"' in html
    assert 'href="#id_category"' in html
    assert 'aria-invalid="true"' in html
    assert not Idea.objects.exists()


def test_too_long_input_is_kept_and_the_limit_explained(staff_client, platform, category):
    long_title = "T" * 130
    long_text = "Wort " * 1100
    response = staff_client.post(
        submit_url(platform),
        {"title": long_title, "description": long_text, "category": category.pk},
    )
    html = html_of(response)
    assert response.status_code == 200
    assert long_title in html
    assert "Wort Wort Wort" in html
    assert "120" in html and "130" in html
    assert not Idea.objects.exists()


def test_double_submission_is_refused_politely(staff_client, platform, category):
    data = {"title": "Zweimal", "description": "Text", "category": category.pk}
    staff_client.post(submit_url(platform), data)
    response = staff_client.post(submit_url(platform), data)
    assert response.status_code == 200
    assert "error-summary" in html_of(response)
    assert Idea.objects.filter(title="Zweimal").count() == 1


def test_category_not_on_offer_is_refused(staff_client, platform, field_of_action, category):
    elsewhere = CategoryFactory()
    platform.categories.set([field_of_action])
    platform.save_revision().publish()
    response = staff_client.post(
        submit_url(platform), {"title": "X", "description": "Y", "category": elsewhere.pk}
    )
    assert response.status_code == 200
    assert not Idea.objects.exists()


def test_submit_while_closed_is_refused_with_the_notice(staff_client, platform, category):
    platform.submission_open = False
    platform.save_revision().publish()
    response = staff_client.post(
        submit_url(platform), {"title": "X", "description": "Y", "category": category.pk}
    )
    assert response.status_code == 403
    assert "keine neuen Ideen eingereicht werden" in response.content.decode()
    assert not Idea.objects.exists()


def test_submit_to_a_page_that_is_no_space_is_404(staff_client, home_page):
    assert staff_client.get(f"/ideen/einreichen/{home_page.pk}/").status_code == 404
    assert staff_client.get("/ideen/einreichen/999999/").status_code == 404


# Edit and withdraw


def test_author_edits_and_the_idea_is_marked(author_client, idea, category):
    response = author_client.post(
        f"/ideen/{idea.pk}/bearbeiten/",
        {"title": "Termine online buchen", "description": "Neuer Text", "category": category.pk},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.description == "Neuer Text"
    assert idea.edited_at is not None


def test_invalid_edit_keeps_input(author_client, idea, category):
    response = author_client.post(
        f"/ideen/{idea.pk}/bearbeiten/",
        {"title": "", "description": "Behalten", "category": category.pk},
    )
    assert response.status_code == 200
    assert "Behalten" in html_of(response)
    idea.refresh_from_db()
    assert idea.description == "Weniger Warteschlangen im Bürgerbüro."


def test_others_cannot_edit_or_withdraw(staff_client, idea):
    assert staff_client.get(f"/ideen/{idea.pk}/bearbeiten/").status_code == 403
    assert staff_client.post(f"/ideen/{idea.pk}/zurueckziehen/").status_code == 403
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED


def test_edit_after_a_decision_redirects_with_a_message(author_client, idea):
    move_to(idea, Idea.Status.UNDER_REVIEW)
    response = author_client.get(f"/ideen/{idea.pk}/bearbeiten/", follow=True)
    assert response.redirect_chain[-1][0] == idea.get_absolute_url()
    assert "message--error" in html_of(response)


def test_withdraw_asks_first_then_withdraws(author_client, idea):
    confirm = author_client.get(f"/ideen/{idea.pk}/zurueckziehen/")
    assert confirm.status_code == 200
    assert 'method="post"' in html_of(confirm)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED
    response = author_client.post(f"/ideen/{idea.pk}/zurueckziehen/")
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.WITHDRAWN


# Support and follow


def test_support_by_plain_post(staff_client, idea):
    response = staff_client.post(f"/ideen/{idea.pk}/unterstuetzen/", {"state": "1"}, follow=True)
    idea.refresh_from_db()
    assert idea.support_count == 1
    html = html_of(response)
    assert 'aria-pressed="true"' in html
    assert "message--success" in html


def test_support_twice_with_the_same_state_counts_once(staff_client, idea):
    for _ in range(2):
        staff_client.post(f"/ideen/{idea.pk}/unterstuetzen/", {"state": "1"})
    idea.refresh_from_db()
    assert idea.support_count == 1


def test_support_without_state_toggles(staff_client, idea):
    staff_client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    staff_client.post(f"/ideen/{idea.pk}/unterstuetzen/")
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_support_answers_json_for_the_script(staff_client, idea):
    response = staff_client.post(
        f"/ideen/{idea.pk}/unterstuetzen/", {"state": "1"}, HTTP_ACCEPT="application/json"
    )
    data = json.loads(response.content)
    assert data["ok"] is True
    assert data["supported"] is True
    assert data["count"] == 1
    assert "1" in data["count_label"]
    assert data["message"]


def test_support_refused_as_json_with_a_message(author_client, idea):
    response = author_client.post(
        f"/ideen/{idea.pk}/unterstuetzen/", {"state": "1"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 409
    assert json.loads(response.content)["message"]
    assert not IdeaSupport.objects.exists()


def test_support_on_a_decided_idea_shows_a_message_and_changes_nothing(staff_client, idea):
    move_to(idea, Idea.Status.REJECTED)
    response = staff_client.post(f"/ideen/{idea.pk}/unterstuetzen/", {"state": "1"}, follow=True)
    assert "message--error" in html_of(response)
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_support_needs_post(staff_client, idea):
    assert staff_client.get(f"/ideen/{idea.pk}/unterstuetzen/").status_code == 405


def test_support_for_an_unknown_idea_is_404(staff_client):
    assert staff_client.post("/ideen/999999/unterstuetzen/").status_code == 404


def test_follow_toggle(staff_client, idea, other_staff):
    staff_client.post(f"/ideen/{idea.pk}/folgen/", {"state": "1"})
    assert IdeaFollow.objects.filter(idea=idea, user=other_staff).exists()
    response = staff_client.post(
        f"/ideen/{idea.pk}/folgen/", {"state": "0"}, HTTP_ACCEPT="application/json"
    )
    assert json.loads(response.content)["following"] is False
    assert not IdeaFollow.objects.filter(idea=idea, user=other_staff).exists()


def test_duplicate_window_is_one_minute(staff_client, platform, category):
    data = {"title": "Später nochmal", "description": "Text", "category": category.pk}
    staff_client.post(submit_url(platform), data)
    Idea.objects.update(created=timezone.now() - timedelta(seconds=61))
    staff_client.post(submit_url(platform), data)
    assert Idea.objects.filter(title="Später nochmal").count() == 2


def test_support_and_follow_messages_name_an_idea_or_a_proposal(staff_client, idea, home_page):
    """Staff hand in ideas, citizens make proposals: the messages say which it is."""
    import datetime

    from django.utils import timezone

    from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, UserFactory

    def message(url):
        return json.loads(
            staff_client.post(url, {"state": "1"}, HTTP_ACCEPT="application/json").content
        )["message"]

    assert message(f"/ideen/{idea.pk}/unterstuetzen/").startswith("Sie unterstützen diese Idee.")
    assert message(f"/ideen/{idea.pk}/folgen/").startswith("Sie folgen dieser Idee")
    today = timezone.localdate()
    project = ProjectPageFactory(
        parent=ProjectIndexPageFactory(parent=home_page),
        participation_start=today - datetime.timedelta(days=1),
        participation_end=today + datetime.timedelta(days=9),
    )
    proposal = IdeaFactory(space=project, author=UserFactory(), category=idea.category)
    assert message(f"/ideen/{proposal.pk}/unterstuetzen/") == (
        "Sie unterstützen diesen Vorschlag. Er hat jetzt 1 Unterstützung."
    )
    assert message(f"/ideen/{proposal.pk}/folgen/").startswith("Sie folgen diesem Vorschlag")
