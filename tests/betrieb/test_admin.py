"""Admin view "Geplante Aufgaben": administrators see the jobs, last runs, errors, next due time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from betrieb.models import PeriodicRun
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/cms/geplante-aufgaben/"


@pytest.fixture
def runs(db):
    slot = timezone.now().replace(second=0, microsecond=0)
    return [
        PeriodicRun.objects.create(
            job="send_queued_mail",
            slot=slot,
            started_at=slot,
            finished_at=slot + timedelta(seconds=1),
            outcome=PeriodicRun.Outcome.FAILED,
            error="RuntimeError: mail server away",
            worker="scheduler-1:7",
        ),
    ]


def test_administrators_see_every_job_with_its_last_outcome_and_error(client, runs):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geplante Aufgaben" in html
    assert "send_queued_mail" in html and "apply_retention" in html
    assert "fehlgeschlagen" in html and "mail server away" in html
    assert "nie" in html  # apply_retention has not run


def test_other_admin_users_are_refused_and_see_no_menu_item(client, runs):
    from django.contrib.auth.models import Permission

    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(URL).status_code in (302, 403)
    assert URL not in client.get("/cms/").content.decode()
