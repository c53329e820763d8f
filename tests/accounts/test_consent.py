"""Consent at sign-up: agreement to privacy notice and netiquette, stored with the versions,
asked again when a text changes."""

import pytest
from django.urls import reverse

from accounts.models import ConsentRecord, User
from home.models import FooterSettings
from tests.factories import ContentPageFactory, UserFactory

from .conftest import SIGNUP_DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal_pages(site, home_page):
    privacy = ContentPageFactory(parent=home_page, title="Datenschutz", slug="datenschutz")
    netiquette = ContentPageFactory(parent=home_page, title="Netiquette", slug="netiquette")
    FooterSettings.objects.update_or_create(
        site=site, defaults={"privacy_page": privacy, "netiquette_page": netiquette}
    )
    return privacy, netiquette


def test_signup_links_both_texts_and_records_the_consent_with_versions(
    client, legal_pages, settings
):
    settings.LEGAL_TEXT_VERSIONS = {"privacy": "2026-12-01", "netiquette": "2026-11-15"}
    html = client.get(reverse("account_signup")).content.decode()
    assert 'href="/datenschutz/"' in html
    assert 'href="/netiquette/"' in html
    assert "Ich habe die Datenschutzerklärung und die Netiquette gelesen" in html

    response = client.post(reverse("account_signup"), SIGNUP_DATA)

    assert response.status_code == 302
    user = User.objects.get(email=SIGNUP_DATA["email"])
    records = {(r.document, r.version) for r in user.consents.all()}
    assert records == {("privacy", "2026-12-01"), ("netiquette", "2026-11-15")}
    assert all(r.given_at for r in user.consents.all())


def test_signup_without_consent_is_refused_with_an_error_summary(client, legal_pages):
    data = {k: v for k, v in SIGNUP_DATA.items() if k != "consent"}

    response = client.post(reverse("account_signup"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_consent"' in html
    assert "Bitte stimmen Sie der Datenschutzerklärung und der Netiquette zu" in html
    assert 'value="maria@example.org"' in html  # input kept
    assert not User.objects.filter(email=SIGNUP_DATA["email"]).exists()


def test_changed_text_asks_logged_in_users_again(client, legal_pages, settings):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200

    settings.LEGAL_TEXT_VERSIONS = {**settings.LEGAL_TEXT_VERSIONS, "privacy": "2027-01-01"}
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:consent"))
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Bitte stimmen Sie den geänderten Texten zu" in html
    assert 'href="/datenschutz/"' in html

    # The privacy page and logout stay reachable without agreeing.
    assert client.get("/datenschutz/").status_code == 200

    refused = client.post(reverse("accounts:consent"), {"next": "/konto/profil/"})
    assert refused.status_code == 200
    assert 'href="#id_consent"' in refused.content.decode()

    agreed = client.post(reverse("accounts:consent"), {"next": "/konto/profil/", "consent": "on"})
    assert agreed.status_code == 302
    assert agreed["Location"] == "/konto/profil/"
    assert user.consents.filter(document="privacy", version="2027-01-01").exists()
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_consent_is_checked_at_login_not_on_every_first_page(client, legal_pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = UserFactory()
    with CaptureQueriesContext(connection) as at_login:
        client.force_login(user)
    assert any('FROM "accounts_consentrecord"' in q["sql"] for q in at_login.captured_queries)
    with CaptureQueriesContext(connection) as first_page:
        assert client.get(reverse("accounts:participation")).status_code == 200
    assert not any('FROM "accounts_consentrecord"' in q["sql"] for q in first_page.captured_queries)


def test_user_without_any_consent_is_asked(client, legal_pages):
    user = UserFactory(consented=False)
    client.force_login(user)

    response = client.get(reverse("accounts:participation"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:consent"))


def test_consent_page_does_not_redirect_to_another_site(client, legal_pages, settings):
    user = UserFactory()
    settings.LEGAL_TEXT_VERSIONS = {"privacy": "neu", "netiquette": "neu"}
    client.force_login(user)

    response = client.post(
        reverse("accounts:consent"), {"next": "https://example.com/", "consent": "on"}
    )

    assert response["Location"] == "/"
    assert ConsentRecord.objects.filter(user=user, version="neu").count() == 2


def test_logout_is_possible_without_agreeing(client, legal_pages, settings):
    user = UserFactory()
    settings.LEGAL_TEXT_VERSIONS = {"privacy": "neu", "netiquette": "neu"}
    client.force_login(user)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("accounts:consent"))
