"""Beteiligung anregen: citizens ask for participation on a planned Vorhaben; at the threshold the
city owes an answer by a due date, and the answer stands in the Vorhaben's append-only trail."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.deletion import delete_account
from accounts.personal_data import export_personal_data
from demo.invariants import participation_request_counts
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, UserFactory
from transparenz.models import AppendOnlyError
from vorhaben import exports
from vorhaben.models import (
    ParticipationDecision,
    ParticipationRequest,
    ReportKind,
    Sachstandsbericht,
    Status,
    VorhabenPage,
)
from vorhaben.services import (
    RequestNotAllowed,
    answer_participation,
    report_progress,
    request_participation,
    withdraw_participation_request,
)

from .conftest import make_vorhaben

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.VORHABEN_PARTICIPATION_THRESHOLD = 3
    settings.VORHABEN_PARTICIPATION_ANSWER_DAYS = 30


@pytest.fixture
def admin_user(groups):
    return UserFactory(is_superuser=True, is_staff=True)


def request_url(page) -> str:
    return reverse("vorhaben:participation_request", args=[page.pk])


def withdraw_url(page) -> str:
    return reverse("vorhaben:participation_withdraw", args=[page.pk])


def fresh(page) -> VorhabenPage:
    return VorhabenPage.objects.get(pk=page.pk)


def ask(page, n: int) -> list:
    users = [UserFactory() for _ in range(n)]
    for user in users:
        request_participation(page, user=user, reason="Bitte fragen Sie uns.")
    return users


# The citizen's side


def test_a_citizen_asks_with_a_reason_and_sees_it_on_the_page(client, citizen, vorhaben):
    client.force_login(citizen)
    page = client.get(vorhaben.url).content.decode()
    assert 'id="beteiligung-anregen"' in page and f'action="{request_url(vorhaben)}"' in page
    response = client.post(request_url(vorhaben), {"reason": "Die Anwohner kennen die Lage."})
    assert response.status_code == 302 and response["Location"].endswith("#beteiligung-anregen")
    request = ParticipationRequest.objects.get()
    assert (request.user, request.reason) == (citizen, "Die Anwohner kennen die Lage.")
    assert fresh(vorhaben).participation_request_count == 1
    html = client.get(vorhaben.url).content.decode()
    assert "1 Person hat Beteiligung angeregt." in html
    assert "Die Anwohner kennen die Lage." in html  # to its author
    assert f'action="{withdraw_url(vorhaben)}"' in html
    assert f'action="{request_url(vorhaben)}"' not in html


def test_one_request_per_user_and_vorhaben(client, citizen, vorhaben):
    state = request_participation(vorhaben, user=citizen, reason="Erstens")
    again = request_participation(vorhaben, user=citizen, reason="Zweitens")
    assert (state.changed, again.changed, again.count) == (True, False, 1)
    client.force_login(citizen)
    response = client.post(request_url(vorhaben), {"reason": "Drittens"})
    assert response.status_code == 302
    assert list(ParticipationRequest.objects.values_list("reason", flat=True)) == ["Erstens"]
    assert fresh(vorhaben).participation_request_count == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationRequest.objects.create(vorhaben=vorhaben, user=citizen, reason="x")


def test_a_citizen_withdraws_the_request(client, citizen, vorhaben):
    request_participation(vorhaben, user=citizen, reason="Bitte")
    ask(vorhaben, 1)
    client.force_login(citizen)
    response = client.post(withdraw_url(vorhaben))
    assert response.status_code == 302
    assert not ParticipationRequest.objects.filter(user=citizen).exists()
    assert fresh(vorhaben).participation_request_count == 1
    assert f'action="{request_url(vorhaben)}"' in client.get(vorhaben.url).content.decode()
    # Withdrawing again changes nothing; a GET does not withdraw.
    client.post(withdraw_url(vorhaben))
    assert client.get(withdraw_url(vorhaben)).status_code == 405
    assert fresh(vorhaben).participation_request_count == 1


def test_the_counter_equals_the_rows(vorhaben, vorhabenliste):
    other = make_vorhaben(vorhabenliste, "Zweites Vorhaben")
    users = ask(vorhaben, 2) + ask(other, 1)
    request_participation(vorhaben, user=users[2], reason="Auch hier")
    withdraw_participation_request(vorhaben, user=users[0])
    withdraw_participation_request(vorhaben, user=users[0])
    rows = vorhaben.participation_requests.count()
    assert fresh(vorhaben).participation_request_count == 2 == rows
    assert fresh(other).participation_request_count == 1
    assert participation_request_counts() == []


def test_an_old_revision_does_not_bring_back_an_old_count(vorhaben):
    revision = vorhaben.save_revision()
    ask(vorhaben, 3)
    revision.publish()
    page = fresh(vorhaben)
    page.participation_request_count = 99
    page.save()
    page = fresh(vorhaben)
    assert page.participation_request_count == 3
    assert page.participation_threshold_reached_on == TODAY


def test_anonymous_visitors_are_asked_to_log_in(client, vorhaben):
    page = client.get(vorhaben.url).content.decode()
    assert "Zum Anregen anmelden" in page and "<textarea" not in page
    for response in (
        client.get(request_url(vorhaben)),
        client.post(request_url(vorhaben), {"reason": "Bitte"}),
        client.post(withdraw_url(vorhaben)),
    ):
        assert response.status_code == 302 and "/konto/" in response["Location"]
    assert not ParticipationRequest.objects.exists()


@pytest.mark.parametrize(
    ("reason", "message"),
    [("   ", "warum eine Beteiligung nötig ist"), ("x" * 501, "höchstens 500 Zeichen")],
)
def test_bad_input_comes_back_with_an_error_summary_and_the_input_kept(
    client, citizen, vorhaben, reason, message
):
    client.force_login(citizen)
    response = client.post(request_url(vorhaben), {"reason": reason})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'href="#id_reason"' in html
    assert message in html
    assert reason.strip() in html
    assert not ParticipationRequest.objects.exists()
    with pytest.raises(ValidationError):
        request_participation(vorhaben, user=citizen, reason=reason)


def test_forged_ids_are_404(client, citizen, vorhabenliste, vorhaben):
    draft = make_vorhaben(vorhabenliste, "Entwurf")
    draft.unpublish()
    client.force_login(citizen)
    for pk in (0, 999999, draft.pk, vorhabenliste.pk):
        assert client.get(request_url_for(pk)).status_code == 404
        assert client.post(request_url_for(pk), {"reason": "x"}).status_code == 404
        assert client.post(withdraw_url_for(pk)).status_code == 404
    assert not ParticipationRequest.objects.exists()


def request_url_for(pk: int) -> str:
    return reverse("vorhaben:participation_request", args=[pk])


def withdraw_url_for(pk: int) -> str:
    return reverse("vorhaben:participation_withdraw", args=[pk])


@pytest.mark.parametrize(
    "status", [Status.IN_PROGRESS, Status.COMPLETED, Status.DEFERRED, Status.DROPPED]
)
def test_requests_are_closed_unless_the_vorhaben_is_planned(client, citizen, vorhaben, status):
    ask(vorhaben, 1)
    report_progress(vorhaben, author=None, text="Weiter", new_status=status, reason="Grund")
    client.force_login(citizen)
    response = client.post(request_url(vorhaben), {"reason": "Bitte"})
    assert response.status_code == 403
    assert "solange ein Vorhaben geplant ist" in response.content.decode()
    html = client.get(vorhaben.url).content.decode()
    assert "1 Person hat Beteiligung angeregt." in html and "<textarea" not in html
    with pytest.raises(RequestNotAllowed):
        request_participation(vorhaben, user=citizen, reason="Bitte")
    assert fresh(vorhaben).participation_request_count == 1


def test_a_vorhaben_without_requests_that_is_not_planned_shows_no_section(client, vorhaben):
    report_progress(vorhaben, author=None, text="Los", new_status=Status.IN_PROGRESS)
    assert 'id="beteiligung-anregen"' not in client.get(vorhaben.url).content.decode()


def test_posting_is_rate_limited(client, citizen, vorhabenliste, settings):
    settings.POSTING_RATE_LIMITS = {
        **settings.POSTING_RATE_LIMITS,
        "participation_request": "1/m/user",
    }
    first, second = make_vorhaben(vorhabenliste, "Eins"), make_vorhaben(vorhabenliste, "Zwei")
    client.force_login(citizen)
    assert client.post(request_url(first), {"reason": "Bitte"}).status_code == 302
    response = client.post(request_url(second), {"reason": "Noch eins"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Noch eins" in response.content.decode()
    assert ParticipationRequest.objects.count() == 1


# Threshold, due date and the city's answer


def test_the_threshold_records_the_date_and_the_due_date_once(client, vorhaben):
    users = ask(vorhaben, 2)
    page = fresh(vorhaben)
    assert page.participation_threshold_reached_on is None
    assert not VorhabenPage.objects.awaiting_participation_answer().exists()
    ask(vorhaben, 1)
    page = fresh(vorhaben)
    due = TODAY + datetime.timedelta(days=30)
    assert (page.participation_threshold_reached_on, page.participation_answer_due) == (
        TODAY,
        due,
    )
    (waiting,) = VorhabenPage.objects.awaiting_participation_answer()
    assert waiting.pk == vorhaben.pk
    assert (waiting.threshold_reached_at, waiting.answer_due) == (TODAY, due)
    html = client.get(vorhaben.url).content.decode()
    assert "Die Stadt antwortet bis" in html and f'datetime="{due:%Y-%m-%d}"' in html
    # Withdrawing below the threshold keeps the date: the answer is still owed.
    withdraw_participation_request(vorhaben, user=users[0])
    page = fresh(vorhaben)
    assert page.participation_request_count == 2
    assert page.participation_answer_due == due
    assert VorhabenPage.objects.awaiting_participation_answer().count() == 1


def test_the_list_shows_the_count_and_the_due_date(client, vorhabenliste, vorhaben):
    ask(vorhaben, 3)
    html = client.get(vorhabenliste.url).content.decode()
    assert "Anregungen zur Beteiligung" in html
    assert f"{TODAY + datetime.timedelta(days=30):%d.%m.%Y}" in html


def test_staff_answer_in_the_admin_and_the_answer_stands_in_the_trail(
    client, admin_user, vorhaben, home_page
):
    project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=home_page))
    ask(vorhaben, 3)
    client.force_login(admin_user)
    url = reverse("vorhaben_participation_answer", args=[vorhaben.pk])
    form = client.get(url).content.decode()
    assert "Bitte fragen Sie uns." in form  # the reasons, for staff
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[vorhaben.pk])).content.decode()
    assert url in edit
    response = client.post(
        url,
        {
            "decision": ParticipationDecision.YES,
            "text": "Wir laden zu einer Bürgerwerkstatt ein.",
            "project": project.pk,
            "on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    answer = Sachstandsbericht.objects.get()
    assert answer.kind == ReportKind.PARTICIPATION_ANSWER
    assert answer.status == answer.previous_status == Status.PLANNED
    assert (answer.participation_project_id, answer.recorded_by) == (project.pk, admin_user)
    page = fresh(vorhaben)
    assert page.participation_answered_on == TODAY
    assert not VorhabenPage.objects.awaiting_participation_answer().exists()
    client.logout()
    html = client.get(vorhaben.url).content.decode()
    assert "Antwort auf die Anregungen zur Beteiligung – Beteiligung wird durchgeführt" in html
    assert "Wir laden zu einer Bürgerwerkstatt ein." in html and project.url in html
    # Answering closes the requests.
    citizen = UserFactory()
    with pytest.raises(RequestNotAllowed):
        request_participation(vorhaben, user=citizen, reason="Zu spät")
    with pytest.raises(RequestNotAllowed):
        withdraw_participation_request(vorhaben, user=ParticipationRequest.objects.first().user)
    with pytest.raises(ValidationError):
        answer_participation(vorhaben, author=None, decision="keine", text="Doch nicht")
    assert "Die Stadt hat am" in html and "<textarea" not in html


def test_no_participation_needs_a_reason_and_takes_no_project(client, admin_user, vorhaben):
    ask(vorhaben, 1)
    client.force_login(admin_user)
    url = reverse("vorhaben_participation_answer", args=[vorhaben.pk])
    response = client.post(
        url, {"decision": ParticipationDecision.NO, "text": "  ", "on": TODAY.isoformat()}
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html and 'href="#id_text"' in html
    with pytest.raises(ValidationError) as refused:
        answer_participation(
            vorhaben,
            author=admin_user,
            decision=ParticipationDecision.NO,
            text="Zu früh.",
            project=ProjectPageFactory(
                parent=ProjectIndexPageFactory(parent=vorhaben.get_parent().get_parent())
            ),
        )
    assert "project" in refused.value.message_dict
    assert not Sachstandsbericht.objects.exists()
    answer_participation(
        vorhaben,
        author=admin_user,
        decision=ParticipationDecision.NO,
        text="Die Planung ist rechtlich vorgegeben.",
    )
    html = client.get(vorhaben.url).content.decode()
    assert "Keine Beteiligung" in html and "Die Planung ist rechtlich vorgegeben." in html


def test_nobody_asked_means_nothing_to_answer(client, admin_user, vorhaben):
    with pytest.raises(ValidationError):
        answer_participation(vorhaben, author=None, decision="durchfuehren", text="Ja")
    client.force_login(admin_user)
    url = reverse("vorhaben_participation_answer", args=[vorhaben.pk])
    assert "Niemand hat" in client.get(url).content.decode()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[vorhaben.pk])).content.decode()
    assert url not in edit


def test_only_editors_of_the_page_reach_the_answer_form(client, vorhaben):
    ask(vorhaben, 1)
    client.force_login(UserFactory())
    url = reverse("vorhaben_participation_answer", args=[vorhaben.pk])
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"decision": "keine", "text": "x"}).status_code in (302, 403)
    assert not Sachstandsbericht.objects.exists()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("vorhaben_participation_answer", args=[0])).status_code == 404


def test_the_answer_is_append_only(vorhaben):
    ask(vorhaben, 1)
    answer = answer_participation(vorhaben, author=None, decision="keine", text="Nein, weil.")
    answer.text = "Geändert"
    with pytest.raises(AppendOnlyError):
        answer.save()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE vorhaben_sachstandsbericht SET participation_decision = 'durchfuehren' "
            "WHERE id = %s",
            [answer.pk],
        )
    assert Sachstandsbericht.objects.get(pk=answer.pk).participation_decision == "keine"


def test_a_plain_report_cannot_carry_a_decision(vorhaben):
    with pytest.raises(IntegrityError), transaction.atomic():
        Sachstandsbericht.objects.create(
            vorhaben=vorhaben,
            text="x",
            previous_status=Status.PLANNED,
            status=Status.PLANNED,
            participation_decision="keine",
        )


# Privacy: reasons and names


def test_reasons_and_names_are_not_public(client, vorhaben, citizen):
    asker = UserFactory(display_name="Erika Musterfrau")
    request_participation(vorhaben, user=asker, reason="Geheimer Grund 42")
    for viewer in (None, citizen):
        if viewer:
            client.force_login(viewer)
        html = client.get(vorhaben.url).content.decode()
        assert "1 Person hat Beteiligung angeregt." in html
        assert "Geheimer Grund 42" not in html and "Erika Musterfrau" not in html
    rows = list(exports.vorhaben_rows(RequestFactory().get("/")))
    assert rows[0]["participation_requests"] == 1
    assert "Geheimer Grund" not in json.dumps(rows, default=str)


def test_the_answer_form_shows_reasons_without_names(client, admin_user, vorhaben):
    asker = UserFactory(display_name="Erika Musterfrau")
    request_participation(vorhaben, user=asker, reason="Geheimer Grund 42")
    client.force_login(admin_user)
    html = client.get(reverse("vorhaben_participation_answer", args=[vorhaben.pk])).content
    assert "Geheimer Grund 42" in html.decode() and "Erika Musterfrau" not in html.decode()


def test_open_data_has_the_count_and_the_answer(client, vorhaben):
    ask(vorhaben, 3)
    answer_participation(vorhaben, author=None, decision="keine", text="Nein, weil.")
    data = json.loads(client.get("/offene-daten/vorhaben.json").getvalue())
    (record,) = data["records"]
    assert record["participation_requests"] == 3
    assert record["participation_answered_on"] == TODAY.isoformat()
    reports = json.loads(client.get("/offene-daten/sachstandsberichte.json").getvalue())
    (entry,) = reports["records"]
    assert (entry["kind"], entry["participation_decision"]) == ("beteiligung", "keine")


# The citizen's own data


def test_my_participation_lists_the_requests(client, citizen, vorhaben):
    request_participation(vorhaben, user=citizen, reason="Mein Grund")
    client.force_login(citizen)
    html = client.get(reverse("accounts:participation")).content.decode()
    assert "Ihre Anregungen zur Beteiligung" in html
    assert vorhaben.title in html and "Mein Grund" in html


def test_the_personal_data_export_has_the_requests(citizen, vorhaben):
    request_participation(vorhaben, user=citizen, reason="Mein Grund")
    data = export_personal_data(citizen)
    (row,) = data["participation_requests"]
    assert (row["vorhaben_id"], row["vorhaben_title"], row["reason"]) == (
        vorhaben.pk,
        vorhaben.title,
        "Mein Grund",
    )
    assert "reason" in data["documentation"]["participation_requests"]["keys"]


def test_deleting_the_account_removes_the_requests_and_recounts(citizen, vorhaben):
    ask(vorhaben, 2)
    request_participation(vorhaben, user=citizen, reason="Mein Grund")
    assert fresh(vorhaben).participation_threshold_reached_on == TODAY
    delete_account(citizen)
    page = fresh(vorhaben)
    assert not ParticipationRequest.objects.filter(user=citizen).exists()
    assert page.participation_request_count == 2
    assert page.participation_threshold_reached_on == TODAY  # the answer is still owed
    assert participation_request_counts() == []


def test_the_page_keeps_a_constant_number_of_queries(
    client, citizen, vorhaben, page_cache_off, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    client.force_login(citizen)
    request_participation(vorhaben, user=citizen, reason="Bitte")
    with CaptureQueriesContext(connection) as captured:
        client.get(vorhaben.url)
    ask(vorhaben, 5)
    answer_participation(vorhaben, author=None, decision="keine", text="Nein, weil.")
    with django_assert_max_num_queries(len(captured)):
        assert client.get(vorhaben.url).status_code == 200


# The city's inbox (home.inbox)


def test_requests_over_the_threshold_wait_in_the_editors_inbox_until_answered(
    client, admin_user, vorhaben, moderator
):
    ask(vorhaben, 2)
    client.force_login(admin_user)
    answer_url = reverse("vorhaben_participation_answer", args=[vorhaben.pk])
    assert answer_url not in client.get("/cms/eingang/").content.decode()  # under the threshold
    ask(vorhaben, 1)
    inbox = client.get("/cms/eingang/").content.decode()
    assert answer_url in inbox and "3 Anregungen" in inbox
    due = TODAY + datetime.timedelta(days=30)
    assert f'datetime="{due.isoformat()}"' in inbox
    client.force_login(moderator)  # may not edit the Vorhaben: not in their inbox
    assert answer_url not in client.get("/cms/eingang/").content.decode()
    client.force_login(admin_user)
    answered = client.post(
        answer_url,
        {
            "decision": ParticipationDecision.NO,
            "text": "Das Vorhaben ist gesetzlich festgelegt.",
            "on": TODAY.isoformat(),
        },
    )
    assert answered.status_code == 302
    assert answer_url not in client.get("/cms/eingang/").content.decode()
