"""The "Barriere melden" form: prefilling, validation, honeypot, rate limit, storage, e-mails."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from barrierefreiheit.feedback import BarrierReport, same_site_path
from tests.factories import AccessibilityStatementPageFactory, BarrierReportFactory

pytestmark = pytest.mark.django_db

URL = "/barriere-melden/"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def valid_data(**overrides):
    return {
        "page_url": "/projekte/radwege/",
        "description": "Die Karte ist mit der Tastatur nicht bedienbar.",
        "name": "Erika Muster",
        "email": "erika@example.org",
        "website": "",
        **overrides,
    }


def test_form_is_prefilled_from_the_seite_parameter(client, home_page):
    response = client.get(URL, {"seite": "/projekte/radwege/"})
    assert response.status_code == 200
    assert response.context["form"]["page_url"].value() == "/projekte/radwege/"


def test_form_is_prefilled_from_a_same_site_referer(client, home_page):
    response = client.get(URL, HTTP_REFERER="http://testserver/suche/?q=Rad")
    assert response.context["form"]["page_url"].value() == "/suche/?q=Rad"


@pytest.mark.parametrize(
    "value",
    [
        "https://evil.example/phish/",
        "//evil.example/x",
        "javascript:alert(1)",
        "/barriere-melden/",
        "/barriere-melden/gesendet/",
    ],
)
def test_foreign_addresses_and_the_form_itself_are_not_prefilled(client, home_page, value):
    response = client.get(URL, {"seite": value}, HTTP_REFERER=value)
    assert response.context["form"]["page_url"].value() == ""


def test_same_site_path_keeps_only_paths_on_this_host(rf):
    request = rf.get("/", HTTP_HOST="beteiligung.kleve.de")
    assert same_site_path("https://beteiligung.kleve.de/a/?b=1#c", request) == "/a/?b=1"
    assert same_site_path("https://other.de/a/", request) == ""
    assert same_site_path("/ideen/3/", request) == "/ideen/3/"


def test_valid_report_is_stored_with_due_date_and_emailed(
    client, home_page, settings, django_capture_on_commit_callbacks
):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "team-barrierefreiheit@kleve.de"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data())

    assert response.status_code == 302
    assert response["Location"] == "/barriere-melden/gesendet/"
    report = BarrierReport.objects.get()
    assert report.page_url == "/projekte/radwege/"
    assert report.status == BarrierReport.Status.NEW
    assert report.reply_due_on == timezone.localdate() + datetime.timedelta(days=14)

    team, sender = mail.outbox
    assert team.to == ["team-barrierefreiheit@kleve.de"]
    assert team.reply_to == ["erika@example.org"]
    assert "Die Karte ist mit der Tastatur nicht bedienbar." in team.body
    assert f"/cms/barrierenmeldungen/edit/{report.pk}/" in team.body
    assert sender.to == ["erika@example.org"]
    assert "Ombudsstelle für barrierefreie Informationstechnik" in sender.body
    assert "Erika Muster" in sender.body


def test_confirmation_page_names_due_date_and_ombudsstelle(client, home_page):
    response = client.post(URL, valid_data(), follow=True)
    html = response.content.decode()
    assert "Vielen Dank für Ihre Meldung" in html
    due = timezone.localdate() + datetime.timedelta(days=14)
    assert f"{due.day}. " in html
    assert "Ombudsstelle für barrierefreie Informationstechnik" in html
    assert "ombudsstelle-barrierefreie-it@mags.nrw.de" in html


def test_ombudsstelle_contact_comes_from_the_statement_page(client, home_page):
    AccessibilityStatementPageFactory(
        parent=home_page, ombudsstelle_email="neu@ombudsstelle.example", ombudsstelle_phone="0211 1"
    )
    html = client.post(URL, valid_data(), follow=True).content.decode()
    assert "neu@ombudsstelle.example" in html
    assert "0211 1" in html


def test_anonymous_report_without_contact_sends_only_the_team_mail(
    client, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(name="", email=""), follow=True)
    assert len(mail.outbox) == 1
    assert "nicht persönlich antworten" in response.content.decode()


def test_missing_description_rerenders_with_error_summary_and_keeps_input(client, home_page):
    response = client.post(URL, valid_data(description="   ", email="kaputt"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler:" in html
    assert 'class="error-summary"' in html
    assert 'href="#id_description"' in html
    assert 'href="#id_email"' in html
    assert 'value="/projekte/radwege/"' in html
    assert 'value="Erika Muster"' in html
    assert not BarrierReport.objects.exists()


def test_markup_in_the_description_is_stripped(client, home_page):
    client.post(URL, valid_data(description="<script>alert(1)</script>Das <b>Menü</b> klemmt."))
    assert BarrierReport.objects.get().description == "alert(1)Das Menü klemmt."


def test_honeypot_submissions_look_successful_but_are_dropped(
    client, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not BarrierReport.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_client_with_a_clear_message(client, home_page, settings):
    settings.ACCESSIBILITY_FEEDBACK_RATE_LIMIT = (2, 3600)
    for _ in range(2):
        assert client.post(URL, valid_data()).status_code == 302

    response = client.post(URL, valid_data(description="Noch eine Barriere."))

    html = response.content.decode()
    assert response.status_code == 429
    assert "<title>Fehler:" in html
    assert "in einer Stunde" in html
    assert "Noch eine Barriere." in html  # the text is kept for a later try
    assert BarrierReport.objects.count() == 2
    # Another client is not affected.
    other = client.post(URL, valid_data(), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_a_logged_in_user_is_limited_from_every_address(client, home_page, settings, user):
    settings.POSTING_RATE_LIMITS = {**settings.POSTING_RATE_LIMITS, "barrier_report": "1/h/user"}
    client.force_login(user)
    assert client.post(URL, valid_data(), REMOTE_ADDR="10.1.2.3").status_code == 302

    response = client.post(URL, valid_data(description="Zweite Meldung."), REMOTE_ADDR="10.9.9.9")

    html = response.content.decode()
    assert response.status_code == 429
    assert "Nichts wurde gespeichert" in html
    assert "Zweite Meldung." in html
    assert BarrierReport.objects.count() == 1


def test_invalid_submissions_do_not_count_against_the_limit(client, home_page, settings):
    settings.ACCESSIBILITY_FEEDBACK_RATE_LIMIT = (1, 3600)
    for _ in range(3):
        client.post(URL, valid_data(description=""))
    assert client.post(URL, valid_data()).status_code == 302


def test_footer_links_to_the_form_with_the_current_page(client, home_page):
    html = client.get("/suche/").content.decode()
    assert 'href="/barriere-melden/?seite=/suche/"' in html


def test_report_overdue_only_while_open():
    report = BarrierReportFactory()
    report.reply_due_on = timezone.localdate() - datetime.timedelta(days=1)
    report.save()
    assert report.is_overdue
    assert list(BarrierReport.objects.overdue()) == [report]
    report.status = BarrierReport.Status.ANSWERED
    report.save()
    assert not report.is_overdue
    assert report.answered_on == timezone.localdate()
    assert not BarrierReport.objects.overdue().exists()
