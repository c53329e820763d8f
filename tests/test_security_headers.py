"""Security headers from the outside: Content-Security-Policy, Permissions-Policy, CORP."""

import json
import logging

import pytest

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_public_pages_forbid_inline_scripts_and_styles(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["report-uri"] == ["/csp-report/"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_the_login_and_second_factor_pages_have_no_inline_script(client, home_page):
    response = client.get("/konto/login/")
    html = response.content.decode()
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    # Only external files and JSON data blocks, which a browser does not execute.
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert 'src="' in tag or 'type="application/json"' in tag, tag


def test_the_admin_has_its_own_policy(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/cms/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_permissions_and_resource_policy(client, home_page):
    response = client.get("/")
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    assert "publickey-credentials-get=(self)" in permissions  # passkeys keep working
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_a_violation_report_is_logged(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://beteiligung.kleve.de/",
            "violated-directive": "script-src-elem",
            "blocked-uri": "inline",
        }
    }
    with caplog.at_level(logging.WARNING, logger="csp.violation"):
        response = client.post(
            "/csp-report/", json.dumps(report), content_type="application/csp-report"
        )
    assert response.status_code == 204
    assert "script-src-elem" in caplog.text


def test_the_report_endpoint_refuses_what_is_no_report(client):
    assert client.get("/csp-report/").status_code == 405
    response = client.post("/csp-report/", "not json", content_type="application/csp-report")
    assert response.status_code == 400


def test_a_single_sign_on_provider_is_an_allowed_form_target(client, home_page, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "stadt",
                    "client_id": "beteiligung",
                    "settings": {"server_url": "https://login.kleve.de/realms/stadt"},
                }
            ]
        }
    }
    policy = directives(client.get("/konto/login/")["Content-Security-Policy"])
    assert policy["form-action"] == ["'self'", "https://login.kleve.de"]
