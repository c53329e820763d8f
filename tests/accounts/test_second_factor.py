"""Second factor with allauth.mfa: setting up an authenticator app, signing in with it."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from accounts.second_factor import ensure_totp, totp_code
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def sign_in(client, user, **extra):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}, **extra
    )


def signed_in_for_setup(client, user):
    """Signed in, and the password confirmed again as allauth asks before adding a factor."""
    sign_in(client, user)
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_setup_page_shows_qr_code_with_text_alternative_and_secret_in_blocks(client, user):
    signed_in_for_setup(client, user)

    html = client.get(reverse("mfa_activate_totp")).content.decode()

    assert "<h1>Authenticator-App einrichten</h1>" in html
    assert 'alt="QR-Code für Ihre Authenticator-App.' in html
    secret = client.session["mfa.totp.secret"]
    blocks = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert f'<code class="totp-setup__secret" id="totp-secret">{blocks}</code>' in html
    assert 'aria-describedby="id_code_helptext"' in html
    assert 'autocomplete="one-time-code"' in html


def test_wrong_code_at_setup_explains_in_german(client, user):
    signed_in_for_setup(client, user)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "Dieser Code ist nicht (mehr) gültig." in html
    assert 'href="#id_code"' in html
    assert not Authenticator.objects.filter(user=user).exists()


@pytest.mark.parametrize("code", ["", "abc", "1" * 500, "<script>", "12 34 56"])
def test_odd_codes_at_setup_are_refused_without_error(client, user, code):
    signed_in_for_setup(client, user)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": code})

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()


def test_setup_with_the_right_code_activates_app_and_recovery_codes(client, user):
    signed_in_for_setup(client, user)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {"totp", "recovery_codes"}


def _at_second_step(client, user):
    response = sign_in(client, user)
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_login_with_totp(client, user):
    ensure_totp(user, SECRET)
    _at_second_step(client, user)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("offset", [-120, 120])
def test_expired_or_future_code_is_refused_in_german(client, user, offset):
    import time

    ensure_totp(user, SECRET)
    _at_second_step(client, user)

    response = client.post(
        reverse("mfa_authenticate"), {"code": totp_code(SECRET, time.time() + offset)}
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Dieser Code ist nicht (mehr) gültig." in html
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("code", ["", "x" * 1000, "'; drop table", "😀"])
def test_bad_input_at_the_second_step_is_refused_without_error(client, user, code):
    ensure_totp(user, SECRET)
    _at_second_step(client, user)

    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_recovery_code_works_once(client, user):
    ensure_totp(user, SECRET)
    code = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes"))
    recovery_code = code.get_unused_codes()[0]

    _at_second_step(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    client.logout()
    _at_second_step(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert response.status_code == 200
    assert "Ein Wiederherstellungscode gilt nur ein einziges Mal." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_profile_offers_the_second_factor(client, user):
    client.force_login(user)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert f'href="{reverse("mfa_index")}"' in html
    assert re.search(r"Zwei-Faktor-Authentifizierung \(freiwillig", html)


def test_demo_totp_command_prints_codes_for_the_demo_admins(settings):
    import io

    from django.core.management import call_command

    from accounts.second_factor import DEMO_TOTP_SECRETS

    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_totp", stdout=out)

    for email, secret in DEMO_TOTP_SECRETS.items():
        assert re.search(rf"{re.escape(email)}\s+code \d{{6}}\s+key {secret}", out.getvalue())


def test_demo_totp_command_refuses_without_debug():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("demo_totp")


def test_login_page_offers_passkeys_only_with_javascript(client):
    html = client.get(reverse("account_login")).content.decode()

    assert '<div id="passkey-login" data-needs-js hidden>' in html
    assert f'action="{reverse("mfa_login_webauthn")}"' in html
    # site.js shows what carries data-needs-js; no inline script (Content-Security-Policy).
    assert "/static/js/site.js" in html
