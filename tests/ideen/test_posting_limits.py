"""Rate limits on ideas, supports and reports of ideas: 429, the form and its input kept."""

import pytest

from ideen.models import Idea, IdeaReport, IdeaSupport
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, other_staff):
    client.force_login(other_staff)
    return client


def limits(settings, **rates):
    settings.POSTING_RATE_LIMITS = {**settings.POSTING_RATE_LIMITS, **rates}


def test_ideas_beyond_the_limit_come_back_with_the_input_and_the_time(
    staff_client, platform, category, settings
):
    limits(settings, idea="1/10m/user")
    url = f"/ideen/einreichen/{platform.pk}/"
    first = {"title": "Erste Idee", "description": "Text", "category": category.pk}
    assert staff_client.post(url, first).status_code == 302

    second = {"title": "Zweite Idee", "description": "Mein langer Text.", "category": category.pk}
    response = staff_client.post(url, second)

    html = response.content.decode()
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert "Nichts wurde gespeichert" in html
    assert 'value="Zweite Idee"' in html
    assert "Mein langer Text." in html
    assert not Idea.objects.filter(title="Zweite Idee").exists()


def test_invalid_ideas_do_not_count(staff_client, platform, category, settings):
    limits(settings, idea="1/10m/user")
    url = f"/ideen/einreichen/{platform.pk}/"
    staff_client.post(url, {"title": "", "description": ""})
    valid = {"title": "Gültig", "description": "Text", "category": category.pk}
    assert staff_client.post(url, valid).status_code == 302


def test_supports_beyond_the_limit_are_refused(staff_client, platform, category, settings):
    limits(settings, support="2/m/user")
    ideas = [IdeaFactory(space=platform, category=category) for _ in range(3)]
    for idea in ideas[:2]:
        assert staff_client.post(f"/ideen/{idea.pk}/unterstuetzen/").status_code == 302

    page = staff_client.post(f"/ideen/{ideas[2].pk}/unterstuetzen/")
    script = staff_client.post(
        f"/ideen/{ideas[2].pk}/unterstuetzen/", HTTP_ACCEPT="application/json"
    )

    assert page.status_code == 429
    assert "Nichts wurde gespeichert" in page.content.decode()
    assert script.status_code == 429
    assert script.json()["ok"] is False
    assert not IdeaSupport.objects.filter(idea=ideas[2]).exists()


def test_reports_of_ideas_beyond_the_limit_keep_the_reason(
    staff_client, platform, category, settings
):
    limits(settings, report="1/h/user")
    first, second = (IdeaFactory(space=platform, category=category) for _ in range(2))
    assert staff_client.post(f"/ideen/{first.pk}/melden/", {"reason": "Werbung"}).status_code == 302

    response = staff_client.post(f"/ideen/{second.pk}/melden/", {"reason": "Beleidigend"})

    assert response.status_code == 429
    assert "Beleidigend" in response.content.decode()
    assert not IdeaReport.objects.filter(idea=second).exists()
