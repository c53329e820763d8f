from django.test import RequestFactory
from django.views.defaults import server_error


def test_server_error_page_is_german_accessible_and_leaks_nothing():
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="de">' in html
    assert "Technischer Fehler" in html
    assert 'href="#main-content"' in html
    assert "Traceback" not in html


def test_favicon_request_leads_to_the_local_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
