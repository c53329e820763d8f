"""The history cannot be edited or deleted: not by the ORM helpers, not by SQL (both databases).

CI runs this file on SQLite and on PostgreSQL (DATABASE_URL).
"""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from ideen.models import Idea
from transparenz import guards
from transparenz.models import AppendOnlyError, ProgressNote, StatusChange
from transparenz.services import add_progress_note, record_status_change

pytestmark = pytest.mark.django_db
S = Idea.Status


@pytest.fixture
def change(idea, editor):
    return record_status_change(
        idea,
        to_status=S.UNDER_REVIEW,
        recorded_by=editor,
        reason="Wir prüfen die Kosten.",
        deciding_body="Digitalisierungsteam",
    )


@pytest.fixture
def note(change, idea, editor):
    for to in (S.ADOPTED, S.IN_IMPLEMENTATION):
        record_status_change(
            idea, to_status=to, recorded_by=editor, reason="Gut.", deciding_body="Team"
        )
    return add_progress_note(idea, text="Erster Meilenstein erreicht.", recorded_by=editor)


def raw(sql, params=()):
    """Run SQL in a savepoint, so a refused statement does not break the test transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_triggers_are_installed_after_migrate():
    found = guards.installed(connection)
    assert all(len(names) == 2 for names in found.values()), found
    assert set(found) == set(guards.GUARDED_TABLES)


class TestModelAndQuerySetGuards:
    def test_save_of_an_existing_row_is_refused(self, change):
        change.reason = "Umgeschrieben"
        with pytest.raises(AppendOnlyError):
            change.save()
        change.refresh_from_db()
        assert change.reason == "Wir prüfen die Kosten."

    def test_delete_is_refused(self, change, note):
        with pytest.raises(AppendOnlyError):
            change.delete()
        with pytest.raises(AppendOnlyError):
            note.delete()
        assert StatusChange.objects.filter(pk=change.pk).exists()

    def test_queryset_update_and_delete_are_refused(self, change, note):
        with pytest.raises(AppendOnlyError):
            StatusChange.objects.filter(pk=change.pk).update(reason="x")
        with pytest.raises(AppendOnlyError):
            StatusChange.objects.update(reason="x")
        with pytest.raises(AppendOnlyError):
            StatusChange.objects.all().delete()
        with pytest.raises(AppendOnlyError):
            ProgressNote.objects.all().update(text="x")
        with pytest.raises(AppendOnlyError):
            ProgressNote.objects.filter(pk=note.pk).delete()
        assert StatusChange.objects.get(pk=change.pk).reason == "Wir prüfen die Kosten."

    def test_an_idea_with_a_trail_cannot_be_deleted(self, change, idea):
        with pytest.raises(ProtectedError):
            idea.delete()
        assert Idea.objects.filter(pk=idea.pk).exists()

    def test_an_idea_others_were_merged_into_cannot_be_deleted(
        self, idea, editor, platform, category
    ):
        from tests.factories import IdeaFactory

        target = IdeaFactory(space=platform, category=category)
        record_status_change(
            idea, to_status=S.MERGED, recorded_by=editor, reason="Doppelt.", merged_into=target
        )
        with pytest.raises(ProtectedError):
            target.delete()


class TestDatabaseTriggers:
    def test_sql_update_is_refused(self, change):
        with pytest.raises(IntegrityError):
            raw("UPDATE transparenz_statuschange SET reason = %s WHERE id = %s", ["x", change.pk])
        with pytest.raises(IntegrityError):
            raw("UPDATE transparenz_statuschange SET to_status = 'angenommen'")
        change.refresh_from_db()
        assert change.reason == "Wir prüfen die Kosten." and change.to_status == S.UNDER_REVIEW

    def test_sql_delete_is_refused(self, change, note):
        with pytest.raises(IntegrityError):
            raw("DELETE FROM transparenz_statuschange WHERE id = %s", [change.pk])
        with pytest.raises(IntegrityError):
            raw("DELETE FROM transparenz_progressnote")
        assert StatusChange.objects.filter(pk=change.pk).exists()
        assert ProgressNote.objects.filter(pk=note.pk).exists()

    def test_progress_notes_cannot_be_rewritten(self, note):
        with pytest.raises(IntegrityError):
            raw("UPDATE transparenz_progressnote SET text = 'x'")
        note.refresh_from_db()
        assert note.text == "Erster Meilenstein erreicht."

    def test_the_bypass_for_deleted_accounts_changes_nothing_else(self, change):
        with pytest.raises(IntegrityError):
            raw(
                "UPDATE transparenz_statuschange SET recorded_by_id = NULL, reason = 'x' "
                "WHERE id = %s",
                [change.pk],
            )
        raw("UPDATE transparenz_statuschange SET recorded_by_id = NULL WHERE id = %s", [change.pk])
        change.refresh_from_db()
        assert change.recorded_by_id is None and change.reason == "Wir prüfen die Kosten."

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL")
    def test_truncate_is_refused(self, change):
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks in the way
        with pytest.raises(IntegrityError):
            raw("TRUNCATE transparenz_statuschange CASCADE")
        assert StatusChange.objects.filter(pk=change.pk).exists()

    def test_deleting_the_account_that_recorded_a_change_keeps_the_change(
        self, change, note, editor
    ):
        editor.delete()
        change.refresh_from_db()
        note.refresh_from_db()
        assert change.recorded_by_id is None and note.recorded_by_id is None
        assert change.reason == "Wir prüfen die Kosten."


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_database_and_restores_the_guard(home_page, django_user_model):
    """Wiping the whole database (also done between live-server tests) is still possible."""
    from tests.factories import CategoryFactory, IdeaFactory, IdeaPlatformPageFactory, UserFactory

    editor = UserFactory()
    platform = IdeaPlatformPageFactory(parent=home_page)
    idea = IdeaFactory(space=platform, category=CategoryFactory())
    record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor, notify=False)
    call_command("flush", interactive=False, verbosity=0)
    assert not StatusChange.objects.exists()
    found = guards.installed(connection)
    assert all(len(names) == 2 for names in found.values()), found
