"""The home page's image in the editor: alternative text or "decorative" is required, and the
published image appears on the home page at once (the page cache is renewed)."""

import pytest
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    return get_image_model().objects.create(
        title="Schwanenburg", file=get_test_image_file(filename="burg.png", size=(1600, 1000))
    )


def edit(client, page, **fields):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text("<p>Willkommen</p>"),
            "hero_image": "",
            "hero_image_alt": "",
            "hero_image_credit": "",
            "projects_heading": page.projects_heading,
            "outcomes_heading": page.outcomes_heading,
            "decisions_heading": page.decisions_heading,
            "body": streamfield([]),
            "action-publish": "publish",
            **fields,
        }
    )
    if not data.get("hero_image_decorative"):
        data.pop("hero_image_decorative", None)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_the_editor_refuses_an_image_without_alt_text_or_decorative(
    client, admin_user, home_page, image
):
    client.force_login(admin_user)
    response = edit(client, home_page, hero_image=image.pk, hero_image_alt="  ")
    assert response.status_code == 200  # the form again, not a redirect
    assert (
        "Geben Sie einen Alternativtext ein oder kennzeichnen Sie das Bild als dekorativ."
        in response.content.decode()
    )
    assert HomePage.objects.get().hero_image is None


@pytest.mark.parametrize(
    "fields",
    [
        {"hero_image_alt": "Die Schwanenburg über dem Spoykanal"},
        {"hero_image_decorative": "on"},
    ],
)
def test_the_editor_publishes_an_image_with_alt_text_or_marked_decorative(
    client, admin_user, home_page, image, fields
):
    client.force_login(admin_user)
    response = edit(client, home_page, hero_image=image.pk, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = HomePage.objects.get()
    assert page.hero_image == image
    assert page.hero_image_decorative == ("hero_image_decorative" in fields)


def test_a_published_image_shows_on_the_cached_home_page_at_once(
    client, admin_user, home_page, image
):
    anonymous = client.__class__()
    before = anonymous.get("/").content.decode()
    assert "<picture>" not in before
    assert anonymous.get("/").content.decode() == before  # now served from the cache
    client.force_login(admin_user)
    edit(client, home_page, hero_image=image.pk, hero_image_alt="Die Schwanenburg")
    after = anonymous.get("/").content.decode()
    assert '<div class="hero hero--with-image">' in after
    assert 'alt="Die Schwanenburg"' in after
    assert 'type="image/webp"' in after
