"""Recording decisions in the Wagtail admin: listing action, form, public preview, confirmation."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from ideen.models import Idea, IdeaFollow
from tests.factories import IdeaFactory, StaffUserFactory, UserFactory
from transparenz.models import ProgressNote, StatusChange
from transparenz.services import record_status_change

from .conftest import today

pytestmark = pytest.mark.django_db
S = Idea.Status
LISTING = "/cms/snippets/ideen/idea/"


def decide_url(idea):
    return reverse("transparenz_decide", args=[idea.pk])


def form_data(**overrides):
    data = {
        "to_status": S.UNDER_REVIEW,
        "reason": "",
        "deciding_body": "Digitalisierungsteam",
        "decided_on": today().isoformat(),
        "link": "",
        "merged_into": "",
        "expected_status": S.SUBMITTED,
    }
    data.update(overrides)
    return data


@pytest.fixture
def superuser(groups):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.mark.parametrize("role", ["editor", "decider", "superuser"])
def test_deciders_see_the_action_and_the_form(client, request, idea, role):
    client.force_login(request.getfixturevalue(role))
    listing = client.get(LISTING)
    assert listing.status_code == 200
    assert decide_url(idea) in listing.content.decode()
    response = client.get(decide_url(idea))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Termine online buchen" in html
    # Only the states allowed after "Eingereicht", never the author's "Zurückgezogen".
    assert [value for value, _label in response.context["form"].fields["to_status"].choices] == [
        S.UNDER_REVIEW,
        S.MERGED,
    ]


def test_moderators_get_403_and_no_action(client, moderator, idea):
    client.force_login(moderator)
    listing = client.get(LISTING)
    assert listing.status_code == 200
    assert decide_url(idea) not in listing.content.decode()
    assert client.get(decide_url(idea)).status_code == 403
    response = client.post(decide_url(idea), form_data(action="confirm"))
    assert response.status_code == 403
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("role", ["staff_user", "citizen"])
def test_staff_and_citizens_cannot_decide(client, request, idea, role):
    """Without admin access Wagtail sends them to its login; nothing is recorded."""
    client.force_login(request.getfixturevalue(role))
    response = client.post(decide_url(idea), form_data(action="confirm"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url.startswith("/konto/login/")
    assert not StatusChange.objects.exists()


def test_a_staff_member_with_admin_access_but_no_decision_right_gets_403(client, idea):
    user = StaffUserFactory()
    group = Group.objects.get(name="Moderation")  # has admin access
    user.groups.add(group)
    client.force_login(user)
    assert client.get(decide_url(idea)).status_code == 403


def test_anonymous_users_are_sent_to_the_login(client, idea):
    response = client.get(decide_url(idea))
    assert response.status_code == 302 and "/konto/login/" in response.url


def test_unknown_idea_is_404(client, editor):
    client.force_login(editor)
    assert client.get(reverse("transparenz_decide", args=[99999])).status_code == 404


def test_preview_then_confirm_records_the_decision(
    client, editor, idea, staff_user, django_capture_on_commit_callbacks
):
    follower = StaffUserFactory()
    IdeaFollow.objects.create(idea=idea, user=follower)
    record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor, notify=False)
    client.force_login(editor)
    data = form_data(
        to_status=S.ADOPTED,
        reason="Spart Wartezeit.\n\nDie Kosten trägt das Bürgerbüro.",
        deciding_body="Verwaltungsvorstand",
        link="https://ratsinfo.example.org/vorlage/42",
        expected_status=S.UNDER_REVIEW,
    )
    preview = client.post(decide_url(idea), {**data, "action": "preview"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Vorschau: So erscheint die Entscheidung öffentlich" in html
    assert "<p>Spart Wartezeit.</p>" in html and "Verwaltungsvorstand" in html
    assert "2 Personen" in html  # author and follower
    assert StatusChange.objects.count() == 1  # nothing recorded yet

    back = client.post(decide_url(idea), {**data, "action": "edit"})
    assert back.status_code == 200
    assert "Spart Wartezeit." in back.content.decode()  # input kept
    assert StatusChange.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(decide_url(idea), {**data, "action": "confirm"}, follow=True)
    assert done.redirect_chain[-1][0] == LISTING
    idea.refresh_from_db()
    assert idea.status == S.ADOPTED
    change = StatusChange.objects.latest("created")
    assert change.recorded_by == editor and change.link.endswith("/42")
    assert "Angenommen" in done.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_user.email, follower.email])


def test_invalid_input_shows_errors_and_keeps_it(client, editor, idea):
    record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor, notify=False)
    client.force_login(editor)
    response = client.post(
        decide_url(idea),
        form_data(
            to_status=S.REJECTED,
            reason="",
            deciding_body="Vorstand",
            decided_on=(today() + timedelta(days=3)).isoformat(),
            link="kein link",
            expected_status=S.UNDER_REVIEW,
            action="confirm",
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"reason", "decided_on", "link"}
    html = response.content.decode()
    assert "Es gibt ein Problem" in html or "There is a problem" in html
    assert 'value="Vorstand"' in html
    assert f'href="#{form["reason"].id_for_label}"' in html
    assert StatusChange.objects.count() == 1


def test_an_illegal_state_in_the_post_is_refused(client, editor, idea):
    client.force_login(editor)
    response = client.post(
        decide_url(idea), form_data(to_status=S.IMPLEMENTED, reason="x", action="confirm")
    )
    assert response.status_code == 200
    assert "to_status" in response.context["form"].errors
    assert not StatusChange.objects.exists()


def test_a_second_click_does_not_record_twice(client, editor, idea):
    client.force_login(editor)
    data = form_data(action="confirm")
    client.post(decide_url(idea), data)
    again = client.post(decide_url(idea), data)
    assert again.status_code == 200
    assert StatusChange.objects.count() == 1
    assert "in der Zwischenzeit" in again.content.decode()


def test_merge_offers_ideas_of_the_same_space(client, editor, idea, platform, project, category):
    here = IdeaFactory(space=platform, category=category, title="Terminbuchung für alle Ämter")
    IdeaFactory(space=project, category=category, title="Woanders")
    client.force_login(editor)
    form = client.get(decide_url(idea)).context["form"]
    assert list(form.fields["merged_into"].queryset) == [here]
    client.post(
        decide_url(idea),
        form_data(
            to_status=S.MERGED, reason="Gleiche Idee.", merged_into=here.pk, action="confirm"
        ),
    )
    idea.refresh_from_db()
    assert idea.status == S.MERGED
    assert StatusChange.objects.get(idea=idea).merged_into == here


def test_a_correction_from_the_admin(client, editor, idea):
    record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor, notify=False)
    wrong = record_status_change(
        idea, to_status=S.REJECTED, recorded_by=editor, reason="Zu teuer.", notify=False
    )
    client.force_login(editor)
    assert client.get(decide_url(idea)).context["form"].fields["to_status"].choices == []
    assert "?korrektur=1" in client.get(decide_url(idea)).content.decode()
    form = client.get(decide_url(idea), {"korrektur": "1"}).context["form"]
    choices = [value for value, _ in form.fields["to_status"].choices]
    assert choices == [S.UNDER_REVIEW, S.ADOPTED, S.REJECTED, S.MERGED]
    missing_reason = client.post(
        decide_url(idea),
        form_data(to_status=S.ADOPTED, korrektur="1", expected_status=S.REJECTED, action="preview"),
    )
    assert "reason" in missing_reason.context["form"].errors
    client.post(
        decide_url(idea),
        form_data(
            to_status=S.ADOPTED,
            reason="Korrektur: Förderung bewilligt.",
            korrektur="1",
            expected_status=S.REJECTED,
            action="confirm",
        ),
    )
    latest = StatusChange.objects.latest("created")
    assert latest.corrects == wrong and latest.to_status == S.ADOPTED


def test_final_states_offer_nothing(client, editor, platform, category):
    idea = IdeaFactory(space=platform, category=category, status=S.IMPLEMENTED)
    client.force_login(editor)
    html = client.get(decide_url(idea)).content.decode()
    assert "Endstand" in html


def test_no_edit_or_delete_of_history_in_the_admin(client, editor, superuser, idea):
    """The trail has no admin views; an idea with a trail cannot be deleted there either."""
    record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor, notify=False)
    client.force_login(superuser)
    for url in ("/cms/snippets/transparenz/statuschange/", "/django-admin/"):
        assert client.get(url).status_code == 404
    delete_url = reverse("wagtailsnippets_ideen_idea:delete", args=[idea.pk])
    response = client.post(delete_url, follow=True)
    assert Idea.objects.filter(pk=idea.pk).exists()
    assert "nicht gelöscht werden" in response.content.decode()


class TestProgressNotes:
    def url(self, idea):
        return reverse("transparenz_progress", args=[idea.pk])

    def test_editors_add_progress_during_implementation(self, client, editor, platform, category):
        idea = IdeaFactory(space=platform, category=category, status=S.IN_IMPLEMENTATION)
        client.force_login(editor)
        assert self.url(idea) in client.get(LISTING).content.decode()
        response = client.post(
            self.url(idea), {"date": today().isoformat(), "text": "Software bestellt."}
        )
        assert response.status_code == 302
        assert ProgressNote.objects.get(idea=idea).text == "Software bestellt."

    def test_not_before_implementation(self, client, editor, idea):
        client.force_login(editor)
        assert self.url(idea) not in client.get(LISTING).content.decode()
        response = client.post(self.url(idea), {"date": today().isoformat(), "text": "Zu früh"})
        assert response.status_code == 200
        assert not ProgressNote.objects.exists()

    def test_moderators_get_403(self, client, moderator, idea):
        client.force_login(moderator)
        assert client.get(self.url(idea)).status_code == 403


def test_a_failed_decision_says_error_in_the_title_and_focuses_the_summary(client, editor, idea):
    client.force_login(editor)
    response = client.post(decide_url(idea), form_data(to_status="", action="preview"))
    html = response.content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0].strip()
    assert title.startswith("Fehler: Status ändern")
    summary = html.split('id="decision-errors"', 1)[0].rsplit("<div", 1)[1]
    assert 'tabindex="-1"' in summary
    assert html.split('id="decision-errors"', 1)[1].split(">", 1)[0].strip() == "autofocus"
    # Without an error neither the prefix nor the summary.
    fresh = client.get(decide_url(idea)).content.decode()
    assert "<title>Fehler:" not in fresh
    assert "decision-errors" not in fresh


def test_a_new_idea_tells_why_it_is_reviewed_before_it_is_adopted(client, editor, idea):
    client.force_login(editor)
    html = client.get(decide_url(idea)).content.decode()
    assert "Warum nicht gleich „Angenommen“" in html
    record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor, notify=False)
    assert "Warum nicht gleich" not in client.get(decide_url(idea)).content.decode()


def test_the_progress_form_lists_the_decisions_so_far(client, editor, idea):
    for status in (S.UNDER_REVIEW, S.ADOPTED, S.IN_IMPLEMENTATION):
        record_status_change(
            idea, to_status=status, reason="Weil es hilft.", recorded_by=editor, notify=False
        )
    client.force_login(editor)
    html = client.get(reverse("transparenz_progress", args=[idea.pk])).content.decode()
    assert "Es wurden noch keine Entscheidungen eingetragen." not in html
    assert "Eingereicht → In Prüfung" in html
    assert "In Prüfung → Angenommen" in html
    assert "Angenommen → In Umsetzung" in html


def test_status_change_is_a_button_on_the_idea_and_a_link_in_the_list(client, editor, idea):
    client.force_login(editor)
    inspect = client.get(f"{LISTING}inspect/{idea.pk}/").content.decode()
    header = inspect.split("</header>", 1)[0]
    assert f'href="{decide_url(idea)}"' in header
    assert "Status ändern" in header
    listing = client.get(LISTING).content.decode()
    # Under the status, not only in the row menu; named with the idea's title.
    assert (
        f'<br><a href="{decide_url(idea)}" aria-label="Status ändern: {idea.title}">'
        "Status ändern</a>"
    ) in listing
    # Readable values instead of "None" and "True".
    assert ">None<" not in inspect and "True" not in inspect


def test_no_status_button_for_admin_users_who_may_not_decide(client, moderator, idea):
    client.force_login(moderator)
    response = client.get(f"{LISTING}inspect/{idea.pk}/")
    if response.status_code == 200:
        assert decide_url(idea) not in response.content.decode()
    assert decide_url(idea) not in client.get(LISTING).content.decode()
