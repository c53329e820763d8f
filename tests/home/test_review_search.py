"""Search input that the full-text backends cannot take gets results or none, never a 500.

Wagtail's SQLite backend (modelsearch 1.3) puts each word in double quotes without escaping
quotes inside it (wagtail/wagtail#13227), so a search for "Radwege" with quotes failed; and a
NUL character fails on SQLite and on PostgreSQL.
"""

import pytest

from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def radwege_page(home_page):
    return ContentPageFactory(parent=home_page, title="Radwege in Kleve", intro="Sichere Radwege")


@pytest.mark.parametrize("query", ['"Radwege"', 'Rad"wege', '"', "Radwege\x00", "\x00"])
def test_quotes_and_control_characters_do_not_break_the_search(client, radwege_page, query):
    response = client.get("/suche/", {"q": query})

    assert response.status_code == 200


def test_a_quoted_word_still_finds_the_page(client, radwege_page):
    html = client.get("/suche/", {"q": '"Radwege"'}).content.decode()

    assert "Radwege in Kleve" in html
    assert 'value="&quot;Radwege&quot;"' in html  # the field keeps what was typed
