from datetime import UTC, date, datetime

from home.templatetags.date_tags import machine_datetime


def test_machine_datetime_is_local_whole_seconds_with_offset():
    value = datetime(2026, 11, 24, 14, 5, 9, 123456, tzinfo=UTC)
    assert machine_datetime(value) == "2026-11-24T15:05:09+01:00"


def test_machine_datetime_handles_dates_and_empty_values():
    assert machine_datetime(date(2026, 7, 1)) == "2026-07-01"
    assert machine_datetime(None) == ""
