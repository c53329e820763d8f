import datetime

import pytest
from django.utils import timezone

from vorhaben.models import VorhabenIndexPage, VorhabenPage


@pytest.fixture
def vorhabenliste(home_page) -> VorhabenIndexPage:
    index = VorhabenIndexPage(title="Vorhabenliste", slug="vorhabenliste")
    home_page.add_child(instance=index)
    return index


def make_vorhaben(index, title: str = "Digitales Bürgerbüro", **fields) -> VorhabenPage:
    """A published Vorhaben below the list."""
    fields.setdefault("intro", "Worum es geht.")
    page = VorhabenPage(title=title, **fields)
    index.add_child(instance=page)
    return page


@pytest.fixture
def vorhaben(vorhabenliste) -> VorhabenPage:
    return make_vorhaben(
        vorhabenliste, planned_completion=timezone.localdate() + datetime.timedelta(days=200)
    )
