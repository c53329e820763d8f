"""Editors manage projects in Wagtail: timeline, participation offers, outcome."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_editor_opens_the_project_editor_with_timeline_and_offers(client, editor, open_project):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[open_project.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("phases-TOTAL_FORMS", "offers_proposals", "completed_on", "field_of_action"):
        assert field in html


def test_editor_can_add_a_project_below_the_index(client, editor, index):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["beteiligung", "projectpage", index.pk])
    assert client.get(url).status_code == 200
