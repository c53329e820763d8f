"""The display name is user text shown next to every contribution: sanitised with bleach on
the way in, like ideas and comments, not only escaped on the way out."""

import pytest
from django.urls import reverse

from .conftest import SIGNUP_DATA

pytestmark = pytest.mark.django_db


def test_profile_strips_markup_from_the_display_name(client, user):
    client.force_login(user)

    client.post(
        reverse("accounts:profile"),
        {"display_name": '<b>Anna</b> <script>alert("x")</script><img src=x onerror=alert(1)>'},
    )

    user.refresh_from_db()
    assert user.display_name == 'Anna alert("x")'


def test_profile_keeps_plain_characters_that_look_like_markup(client, user):
    client.force_login(user)

    client.post(reverse("accounts:profile"), {"display_name": "Tom & Jerry <3"})

    user.refresh_from_db()
    assert user.display_name == "Tom & Jerry <3"


def test_a_display_name_of_markup_only_is_refused_with_the_input_kept(client, user):
    client.force_login(user)
    old_name = user.display_name

    response = client.post(reverse("accounts:profile"), {"display_name": "<b></b><i> </i>"})

    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == old_name


def test_signup_strips_markup_from_the_display_name(client, settings):
    from accounts.models import User

    client.post(
        reverse("account_signup"),
        {**SIGNUP_DATA, "display_name": "<em>Maria</em>\x07 vom   Deich"},
    )

    assert User.objects.get(email=SIGNUP_DATA["email"]).display_name == "Maria vom Deich"
