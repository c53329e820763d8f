"""Password rules along BSI IT-Grundschutz: length, no common passwords, not like the name."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PASSPHRASE = "Schwanenburg am Niederrhein"


def test_short_password_is_refused_with_the_reason_in_german():
    with pytest.raises(ValidationError) as refused:
        validate_password("kleve2026")

    assert "mindestens 12 Zeichen" in " ".join(refused.value.messages)


def test_long_but_common_password_is_refused():
    with pytest.raises(ValidationError):
        validate_password("qwerty123456")


def test_password_like_the_email_address_is_refused():
    user = UserFactory(username="hildegard.vonbingen", email="hildegard.vonbingen@example.org")

    with pytest.raises(ValidationError):
        validate_password("hildegard.vonbingen", user)


def test_passphrase_without_digits_or_special_characters_is_accepted():
    validate_password(PASSPHRASE, UserFactory())
    validate_password("schwanenburgamniederrhein")


def test_test_and_demo_passwords_follow_the_rules():
    from demo.loader import accounts

    for password in {DEFAULT_PASSWORD, *(account.password for account in accounts())}:
        validate_password(password)


def _hint_is_tied_to(html: str, field_id: str) -> bool:
    return (
        f'id="{field_id}_helptext"' in html
        and "Mindestens 12 Zeichen" in html
        and f'aria-describedby="{field_id}_helptext' in html
    )


def test_signup_form_explains_the_rules(client):
    html = client.get(reverse("account_signup")).content.decode()

    assert _hint_is_tied_to(html, "id_password1")


def test_signup_refuses_kleve2026(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "neu@example.org",
            "display_name": "Neu",
            "password1": "kleve2026",
            "password2": "kleve2026",
        },
    )

    assert response.status_code == 200
    assert "mindestens 12 Zeichen" in response.content.decode()


def test_password_change_form_explains_the_rules_and_refuses_short(client, user):
    client.force_login(user)
    url = reverse("account_change_password")
    assert _hint_is_tied_to(client.get(url).content.decode(), "id_password1")

    response = client.post(
        url, {"oldpassword": DEFAULT_PASSWORD, "password1": "kleve2026", "password2": "kleve2026"}
    )
    assert "mindestens 12 Zeichen" in response.content.decode()

    response = client.post(
        url, {"oldpassword": DEFAULT_PASSWORD, "password1": PASSPHRASE, "password2": PASSPHRASE}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSPHRASE)
