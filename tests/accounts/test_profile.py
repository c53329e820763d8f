"""The profile page: the display name, which is what others see."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_profile_shows_display_name_and_private_email(client, user):
    client.force_login(user)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert "<title>Ihr Profil – " in html
    assert html.count("<h1>") == 1
    assert f'value="{user.display_name}"' in html
    assert "nur für Sie sichtbar" in html


def test_saving_a_new_display_name(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"), {"display_name": "  Kermisdahl-Fan "}, follow=True
    )

    user.refresh_from_db()
    assert user.display_name == "Kermisdahl-Fan"
    html = response.content.decode()
    assert "Ihr Profil wurde gespeichert." in html
    assert "Kermisdahl-Fan" in html.split("<header")[1].split("</header>")[0]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Dieses Feld muss ausgefüllt werden."),
        ("anna@example.org", "Bitte verwenden Sie keine E-Mail-Adresse als Anzeigenamen."),
        ("x" * 51, "Ensure this value"),
    ],
)
def test_invalid_display_name_is_refused_with_error_summary(client, user, value, message):
    old_name = user.display_name
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"display_name": value})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler: Ihr Profil – " in html
    assert 'href="#id_display_name"' in html
    user.refresh_from_db()
    assert user.display_name == old_name
