""" "Meine Daten": everything about one person as a page and as JSON, after re-authentication."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.personal_data import export_personal_data
from diskussion.services import add_comment, toggle_like
from ideen.models import IdeaFollow, IdeaReport, StaffAccessOverride, UserBlock
from tests.factories import DEFAULT_PASSWORD, IdeaFactory, UserFactory, move_to
from transparenz.models import NotificationPreference

pytestmark = pytest.mark.django_db


def reauthenticated(client, user):
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def fill_with_content(user, platform, n: int = 1, account_rows: bool = True):
    """Ideas with a trail, comments, supports, follows, reports and a block of ``user``."""
    other = UserFactory()
    for i in range(n):
        idea = IdeaFactory(space=platform, author=user, title=f"Eigene Idee {i}")
        move_to(idea, "in_pruefung")
        foreign = IdeaFactory(space=platform, author=other, title=f"Fremde Idee {i}")
        IdeaFollow.objects.get_or_create(idea=foreign, user=user)
        IdeaReport.objects.create(idea=foreign, user=user, reason="Werbung")
        comment = add_comment(foreign, user, f"Mein Kommentar {i}")
        toggle_like(add_comment(foreign, other, "Antwort"), user)
        comment.ip_address = "192.0.2.7"
        comment.save()
    if not account_rows:
        return
    NotificationPreference.objects.create(user=user, status_emails=False)
    StaffAccessOverride.objects.create(user=user, decision="granted")
    UserBlock.objects.create(user=user, reason="Beleidigung", unblocked_at=None)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "X"})


def test_export_requires_login_and_reauthentication(client, staff_user):
    assert client.get(reverse("accounts:my_data_download")).status_code == 302

    client.force_login(staff_user)
    response = client.get(reverse("accounts:my_data_download"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_export_of_a_user_without_content(client):
    user = UserFactory(display_name="Leere Lena")
    reauthenticated(client, user)

    response = client.get(reverse("accounts:my_data_download"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"][0]["display_name"] == "Leere Lena"
    assert data["email_addresses"] == [{"email": user.email, "verified": True, "primary": True}]
    for key in ("ideas", "comments", "supports", "follows", "idea_reports", "blocks"):
        assert data[key] == [], key
    assert data["notification_settings"] == []
    assert {c["document"] for c in data["consents"]} == {"privacy", "netiquette"}

    page = client.get(reverse("accounts:my_data"))
    assert page.status_code == 200
    assert "Nichts gespeichert." in page.content.decode()


def test_export_holds_every_kind_of_data_and_documents_its_keys(platform, staff_user):
    fill_with_content(staff_user, platform)

    data = export_personal_data(staff_user)

    assert [i["title"] for i in data["ideas"]] == ["Eigene Idee 0"]
    assert [c["to_status"] for c in data["status_trail"]] == ["in_pruefung"]
    assert data["status_trail"][0]["deciding_body"] == "Testgremium"
    assert [f["idea_title"] for f in data["follows"]] == ["Fremde Idee 0"]
    assert data["idea_reports"][0]["reason"] == "Werbung"
    assert data["comments"][0]["text"] == "Mein Kommentar 0"
    assert data["comments"][0]["ip_address"] == "192.0.2.7"
    assert data["comment_reactions"][0]["flag"] == "I liked it"
    assert data["notification_settings"][0]["status_emails"] is False
    assert data["blocks"][0]["reason"] == "Beleidigung"
    assert data["staff_access"][0]["decision"] == "granted"
    assert data["second_factors"][0]["type"] == "totp"
    assert "secret" not in json.dumps(data["second_factors"])
    # Every key of every section is documented.
    for key, doc in data["documentation"].items():
        for row in data[key]:
            assert set(row) <= set(doc["keys"]), key
    json.dumps(data)  # serialisable as it is


def test_export_does_not_name_other_people(platform, staff_user):
    fill_with_content(staff_user, platform)
    other_names = {"Testgremium"}  # a role, allowed
    data = json.dumps(export_personal_data(staff_user), ensure_ascii=False)
    for other in type(staff_user).objects.exclude(pk=staff_user.pk):
        if other.display_name and other.display_name not in other_names:
            assert other.display_name not in data
        assert other.email not in data


def test_export_queries_do_not_grow_with_the_data(platform, staff_user):
    fill_with_content(staff_user, platform, n=1)
    with CaptureQueriesContext(connection) as few:
        export_personal_data(staff_user)
    fill_with_content(staff_user, platform, n=4, account_rows=False)
    with CaptureQueriesContext(connection) as many:
        export_personal_data(staff_user)
    assert len(many) == len(few)
    assert len(few) <= 20


def test_page_shows_the_same_data_in_german(client, platform, staff_user):
    fill_with_content(staff_user, platform)
    reauthenticated(client, staff_user)

    html = client.get(reverse("accounts:my_data")).content.decode()

    assert "<h1>Meine Daten</h1>" in html
    assert "Eigene Idee 0" in html
    assert "Mein Kommentar 0" in html
    assert "192.0.2.7" in html
    assert "(<code>ip_address</code>)" in html
    assert reverse("accounts:my_data_download") in html
