"""Every response carries a request id, and every log line during the request names it."""

import json
import logging

import pytest

from config.request_id import RequestIdFilter, request_id


@pytest.mark.django_db
def test_an_id_from_the_proxy_is_kept_and_returned(client):
    response = client.get("/-/health/live", HTTP_X_REQUEST_ID="a1b2-c3d4.e5_f6:7")
    assert response["X-Request-ID"] == "a1b2-c3d4.e5_f6:7"


@pytest.mark.django_db
def test_without_an_id_one_is_generated_per_request(client):
    first = client.get("/-/health/live")["X-Request-ID"]
    second = client.get("/-/health/live")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forged",
    ["abc\r\nX-Evil: 1", 'abc" "level": "CRITICAL', "x" * 129, "ä-umlaut", "a b"],
)
def test_an_unsafe_id_is_replaced(client, forged):
    rid = client.get("/-/health/live", HTTP_X_REQUEST_ID=forged)["X-Request-ID"]
    assert rid != forged
    assert len(rid) == 32 and rid.isalnum()


@pytest.mark.django_db
def test_log_lines_during_a_request_carry_its_id(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="trace-404")
    not_found = [r for r in caplog.records if r.name == "django.request"]
    assert not_found and not_found[0].request_id == "trace-404"


def test_outside_a_request_the_id_is_a_dash():
    assert request_id.get() is None
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "msg", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_the_json_formatter_of_production_writes_one_object_per_line():
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        rename_fields={"levelname": "level", "name": "logger"},
    )
    record = logging.LogRecord("ideen", logging.WARNING, __file__, 1, 'said "hi"\nthen', (), None)
    token = request_id.set("r-1")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = formatter.format(record)
    assert "\n" not in line
    assert json.loads(line) | {"asctime": None} == {
        "asctime": None,
        "level": "WARNING",
        "logger": "ideen",
        "message": 'said "hi"\nthen',
        "request_id": "r-1",
    }
