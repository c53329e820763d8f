"""Every allauth page in our layout: German, one h1, headings in order, a meaningful title."""

import itertools
import re

import pytest
from allauth.account.forms import AddEmailForm
from allauth.account.models import EmailAddress
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    # (url name, logged in, expected title and h1)
    ("account_login", False, "Anmelden"),
    ("account_signup", False, "Registrieren"),
    ("account_reset_password", False, "Passwort zurücksetzen"),
    ("account_reset_password_done", False, "E-Mail zum Zurücksetzen gesendet"),
    ("account_reset_password_from_key_done", False, "Passwort geändert"),
    ("account_email_verification_sent", False, "Bestätigen Sie Ihre E-Mail-Adresse"),
    ("account_inactive", False, "Konto gesperrt"),
    ("account_logout", True, "Abmelden"),
    ("account_email", True, "E-Mail-Adresse"),
    ("account_change_password", True, "Passwort ändern"),
    ("account_reauthenticate", True, "Zugriff bestätigen"),
    ("accounts:profile", True, "Ihr Profil"),
]

# Texts of allauth's default templates and German catalogue that must not show up.
LEFTOVERS = ["Menu:", "Sign In", "Sign Up", "Sign Out", " du ", " dich ", " dein", "Bist du"]


def headings(html: str) -> list[int]:
    main = html.split('<main id="main-content"')[1].split("</main>")[0]
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]


@pytest.mark.parametrize(("name", "logged_in", "title"), PAGES)
def test_account_page_in_our_layout(client, user, name, logged_in, title):
    if logged_in:
        client.force_login(user)

    response = client.get(reverse(name))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert f"<title>{title} – Beteiligung Kleve</title>" in html
    assert html.count("<main") == 1
    assert html.count('class="skip-link"') == 1
    levels = headings(html)
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    assert re.search(rf"<h1[^>]*>{re.escape(title)}</h1>", html)
    for text in LEFTOVERS:
        assert text not in html, text


def test_account_settings_pages_share_a_navigation(client, user):
    client.force_login(user)

    html = client.get(reverse("account_change_password")).content.decode()

    nav = html.split('class="account-tabs"')[1].split("</nav>")[0]
    assert 'aria-label="Kontoeinstellungen"' in html
    assert f'href="{reverse("accounts:profile")}"' in nav
    assert f'href="{reverse("account_email")}"' in nav
    assert 'aria-current="page">Passwort</a>' in nav


def test_multiple_address_template_marks_up_the_choice_as_a_fieldset(user):
    """email.html serves when ACCOUNT_CHANGE_EMAIL is off: radios in a fieldset, real buttons."""
    second = EmailAddress.objects.create(user=user, email="zweite@example.org")
    request = RequestFactory().get(reverse("account_email"))
    request.user = user
    addresses = list(EmailAddress.objects.filter(user=user).order_by("email"))
    context = {
        "form": AddEmailForm(user=user),
        "emailaddresses": addresses,
        "emailaddress_radios": [
            {"id": f"email_radio_{i}", "checked": a.primary, "emailaddress": a}
            for i, a in enumerate(addresses)
        ],
        "can_add_email": True,
    }

    html = render_to_string("account/email.html", context, request)

    assert "<legend>Diese E-Mail-Adressen gehören zu Ihrem Konto:</legend>" in html
    assert f'value="{second.email}"' in html
    assert "Nicht bestätigt" in html
    assert 'name="action_primary">Als primäre Adresse festlegen</button>' in html
    assert 'name="action_remove">Entfernen</button>' in html
    assert "<script" not in html.split('id="main-content"')[1]
