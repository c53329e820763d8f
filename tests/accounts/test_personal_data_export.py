""" "Meine Daten" for people with much data: built in the background, e-mailed as a signed link."""

import datetime
import json
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.deletion import delete_account
from accounts.exports import export_storage
from accounts.models import PersonalDataExport
from accounts.personal_data import personal_data_of, personal_data_size
from accounts.retention import apply_retention
from tests.accounts.test_personal_data import fill_with_content, reauthenticated
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(settings, tmp_path):
    settings.PERSONAL_DATA_EXPORT_THRESHOLD = 3
    settings.PERSONAL_DATA_EXPORT_ROOT = tmp_path / "private"
    return settings


@pytest.fixture
def heavy_user(platform, small_threshold):
    user = UserFactory(display_name="Viel Schreiberin", email="viel@example.org")
    fill_with_content(user, platform, n=2)
    return user


def request_file(client, user):
    """Ask for the file as the page's button does; return the link of the e-mail."""
    reauthenticated(client, user)
    response = client.post(reverse("accounts:my_data_download"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:my_data")
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return re.search(r"http://testserver(/konto/meine-daten/datei/\S+/)", message.body).group(1)


def test_the_size_is_counted_without_loading_the_rows(heavy_user, django_assert_max_num_queries):
    sections = personal_data_of(heavy_user)
    # barrier_reports: a small section without a count.
    rows = sum(len(s.rows) for s in sections if s.key != "barrier_reports")
    with django_assert_max_num_queries(16):
        size = personal_data_size(heavy_user)

    assert size == rows
    assert size > 3


def test_small_data_is_downloaded_at_once(client, small_threshold):
    small_threshold.PERSONAL_DATA_EXPORT_THRESHOLD = 100
    user = UserFactory()
    reauthenticated(client, user)

    response = client.get(reverse("accounts:my_data_download"))

    assert response.status_code == 200
    assert json.loads(response.content)["account"][0]["id"] == user.pk
    assert not PersonalDataExport.objects.exists()


def test_large_data_is_prepared_in_the_background_and_e_mailed(client, heavy_user, requests_commit):
    reauthenticated(client, heavy_user)
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "Daten vorbereiten (JSON-Datei)" in page

    response = client.post(reverse("accounts:my_data_download"))

    # The response holds no data, only the way back to the page.
    assert response.status_code == 302
    assert b"Eigene Idee" not in response.content
    assert "Viel Schreiberin" not in response.content.decode()
    export = PersonalDataExport.objects.get(user=heavy_user)
    assert export.state == "ready"
    assert export.expires_at - export.ready_at == datetime.timedelta(days=7)
    assert export_storage().exists(export.file_name)
    assert len(export.file_name) > 30  # a random, non-guessable name
    [message] = mail.outbox
    assert message.to == [heavy_user.email]
    assert "bereit" in message.subject
    link = re.search(r"http://testserver(/konto/meine-daten/datei/\S+/)", message.body).group(1)

    download = client.get(link)

    assert download.status_code == 200
    assert download["Cache-Control"] == "no-store"
    assert "attachment" in download["Content-Disposition"]
    data = json.loads(b"".join(download.streaming_content))
    assert data["account"][0]["display_name"] == "Viel Schreiberin"
    assert {i["title"] for i in data["ideas"]} >= {"Eigene Idee 0", "Eigene Idee 1"}

    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "Ihre Datei ist fertig" in page
    # A second request while the file is valid builds no second one.
    client.post(reverse("accounts:my_data_download"))
    assert PersonalDataExport.objects.count() == 1
    assert len(mail.outbox) == 1


def test_get_on_the_large_path_returns_no_data(client, heavy_user):
    reauthenticated(client, heavy_user)

    response = client.get(reverse("accounts:my_data_download"))

    assert response.status_code == 302
    assert not PersonalDataExport.objects.exists()


def test_the_file_is_not_under_media(heavy_user, client, requests_commit, settings):
    request_file(client, heavy_user)
    export = PersonalDataExport.objects.get()
    path = export_storage().path(export.file_name)
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))
    with pytest.raises(ValueError):
        export_storage().url(export.file_name)


def test_link_needs_reauthentication(client, heavy_user, requests_commit):
    link = request_file(client, heavy_user)
    client.logout()
    assert client.get(link).status_code == 302
    client.force_login(heavy_user)  # signed in, but not re-authenticated

    response = client.get(link)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_link_does_not_work_for_another_user(client, heavy_user, requests_commit):
    link = request_file(client, heavy_user)
    client.logout()
    reauthenticated(client, UserFactory())

    response = client.get(link)

    assert response.status_code == 404
    assert "Dieser Link ist nicht gültig" in response.content.decode()


@pytest.mark.parametrize("change", ["forged", "cut", "garbage"])
def test_forged_link_is_refused(client, heavy_user, requests_commit, change):
    link = request_file(client, heavy_user)
    token = link.rstrip("/").rsplit("/", 1)[1]
    pk, stamp, signature = token.split(":")
    forged = {
        "forged": f"{int(pk) + 1}:{stamp}:{signature}",
        "cut": f"{pk}:{stamp}",
        "garbage": "nichts",
    }[change]

    response = client.get(reverse("accounts:my_data_export", args=[forged]))

    assert response.status_code == 404
    assert "Dieser Link ist nicht gültig" in response.content.decode()


def test_expired_link_is_refused_and_retention_removes_the_file(
    client, heavy_user, requests_commit
):
    link = request_file(client, heavy_user)
    export = PersonalDataExport.objects.get()
    later = timezone.now() + datetime.timedelta(days=7, minutes=1)

    with time_machine.travel(later, tick=False):
        client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
        response = client.get(link)
        assert response.status_code == 410
        assert "Dieser Link ist abgelaufen" in response.content.decode()
        page = client.get(reverse("accounts:my_data")).content.decode()
        assert "ist abgelaufen" in page

        counts = apply_retention()

    assert counts["personal_data_exports_expired"] == 1
    assert not export_storage().exists(export.file_name)
    export.refresh_from_db()
    assert export.state == "expired"
    assert export.file_name == ""


def test_retention_keeps_files_that_are_still_valid(client, heavy_user, requests_commit):
    request_file(client, heavy_user)
    export = PersonalDataExport.objects.get()

    assert apply_retention()["personal_data_exports_expired"] == 0
    assert export_storage().exists(export.file_name)


def test_account_deletion_removes_the_file(
    client, heavy_user, requests_commit, django_capture_on_commit_callbacks
):
    request_file(client, heavy_user)
    export = PersonalDataExport.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(heavy_user)

    assert not PersonalDataExport.objects.exists()
    assert not export_storage().exists(export.file_name)


def test_a_lost_export_can_be_asked_for_again(client, heavy_user, requests_commit):
    """A file still "being prepared" an hour later was lost (a worker died): ask again."""
    lost = PersonalDataExport.objects.create(
        user=heavy_user, created=timezone.now() - datetime.timedelta(minutes=61)
    )
    reauthenticated(client, heavy_user)
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert "abgelaufen" in page

    request_file(client, heavy_user)

    newest = PersonalDataExport.objects.first()
    assert newest.pk != lost.pk
    assert newest.state == PersonalDataExport.State.READY
