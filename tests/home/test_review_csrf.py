"""A form sent with an outdated security token gets a German page in the site's layout.

Django's own CSRF failure page is English-language markup (``lang="en"``) without the site's
header, skip link or a way back. Citizens meet it when a form stayed open while they logged
in or out in another tab, or when their browser blocks cookies.
"""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_an_expired_form_gets_a_german_page_that_explains_what_to_do(csrf_client, home_page):
    response = csrf_client.post("/barriere-melden/", {"description": "Kontrast zu schwach"})

    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert 'href="#main-content"' in html
    assert "<h1>Das Formular ist abgelaufen</h1>" in html
    assert "Kopieren Sie vorher Ihren Text" in html
    assert "Cookies" in html  # this client sent no cookie at all
    assert "CSRF" not in html


def test_the_page_does_not_blame_cookies_when_one_was_sent(csrf_client, home_page):
    csrf_client.get("/barriere-melden/")  # sets the CSRF cookie

    response = csrf_client.post("/barriere-melden/", {"csrfmiddlewaretoken": "x" * 64})

    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Das Formular ist abgelaufen</h1>" in html
    assert "Cookies" not in html
