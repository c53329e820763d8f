"""Staff write Sachstandsberichte in the Wagtail admin; the page form cannot set the status."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from vorhaben.models import Sachstandsbericht, VorhabenPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(groups):
    return UserFactory(is_superuser=True, is_staff=True)


def test_a_report_is_written_through_the_admin(client, admin_user, vorhaben):
    client.force_login(admin_user)
    url = reverse("vorhaben_report", args=[vorhaben.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "on": timezone.localdate().isoformat(),
            "text": "Die Ausschreibung läuft.",
            "new_status": "in_umsetzung",
        },
    )
    assert response.status_code == 302
    report = Sachstandsbericht.objects.get()
    assert report.recorded_by == admin_user
    assert VorhabenPage.objects.get(pk=vorhaben.pk).status == "in_umsetzung"


def test_bad_input_comes_back_with_an_error_summary_and_the_input_kept(
    client, admin_user, vorhaben
):
    client.force_login(admin_user)
    response = client.post(
        reverse("vorhaben_report", args=[vorhaben.pk]),
        {
            "on": timezone.localdate().isoformat(),
            "text": "Wir stellen das zurück.",
            "new_status": "zurueckgestellt",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and 'href="#id_reason"' in html
    assert "Wir stellen das zurück." in html
    assert not Sachstandsbericht.objects.exists()


def test_people_who_cannot_edit_the_page_get_403(client, vorhaben, editor):
    citizen = UserFactory()
    client.force_login(citizen)
    response = client.get(reverse("vorhaben_report", args=[vorhaben.pk]))
    assert response.status_code in (302, 403)  # no admin access: Wagtail's login first
    assert not Sachstandsbericht.objects.exists()


def test_the_page_listing_offers_the_report(client, admin_user, vorhaben):
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[vorhaben.pk])).content.decode()
    assert reverse("vorhaben_report", args=[vorhaben.pk]) in html
    assert "Sachstandsbericht schreiben" in html
    assert 'name="status"' not in html  # shown read-only: it changes only with a report


def test_posting_the_page_form_with_a_status_does_not_change_it(client, admin_user, vorhaben):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(admin_user)
    data = nested_form_data(
        {
            "title": vorhaben.title,
            "slug": vorhaben.slug,
            "intro": "Neu geschrieben.",
            "status": "abgeschlossen",
            "measures": inline_formset([]),
            "council_papers": inline_formset([]),
            "idea_links": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[vorhaben.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = VorhabenPage.objects.get(pk=vorhaben.pk)
    assert saved.intro == "Neu geschrieben."  # the form was saved and published
    assert saved.status == "geplant"
