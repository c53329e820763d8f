import pytest
from wagtail.models import PageViewRestriction

from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    public = ContentPageFactory(parent=home_page, title="Radwege in Kleve", intro="Sichere Radwege")
    restricted = ContentPageFactory(parent=home_page, title="Radwege intern", intro="Nur intern")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    draft = ContentPageFactory(parent=home_page, title="Radwege Entwurf", live=False)
    return public, restricted, draft


def test_empty_search_explains_what_to_do(client, home_page):
    response = client.get("/suche/")
    assert response.status_code == 200
    assert "Geben Sie einen Begriff ein" in response.content.decode()


def test_search_finds_only_live_public_pages(client, pages):
    html = client.get("/suche/", {"q": "Radwege"}).content.decode()
    assert "Radwege in Kleve" in html
    assert "Radwege intern" not in html
    assert "Radwege Entwurf" not in html
    assert "1 Ergebnis für „Radwege“" in html


def test_search_without_results_says_so_and_keeps_the_term(client, pages):
    html = client.get("/suche/", {"q": "Seilbahn"}).content.decode()
    assert "0 Ergebnisse für „Seilbahn“" in html
    assert 'value="Seilbahn"' in html
    assert "Es wurde nichts gefunden" in html


def test_search_escapes_the_query(client, home_page):
    html = client.get("/suche/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_search_with_a_bad_page_number_does_not_fail(client, pages):
    assert client.get("/suche/", {"q": "Radwege", "page": "x"}).status_code == 200
    assert client.get("/suche/", {"q": "Radwege", "page": "999"}).status_code == 200


def test_search_paginates_with_the_term_in_the_links(client, home_page):
    for n in range(12):
        ContentPageFactory(parent=home_page, title=f"Bürgerservice {n}", intro="Bürgerservice")
    html = client.get("/suche/", {"q": "Bürgerservice"}).content.decode()
    assert "12 Ergebnisse" in html
    assert "q=B%C3%BCrgerservice&amp;page=2" in html
