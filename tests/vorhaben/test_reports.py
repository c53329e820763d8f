"""Sachstandsberichte: append-only, the only way the status changes, corrections as new rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tests.factories import UserFactory
from transparenz import guards
from transparenz.models import AppendOnlyError
from vorhaben.models import Sachstandsbericht, Status, VorhabenPage
from vorhaben.services import report_progress

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_a_new_vorhaben_is_planned(vorhaben):
    assert vorhaben.status == Status.PLANNED


def test_a_report_changes_the_status(vorhaben):
    author = UserFactory()
    report = report_progress(
        vorhaben, author=author, text="Der Auftrag ist vergeben.", new_status=Status.IN_PROGRESS
    )
    assert report.previous_status == Status.PLANNED
    assert report.status == Status.IN_PROGRESS
    assert VorhabenPage.objects.get(pk=vorhaben.pk).status == Status.IN_PROGRESS


def test_a_report_without_a_new_status_keeps_it(vorhaben):
    report_progress(vorhaben, author=None, text="Start", new_status=Status.IN_PROGRESS)
    report = report_progress(vorhaben, author=None, text="Es geht voran.")
    assert report.status == Status.IN_PROGRESS
    assert not report.changes_status


@pytest.mark.parametrize("status", [Status.DEFERRED, Status.DROPPED])
def test_deferring_and_dropping_need_a_reason(vorhaben, status):
    with pytest.raises(ValidationError) as error:
        report_progress(vorhaben, author=None, text="Leider nicht.", new_status=status)
    assert "reason" in error.value.message_dict
    assert not Sachstandsbericht.objects.exists()
    report_progress(
        vorhaben, author=None, text="Leider nicht.", new_status=status, reason="Kein Geld."
    )
    assert VorhabenPage.objects.get(pk=vorhaben.pk).status == status


def test_bad_input_is_refused_with_field_names(vorhaben, vorhabenliste):
    from tests.vorhaben.conftest import make_vorhaben

    other = make_vorhaben(vorhabenliste, title="Anderes Vorhaben")
    foreign = report_progress(other, author=None, text="Fremd")
    with pytest.raises(ValidationError) as error:
        report_progress(
            vorhaben,
            author=None,
            text="  ",
            new_status="fertig",
            on=TODAY() + datetime.timedelta(days=1),
            corrects=foreign,
        )
    assert set(error.value.message_dict) == {"text", "new_status", "on", "corrects"}


def test_a_report_cannot_be_dated_before_the_newest(vorhaben):
    report_progress(vorhaben, author=None, text="Heute")
    with pytest.raises(ValidationError) as error:
        report_progress(vorhaben, author=None, text="Gestern", on=TODAY() - datetime.timedelta(1))
    assert "on" in error.value.message_dict


def test_a_correction_is_a_new_report_naming_the_old(vorhaben):
    wrong = report_progress(vorhaben, author=None, text="Abgeschlossen", new_status="abgeschlossen")
    fix = report_progress(
        vorhaben,
        author=None,
        text="Versehen: noch in Umsetzung.",
        new_status=Status.IN_PROGRESS,
        corrects=wrong,
    )
    assert fix.corrects == wrong
    assert list(wrong.corrections.all()) == [fix]
    assert Sachstandsbericht.objects.count() == 2
    assert VorhabenPage.objects.get(pk=vorhaben.pk).status == Status.IN_PROGRESS


def test_editing_the_page_cannot_change_the_status(vorhaben):
    report_progress(vorhaben, author=None, text="Los", new_status=Status.IN_PROGRESS)
    page = VorhabenPage.objects.get(pk=vorhaben.pk)
    page.status = Status.COMPLETED
    page.save()
    assert VorhabenPage.objects.get(pk=vorhaben.pk).status == Status.IN_PROGRESS
    # An old revision (status "geplant") published later does not bring the old status back.
    revision = page.save_revision()
    revision.content["status"] = Status.PLANNED
    revision.save()
    revision.publish()
    assert VorhabenPage.objects.get(pk=vorhaben.pk).status == Status.IN_PROGRESS


def test_the_status_field_is_read_only_in_the_admin():
    from wagtail.admin.panels import FieldPanel

    panels = [
        child
        for panel in VorhabenPage.content_panels
        for child in [panel, *getattr(panel, "children", [])]
        if isinstance(child, FieldPanel) and child.field_name == "status"
    ]
    assert panels and all(panel.read_only for panel in panels)


def test_the_orm_refuses_changes_and_deletes(vorhaben):
    report = report_progress(vorhaben, author=None, text="Erster Bericht")
    report.text = "Geändert"
    with pytest.raises(AppendOnlyError):
        report.save()
    with pytest.raises(AppendOnlyError):
        report.delete()
    with pytest.raises(AppendOnlyError):
        Sachstandsbericht.objects.update(text="x")
    with pytest.raises(AppendOnlyError):
        Sachstandsbericht.objects.all().delete()


def test_the_database_refuses_update_and_delete(vorhaben):
    report = report_progress(vorhaben, author=UserFactory(), text="Erster Bericht")
    assert "vorhaben_sachstandsbericht" in guards.installed(connection)
    assert guards.missing(connection) == []
    for sql in [
        "UPDATE vorhaben_sachstandsbericht SET text = 'x' WHERE id = %s",
        "DELETE FROM vorhaben_sachstandsbericht WHERE id = %s",
    ]:
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [report.pk])
    assert Sachstandsbericht.objects.get(pk=report.pk).text == "Erster Bericht"


def test_deleting_the_author_keeps_the_report(vorhaben):
    author = UserFactory()
    report = report_progress(vorhaben, author=author, text="Bericht")
    author.delete()
    report = Sachstandsbericht.objects.get(pk=report.pk)
    assert report.recorded_by is None
    assert report.text == "Bericht"
