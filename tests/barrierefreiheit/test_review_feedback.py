"""A line break in the "page concerned" field must not cost the team its e-mail.

The page address goes into the subject of the e-mail to the accessibility team; a subject with
a line break made Django refuse to send it (BadHeaderError), so the report arrived only in the
admin and the sender got no confirmation.
"""

import pytest
from django.core import mail
from django.core.cache import cache

from barrierefreiheit.feedback import BarrierReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_a_page_address_with_line_breaks_is_stored_on_one_line_and_mailed(
    client, home_page, settings, django_capture_on_commit_callbacks
):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "team-barrierefreiheit@kleve.de"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/barriere-melden/",
            {
                "page_url": "/projekte/\r\nBcc: opfer@example.org",
                "description": "Der Kontrast ist zu schwach.",
                "name": "Erika\nMuster",
                "email": "erika@example.org",
                "website": "",
            },
        )

    assert response.status_code == 302
    assert BarrierReport.objects.get().page_url == "/projekte/ Bcc: opfer@example.org"
    team, sender = mail.outbox
    assert team.to == ["team-barrierefreiheit@kleve.de"]
    assert "\n" not in team.subject
    assert team.bcc == []
    assert sender.to == ["erika@example.org"]


def test_a_stored_report_with_a_line_break_is_still_mailed(
    settings, django_capture_on_commit_callbacks
):
    from barrierefreiheit.feedback import queue_report_emails
    from tests.factories import BarrierReportFactory

    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "team-barrierefreiheit@kleve.de"
    report = BarrierReportFactory(page_url="/projekte/\nzweite Zeile", email="")

    with django_capture_on_commit_callbacks(execute=True):
        queue_report_emails(report)

    (team,) = mail.outbox
    assert team.subject.endswith("/projekte/ zweite Zeile")
