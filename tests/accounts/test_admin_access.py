"""One login for site and admin, and no admin without a second factor."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.admin_access import can_use_admin, needs_second_factor
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# A spread of admin addresses: dashboard, page explorer, images, documents, users, snippets,
# reports, search, the account page, a URL that does not exist.
ADMIN_URLS = [
    "/cms/",
    "/cms/pages/",
    "/cms/images/",
    "/cms/documents/",
    "/cms/users/",
    "/cms/snippets/",
    "/cms/reports/aging-pages/",
    "/cms/pages/search/?q=a",
    "/cms/account/",
    "/cms/gibt-es-nicht/",
]


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


def test_admin_login_redirects_to_the_site_login_and_back(client):
    response = client.get("/cms/login/?next=/cms/pages/")

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/cms/pages/"


def test_admin_login_without_next_returns_to_the_dashboard(client):
    response = client.get("/cms/login/")

    assert response.url == reverse("account_login") + "?next=/cms/"


@pytest.mark.parametrize("target", ["https://evil.example/cms/", "/ideen/", "//evil.example/"])
def test_admin_login_never_forwards_outside_the_admin(client, target):
    response = client.get("/cms/login/", {"next": target})

    assert response.url == reverse("account_login") + "?next=/cms/"


def test_posting_a_password_to_the_admin_login_logs_nobody_in(client, superuser):
    response = client.post(
        "/cms/login/", {"username": superuser.username, "password": DEFAULT_PASSWORD}
    )
    response_by_email = client.post(
        "/cms/login/", {"username": superuser.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert response_by_email.status_code == 302
    assert "_auth_user_id" not in client.session


def test_anonymous_admin_visit_goes_to_the_site_login(client):
    response = client.get("/cms/pages/")

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/cms/pages/"


def test_wagtails_own_password_reset_is_switched_off(client):
    assert client.get("/cms/password_reset/").status_code == 404


def test_admin_logout_logs_out_through_allauth(client, superuser):
    client.force_login(superuser)

    response = client.post("/cms/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_admin_logout_by_get_only_asks(client, superuser):
    client.force_login(superuser)

    response = client.get("/cms/logout/")

    assert response.status_code == 200
    assert "_auth_user_id" in client.session


def test_admin_menu_logout_posts_to_the_allauth_logout(client, superuser):
    client.force_login(superuser)

    html = client.get("/cms/").content.decode()

    assert 'action="/cms/logout/"' in html or "/cms/logout/" in html
    assert reverse("wagtailadmin_logout") == "/cms/logout/"


@pytest.mark.without_second_factor
@pytest.mark.parametrize("url", ADMIN_URLS)
def test_editor_without_second_factor_reaches_no_admin_url(client, editor, url):
    client.force_login(editor)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == reverse("mfa_index")


@pytest.mark.without_second_factor
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_editor_without_second_factor_cannot_write_either(client, editor, method):
    client.force_login(editor)

    response = getattr(client, method)("/cms/pages/add/home/homepage/2/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_index")


@pytest.mark.without_second_factor
def test_superuser_without_second_factor_is_led_to_the_setup_with_an_explanation(client, superuser):
    client.force_login(superuser)

    page = client.get("/cms/", follow=True)
    html = page.content.decode()

    assert page.redirect_chain[-1][0] == reverse("mfa_index")
    assert "mit einem zweiten Faktor geschützt" in html
    assert reverse("mfa_activate_totp") in html


@pytest.mark.without_second_factor
def test_admin_roles_need_a_second_factor_citizens_do_not(groups, editor, moderator):
    citizen = UserFactory()
    with_permission = UserFactory()
    with_permission.user_permissions.add(Permission.objects.get(codename="access_admin"))

    assert needs_second_factor(editor)
    assert needs_second_factor(moderator)
    assert needs_second_factor(UserFactory(is_superuser=True))
    assert needs_second_factor(with_permission)
    assert not can_use_admin(citizen)
    assert not needs_second_factor(citizen)


def test_editor_with_second_factor_reaches_the_admin(client, editor):
    client.force_login(editor)

    assert Authenticator.objects.filter(user=editor, type="totp").exists()
    assert client.get("/cms/").status_code == 200


def test_citizen_in_the_admin_gets_403_not_a_login_loop(client, user):
    client.force_login(user)

    assert client.get("/cms/").status_code == 403
    assert client.get("/cms/pages/").status_code == 403


def test_login_for_the_admin_asks_for_the_second_factor(client, editor):
    from accounts.second_factor import totp_code
    from tests.conftest import TEST_TOTP_SECRET

    client.force_login(editor)  # gives the editor an authenticator app
    client.logout()

    response = client.post(
        reverse("account_login") + "?next=/cms/",
        {"login": editor.email, "password": DEFAULT_PASSWORD, "next": "/cms/"},
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get("/cms/").status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TEST_TOTP_SECRET)})
    assert response.status_code == 302
    assert response.url == "/cms/"
    assert client.get("/cms/").status_code == 200
