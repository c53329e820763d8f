"""The demo loads all 42 projects of the Maßnahmenkatalog as Vorhaben, once."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from demo.invariants import participation_request_counts
from ideen.categories import load_catalogue
from transparenz import guards
from vorhaben.models import (
    ParticipationRequest,
    ReportKind,
    Sachstandsbericht,
    Status,
    VorhabenPage,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_catalogue_project_with_believable_states_and_reports(client):
    call_command("load_demo", force=True, stdout=io.StringIO())
    titles = [
        project["titel"]
        for area in load_catalogue()["wirkungsbereiche"]
        for field in area["aktionsfelder"]
        for project in field["projekte"]
    ]
    pages = VorhabenPage.objects.live().public()
    assert len(titles) == 42
    assert sorted(pages.values_list("title", flat=True)) == sorted(titles)
    states = Counter(pages.values_list("status", flat=True))
    assert set(states) == set(Status.values)
    reports = Counter(
        Sachstandsbericht.objects.filter(kind=ReportKind.REPORT).values_list(
            "vorhaben_id", flat=True
        )
    )
    assert set(reports.values()) <= {1, 2, 3} and len(reports) == 42
    assert Sachstandsbericht.objects.filter(corrects__isnull=False).exists()
    for page in pages:
        newest = page.reports.order_by("-created", "-pk").first()
        assert page.status == newest.status, page.title
        assert page.measures.exists() and page.field_of_action and page.department
        if page.status in (Status.DEFERRED, Status.DROPPED):
            assert newest.reason
    assert guards.missing(connection) == []

    # Beteiligung anregen: one Vorhaben answered by the city, one waiting for the answer.
    asked = pages.filter(participation_request_count__gt=0)
    assert asked.count() >= 2
    answered = asked.get(participation_answered_on__isnull=False)
    assert answered.participation_threshold_reached_on
    assert answered.reports.filter(kind=ReportKind.PARTICIPATION_ANSWER).count() == 1
    (waiting,) = VorhabenPage.objects.awaiting_participation_answer()
    assert waiting.answer_due > timezone.localdate() > waiting.threshold_reached_at
    assert participation_request_counts() == []

    before = (
        VorhabenPage.objects.count(),
        Sachstandsbericht.objects.count(),
        ParticipationRequest.objects.count(),
    )
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out)
    assert "nothing changed" in out.getvalue()
    assert (
        VorhabenPage.objects.count(),
        Sachstandsbericht.objects.count(),
        ParticipationRequest.objects.count(),
    ) == before

    response = client.get("/vorhabenliste/")
    assert response.status_code == 200
    assert response.context["vorhaben_list"].paginator.count == 42
