import pytest
from django.http import QueryDict

from transparenz.forms import DecisionFilterForm

pytestmark = pytest.mark.django_db


def test_invalid_filter_values_are_dropped_without_marking_the_field_invalid():
    form = DecisionFilterForm(QueryDict("status=done&space=999"))

    assert form.is_valid()
    assert form.values()["status"] == ""
    html = str(form["status"])
    assert "aria-invalid" not in html
    assert "_error" not in html


def test_valid_filter_values_are_kept():
    form = DecisionFilterForm(QueryDict("status=angenommen"))

    assert form.is_valid()
    assert form.values()["status"] == "angenommen"
    assert 'value="angenommen" selected' in str(form["status"])
