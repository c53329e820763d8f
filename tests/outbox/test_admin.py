"""Admin view "E-Mail-Zustellung": administrators see waiting and failed e-mails and send again."""

import pytest
from django.core import mail
from django.utils import timezone

from outbox.models import OutgoingMail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/cms/e-mail-zustellung/"
State = OutgoingMail.State


@pytest.fixture
def admin_user(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def mails(db):
    def make(subject, state, to, **kwargs):
        return OutgoingMail.objects.create(
            subject=subject, body="Text", to=[to], state=state, kind="account", **kwargs
        )

    return {
        "pending": make("Bitte bestätigen", State.PENDING, "maria@example.org", attempts=3),
        "failed": make(
            "Neuer Stand",
            State.FAILED,
            "jonas@example.org",
            attempts=14,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
            last_attempt_at=timezone.now(),
        ),
        "sent": make("Schon da", State.SENT, "tom@example.org", sent_at=timezone.now()),
    }


def test_the_listing_shows_waiting_and_failed_mails_with_their_error(client, admin_user, mails):
    client.force_login(admin_user)
    html = client.get(URL).content.decode()
    assert "E-Mail-Zustellung" in html
    assert "Bitte bestätigen" in html and "maria@example.org" in html
    assert "Neuer Stand" in html and "Connection refused" in html
    assert "fehlgeschlagen" in html and "wartet" in html


def test_the_listing_filters_by_state(client, admin_user, mails):
    client.force_login(admin_user)
    html = client.get(URL, {"state": "failed"}).content.decode()
    assert "Neuer Stand" in html
    assert "Bitte bestätigen" not in html and "Schon da" not in html


def test_a_failed_mail_is_sent_again(client, admin_user, mails, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    failed = mails["failed"]
    listing = client.get(URL, {"state": "failed"}).content.decode()
    resend_url = f"{URL}{failed.pk}/senden/"
    assert resend_url in listing
    confirm = client.get(resend_url)
    assert confirm.status_code == 200
    assert "Erneut senden" in confirm.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url)
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == State.SENT
    assert [m.to for m in mail.outbox] == [["jonas@example.org"]]
    # Sent: no second time.
    client.post(resend_url)
    assert len(mail.outbox) == 1


def test_nobody_writes_or_edits_an_email_here(client, admin_user, mails):
    client.force_login(admin_user)
    assert client.get(f"{URL}new/").status_code in (302, 403)
    assert client.get(f"{URL}edit/{mails['failed'].pk}/").status_code in (302, 403)
    assert client.get(f"{URL}inspect/{mails['failed'].pk}/").status_code == 200


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_only_administrators_see_the_mails(client, request, mails, role):
    """The rows hold personal data: editors and moderators do not see them."""
    person = request.getfixturevalue(role)
    client.force_login(person)
    assert client.get("/cms/").status_code == 200
    assert URL not in client.get("/cms/").content.decode()
    assert client.get(URL).status_code in (302, 403)
    assert client.post(f"{URL}{mails['failed'].pk}/senden/").status_code in (302, 403)
    mails["failed"].refresh_from_db()
    assert mails["failed"].state == State.FAILED
