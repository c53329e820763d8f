"""Wagtail admin: ideas listed and filterable, categories as snippets, spaces with ideas kept."""

import pytest

from ideen.models import Idea, IdeaPlatformPage
from tests.factories import CategoryFactory, IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

IDEAS_URL = "/cms/snippets/ideen/idea/"


@pytest.fixture
def admin_client(client, groups):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def ideas(platform, category):
    other = CategoryFactory(name="Open Data", slug="test-open-data")
    return {
        "open": IdeaFactory(space=platform, category=category, title="Laptops für alle"),
        "adopted": IdeaFactory(
            space=platform, category=other, title="Parkdaten öffnen", status=Idea.Status.ADOPTED
        ),
        "other_category": other,
    }


def titles(response) -> str:
    return response.content.decode()


def test_ideas_are_listed(admin_client, ideas):
    html = titles(admin_client.get(IDEAS_URL))
    assert "Laptops für alle" in html
    assert "Parkdaten öffnen" in html


def test_ideas_filter_by_status_category_and_space(admin_client, ideas, platform):
    html = titles(admin_client.get(IDEAS_URL, {"status": "angenommen"}))
    assert "Parkdaten öffnen" in html and "Laptops für alle" not in html
    html = titles(admin_client.get(IDEAS_URL, {"category": ideas["other_category"].pk}))
    assert "Parkdaten öffnen" in html and "Laptops für alle" not in html
    html = titles(admin_client.get(IDEAS_URL, {"space": platform.pk}))
    assert "Parkdaten öffnen" in html and "Laptops für alle" in html


def test_ideas_search(admin_client, ideas):
    html = titles(admin_client.get(IDEAS_URL, {"q": "Laptops"}))
    assert "Laptops für alle" in html and "Parkdaten öffnen" not in html


def test_editor_sees_ideas_but_cannot_change_them(client, editor, ideas):
    client.force_login(editor)
    assert client.get(IDEAS_URL).status_code == 200
    edit = client.get(f"{IDEAS_URL}edit/{ideas['open'].pk}/")
    assert edit.status_code in (302, 403)


def test_categories_are_snippets(admin_client, category):
    html = titles(admin_client.get("/cms/snippets/ideen/category/"))
    assert "Mobile Office" in html


def test_staff_menu_item_is_shown_to_editors_only(client, editor, moderator):
    client.force_login(editor)
    assert "/cms/ideen/mitarbeitende/" in client.get("/cms/").content.decode()
    client.force_login(moderator)
    assert "/cms/ideen/mitarbeitende/" not in client.get("/cms/").content.decode()


def test_a_space_with_ideas_cannot_be_deleted(admin_client, platform, ideas):
    response = admin_client.post(f"/cms/pages/{platform.pk}/delete/")
    assert response.status_code == 302
    assert IdeaPlatformPage.objects.filter(pk=platform.pk).exists()
    assert Idea.objects.count() == 2


def test_an_empty_space_can_be_deleted(admin_client, platform):
    admin_client.post(f"/cms/pages/{platform.pk}/delete/")
    assert not IdeaPlatformPage.objects.filter(pk=platform.pk).exists()
