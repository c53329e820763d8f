"""Liveness and readiness probes (config.health): cheap, uncached, unauthenticated, quiet."""

import logging

import pytest

from .helpers import free_port

LIVE = "/-/health/live"
READY = "/-/health/ready"

#: What a production site looks like to a probe: a host name the pod IP is not, and HTTPS only.
PRODUCTION_LIKE = {"ALLOWED_HOSTS": ["beteiligung.kleve.de"], "SECURE_SSL_REDIRECT": True}


@pytest.fixture
def production_like(settings):
    for name, value in PRODUCTION_LIKE.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def unreachable_cache(settings):
    """The shared cache points at a Redis port nobody listens on."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/11",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def probe(client, path, **extra):
    # Kubernetes sends the pod's IP address as Host and speaks plain HTTP.
    return client.get(path, HTTP_HOST="10.42.0.17:8000", **extra)


@pytest.mark.django_db
def test_liveness_answers_a_probe_by_pod_ip_over_plain_http(client, production_like):
    response = probe(client, LIVE)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_readiness_checks_database_cache_and_storage(client, production_like):
    response = probe(client, READY)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_trailing_slash_and_head_are_answered_too(client, production_like):
    assert probe(client, LIVE + "/").status_code == 200
    assert client.head(READY, HTTP_HOST="10.42.0.17").status_code == 200


@pytest.mark.django_db
def test_other_methods_are_refused(client, production_like):
    response = client.post(READY, HTTP_HOST="10.42.0.17")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_other_paths_still_check_the_host_and_redirect_to_https(client, production_like):
    assert probe(client, "/").status_code == 400  # DisallowedHost
    response = client.get("/", HTTP_HOST="beteiligung.kleve.de")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_readiness_fails_with_503_when_the_cache_is_unreachable(
    client, production_like, unreachable_cache, caplog
):
    with caplog.at_level(logging.INFO):
        response = probe(client, READY)
    assert response.status_code == 503
    assert response.json() == {
        "status": "failed",
        "checks": {"database": "ok", "cache": "failed", "storage": "ok"},
    }
    assert response["Cache-Control"] == "no-store"
    # No host, port or exception text in the body: the log has them, at WARNING, once.
    assert "127.0.0.1" not in response.content.decode()
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.name for r in warnings] == ["config.health"]
    assert "cache" in warnings[0].getMessage()


@pytest.mark.django_db
def test_liveness_stays_up_while_the_cache_is_unreachable(
    client, production_like, unreachable_cache
):
    assert probe(client, LIVE).status_code == 200


@pytest.mark.django_db
def test_probes_are_not_logged_at_info(client, production_like, caplog):
    with caplog.at_level(logging.DEBUG):
        probe(client, LIVE)
        probe(client, READY)
    assert [r for r in caplog.records if r.levelno >= logging.INFO] == []
