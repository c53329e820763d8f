"""Project images: alternative text or "decorative", AVIF/WebP/JPEG renditions in a <picture>,
cards without per-card queries, and the page cache renewed when an image changes."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from PIL import features
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from home import pagecache
from home.templatetags.image_tags import SHAPES, responsive_picture

pytestmark = pytest.mark.django_db


def make_image(title="Schwanenburg", size=(1600, 1000)):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(filename=f"{title}.png", size=size)
    )


def sources(html: str) -> dict[str, str]:
    """The srcset of each <source> by its type, and of the <img> as "img"."""
    found = dict(re.findall(r'<source type="([^"]+)" srcset="([^"]+)"', html))
    found["img"] = re.search(r'<img src="[^"]+" srcset="([^"]+)"', html).group(1)
    return found


def test_a_project_image_needs_alt_text_or_decorative(open_project):
    open_project.image = make_image()
    open_project.image_alt = "  "
    with pytest.raises(ValidationError) as error:
        open_project.clean()
    assert error.value.message_dict["image_alt"] == [
        "Geben Sie einen Alternativtext ein oder kennzeichnen Sie das Bild als dekorativ."
    ]
    open_project.image_decorative = True
    open_project.clean()  # decorative: no alt text needed
    open_project.image_decorative = False
    open_project.image_alt = "Die Schwanenburg über dem Spoykanal"
    open_project.clean()


def test_renditions_are_avif_webp_and_jpeg_in_every_width():
    html = responsive_picture(make_image(), shape="wide", alt="Burg", sizes="100vw")
    found = sources(html)
    expected = ["image/webp", "img"]
    if features.check("avif"):
        expected.insert(0, "image/avif")
    assert sorted(found) == sorted(expected)
    formats = {"image/avif": "AVIF", "image/webp": "WEBP", "img": "JPEG"}
    for kind, srcset in found.items():
        candidates = [item.strip().split(" ") for item in srcset.split(",")]
        assert [width for _, width in candidates] == ["480w", "800w", "1200w"]
        for url, width in candidates:
            rendition = get_image_model().get_rendition_model().objects.get(file=url[7:])
            with PILImage.open(rendition.file.path) as picture:
                assert picture.format == formats[kind], url
                assert f"{picture.width}w" == width
    # Width and height of the <img> keep its place while it loads; alt is the given text.
    assert re.search(r'width="800" height="500" alt="Burg" loading="lazy"', html)


def test_avif_is_offered_where_pillow_can_write_it():
    """This installation's Pillow is built with AVIF: it must be offered (not silently dropped)."""
    assert features.check("avif")
    html = responsive_picture(make_image(), shape="card", decorative=True, alt="ignored")
    assert '<source type="image/avif"' in html
    assert 'alt=""' in html  # decorative


def test_a_small_image_is_never_listed_twice_with_the_same_width():
    html = responsive_picture(make_image(size=(640, 400)), shape="block", alt="klein")
    for srcset in sources(html).values():
        widths = [item.strip().split(" ")[1] for item in srcset.split(",")]
        assert len(widths) == len(set(widths)) == 2  # 480w and 640w


def test_project_page_shows_its_image_with_alt_text_credit_and_no_lazy_loading(
    client, open_project
):
    open_project.image = make_image()
    open_project.image_alt = "Die Schwanenburg über dem Spoykanal"
    open_project.image_credit = "Illustration: Stadt Kleve (Demo)"
    open_project.save_revision().publish()
    html = client.get(open_project.url).content.decode()
    header = html[
        html.index('<header class="project__header') : html.index(
            "</header>", html.index('<header class="project__header')
        )
    ]
    assert 'alt="Die Schwanenburg über dem Spoykanal"' in header
    assert 'loading="eager"' in header  # at the top: not lazy
    assert "Illustration: Stadt Kleve (Demo)" in header


def test_project_cards_show_decorative_lazy_images(client, index, open_project):
    open_project.image = make_image()
    open_project.image_alt = "Die Schwanenburg"
    open_project.save_revision().publish()
    html = client.get(index.url).content.decode()
    card = html[html.index('<article class="card project-card') :]
    card = card[: card.index("</article>")]
    assert '<source type="image/webp"' in card
    assert 'alt=""' in card and 'loading="lazy"' in card
    assert "Die Schwanenburg" not in card  # the card's title says it; the project page describes it


@pytest.mark.parametrize("count", [2, 12])
def test_cards_with_images_cost_no_query_per_card(client, index, make_project, count):
    """Images come joined to the pages and all renditions in one query: the index stays within
    its query budget (test_project_index: 13) plus that one, for 2 cards as for 12."""
    for number in range(count):
        image = make_image(title=f"Bild {number}")
        formats = ("avif", "webp", "jpeg")
        image.get_renditions(*[f"{cut}|format-{f}" for cut in SHAPES["card"] for f in formats])
        make_project("laeuft", image=image, image_alt="Ein Bild")
    Client().get(index.url)  # memoised navigation and footer are read once
    pagecache.bump(site=False)  # the page itself is rendered again
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(index.url)
    assert response.status_code == 200
    assert response.content.decode().count("<picture>") == count
    statements = [query["sql"] for query in captured.captured_queries]
    assert len(statements) <= 14
    assert sum('FROM "wagtailimages_rendition"' in sql for sql in statements) == 1
    assert not any('FROM "wagtailimages_image"' in sql for sql in statements)


def test_changing_an_image_renews_the_cached_pages_that_show_it(client, open_project, index):
    image = make_image()
    open_project.image = image
    open_project.image_alt = "Die Schwanenburg"
    open_project.save_revision().publish()
    before = client.get(index.url).content.decode()
    assert client.get(index.url).content.decode() == before  # served again
    image.focal_point_x, image.focal_point_y = 100, 100
    image.focal_point_width, image.focal_point_height = 50, 50
    image.save()  # an editor moves the focal point: the cut and its address change
    after = client.get(index.url).content.decode()
    assert after != before
    assert sources(after)["img"] != sources(before)["img"]
