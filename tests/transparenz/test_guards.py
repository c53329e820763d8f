"""The history cannot be edited, deleted, backdated or bypassed: not by the ORM, not by SQL.

Each test tries one way round the trail from the outside and expects the database to refuse it.
CI runs this file on SQLite and on PostgreSQL (DATABASE_URL); the PostgreSQL-only tests act as a
role that does not own the tables, like the application in production.
"""

import os
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from ideen.models import Idea
from transparenz import guards
from transparenz.models import AppendOnlyError, ProgressNote, StatusChange
from transparenz.services import ChangeRefused, add_progress_note, record_status_change

from .conftest import today

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
    assert guards.missing(connection) == []
    assert set(guards.GUARDED_TABLES) <= set(guards.installed(connection))


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
    assert guards.missing(connection) == []


POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and TRUNCATE exist on PostgreSQL"
)
LONG_AGO = datetime(2020, 3, 1, 12, 0, tzinfo=UTC)


def refused(sql, params=()):
    """Assert the database refuses the statement (in a savepoint, like ``raw``)."""
    with pytest.raises(IntegrityError):
        raw(sql, params)


def status_of(idea) -> str:
    return Idea.objects.values_list("status", flat=True).get(pk=idea.pk)


class TestTheStatusFollowsTheTrail:
    """Idea.status changes only with a trail entry: the database writes it from the entry."""

    def test_orm_update_of_the_status_is_refused(self, idea):
        with pytest.raises(IntegrityError), transaction.atomic():
            Idea.objects.filter(pk=idea.pk).update(status=S.ADOPTED)
        assert status_of(idea) == S.SUBMITTED
        assert not StatusChange.objects.filter(idea=idea).exists()

    def test_sql_update_of_the_status_is_refused(self, change, idea):
        refused("UPDATE ideen_idea SET status = 'angenommen' WHERE id = %s", [idea.pk])
        refused("UPDATE ideen_idea SET status = 'eingereicht'")
        assert status_of(idea) == S.UNDER_REVIEW

    def test_saving_an_idea_with_another_status_is_refused(self, change, idea):
        idea.refresh_from_db()
        idea.status = S.ADOPTED
        with pytest.raises(IntegrityError), transaction.atomic():
            idea.save()
        assert status_of(idea) == S.UNDER_REVIEW

    def test_other_changes_of_an_idea_still_pass(self, change, idea):
        idea.refresh_from_db()
        idea.title = "Termine online buchen und absagen"
        idea.save()
        raw("UPDATE ideen_idea SET status = status, title = 'Neu' WHERE id = %s", [idea.pk])
        assert status_of(idea) == S.UNDER_REVIEW

    def test_an_idea_is_born_submitted(self, platform, category, staff_user):
        with pytest.raises(IntegrityError), transaction.atomic():
            Idea.objects.create(
                space=platform, category=category, author=staff_user, title="X", status=S.ADOPTED
            )
        assert not Idea.objects.filter(title="X").exists()

    def test_an_inserted_status_change_sets_the_status(self, idea, editor):
        """Whoever appends a row (here the ORM without the service) moves the idea with it."""
        StatusChange.objects.create(
            idea=idea, from_status=S.SUBMITTED, to_status=S.UNDER_REVIEW, recorded_by=editor
        )
        assert status_of(idea) == S.UNDER_REVIEW

    def test_a_status_change_starts_where_the_idea_is(self, change, idea, editor):
        with pytest.raises(IntegrityError), transaction.atomic():
            StatusChange.objects.create(
                idea=idea, from_status=S.SUBMITTED, to_status=S.ADOPTED, reason="Gut."
            )
        assert status_of(idea) == S.UNDER_REVIEW

    def test_a_change_for_an_idea_that_does_not_exist_is_refused(self, idea):
        refused(
            "INSERT INTO transparenz_statuschange (idea_id, from_status, to_status, reason, "
            "deciding_body, decided_on, link) VALUES (%s, 'eingereicht', 'in_pruefung', '', '', "
            "%s, '')",
            [idea.pk + 1000, today()],
        )


class TestTheDatabaseKeepsTheClock:
    """``created`` is the database's moment of the INSERT; a supplied one is refused."""

    def test_created_is_set_by_the_database(self, change, note):
        for row in (change, note):
            assert abs(timezone.now() - row.created) < timedelta(minutes=1)
            row.refresh_from_db()
            assert abs(timezone.now() - row.created) < timedelta(minutes=1)

    def test_a_backdated_status_change_is_refused(self, idea, editor):
        with pytest.raises(IntegrityError), transaction.atomic():
            StatusChange.objects.create(
                idea=idea,
                from_status=S.SUBMITTED,
                to_status=S.UNDER_REVIEW,
                recorded_by=editor,
                created=LONG_AGO,
            )
        assert not StatusChange.objects.filter(idea=idea).exists()
        assert status_of(idea) == S.SUBMITTED

    def test_a_backdated_row_is_refused_in_sql_too(self, idea):
        refused(
            "INSERT INTO transparenz_statuschange (idea_id, from_status, to_status, reason, "
            "deciding_body, decided_on, link, created) VALUES (%s, 'eingereicht', "
            "'in_pruefung', '', '', %s, '', %s)",
            [idea.pk, today(), LONG_AGO],
        )
        assert not StatusChange.objects.filter(idea=idea).exists()

    def test_the_service_cannot_backdate_either(self, idea, editor):
        with pytest.raises(IntegrityError), transaction.atomic():
            record_status_change(
                idea, to_status=S.UNDER_REVIEW, recorded_by=editor, recorded_at=LONG_AGO
            )
        assert not StatusChange.objects.filter(idea=idea).exists()

    def test_a_backdated_progress_note_is_refused(self, note, idea, editor):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgressNote.objects.create(idea=idea, text="Alt.", created=LONG_AGO)
        assert ProgressNote.objects.filter(idea=idea).count() == 1


class TestDatesInOrder:
    """``decided_on`` (a note's ``date``) not before the submission, nor the newest entry."""

    def test_a_decision_before_the_submission_is_refused_by_the_database(self, idea):
        before = timezone.localdate(idea.created) - timedelta(days=3)
        with pytest.raises(IntegrityError), transaction.atomic():
            StatusChange.objects.create(
                idea=idea, from_status=S.SUBMITTED, to_status=S.UNDER_REVIEW, decided_on=before
            )
        assert status_of(idea) == S.SUBMITTED

    def test_a_decision_before_the_previous_entry_is_refused_by_the_database(self, idea, editor):
        record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor, decided_on=today())
        with pytest.raises(IntegrityError), transaction.atomic():
            StatusChange.objects.create(
                idea=idea,
                from_status=S.UNDER_REVIEW,
                to_status=S.REJECTED,
                reason="Zu teuer.",
                decided_on=today() - timedelta(days=1),
            )
        assert status_of(idea) == S.UNDER_REVIEW

    def test_a_note_before_the_newest_decision_is_refused_by_the_database(self, note, idea):
        with pytest.raises(IntegrityError), transaction.atomic():
            ProgressNote.objects.create(idea=idea, text="Früher.", date=today() - timedelta(1))

    def test_the_same_day_and_later_days_pass(self, idea, editor):
        submitted = timezone.localdate(idea.created)
        StatusChange.objects.create(
            idea=idea, from_status=S.SUBMITTED, to_status=S.UNDER_REVIEW, decided_on=submitted
        )
        StatusChange.objects.create(
            idea=idea,
            from_status=S.UNDER_REVIEW,
            to_status=S.ADOPTED,
            reason="Gut.",
            decided_on=submitted,
        )
        assert status_of(idea) == S.ADOPTED

    def test_the_service_says_why_in_german(self, idea, editor):
        submitted = timezone.localdate(idea.created)
        with translation_de(), pytest.raises(ChangeRefused) as refusal:
            record_status_change(
                idea,
                to_status=S.UNDER_REVIEW,
                recorded_by=editor,
                decided_on=submitted - timedelta(days=1),
            )
        assert "vor dem Tag der Einreichung" in refusal.value.errors_by_field["decided_on"][0]
        record_status_change(idea, to_status=S.UNDER_REVIEW, recorded_by=editor)
        with translation_de(), pytest.raises(ChangeRefused) as refusal:
            record_status_change(
                idea,
                to_status=S.REJECTED,
                recorded_by=editor,
                reason="Zu teuer.",
                decided_on=today() - timedelta(days=1),
            )
        assert "vor dem neuesten Eintrag" in refusal.value.errors_by_field["decided_on"][0]


def translation_de():
    from django.utils import translation

    return translation.override("de")


@contextmanager
def as_application_role():
    """Act as a role that may read and write the tables but does not own them (production)."""
    role = f"trail_test_app_{os.getpid()}"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        tables = ", ".join((*guards.GUARDED_TABLES, "ideen_idea"))
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON {tables} TO {role}")
        cursor.execute(f"SET LOCAL ROLE {role}")
        try:
            yield cursor
        finally:
            cursor.execute("RESET ROLE")
            transaction.set_rollback(True)  # the role goes with the test's transaction


@POSTGRESQL_ONLY
class TestTruncate:
    def test_the_old_switch_does_not_let_the_application_truncate(self, change):
        with as_application_role() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks in the way
            cursor.execute("SET transparenz.allow_truncate = 'on'")
            for table in guards.GUARDED_TABLES:
                with pytest.raises(IntegrityError), transaction.atomic():
                    cursor.execute(f"TRUNCATE {table}")
        assert StatusChange.objects.filter(pk=change.pk).exists()

    def test_the_application_cannot_lift_the_triggers(self, change):
        with (
            as_application_role(),
            pytest.raises(Exception, match="owner"),
            guards.seeding(connection),
        ):
            pass
        assert guards.missing(connection) == []

    def test_the_application_role_cannot_update_the_status_either(self, change, idea):
        with (
            as_application_role() as cursor,
            pytest.raises(IntegrityError),
            transaction.atomic(),
        ):
            cursor.execute("UPDATE ideen_idea SET status = 'angenommen'")
        assert status_of(idea) == S.UNDER_REVIEW


class TestTrustedSeeding:
    """``guards.seeding()``: the one way for trusted code (the demo) to write history."""

    def test_seeding_may_write_a_history_and_the_guard_is_back_after(self, idea, editor):
        with guards.seeding(connection):
            StatusChange.objects.create(
                idea=idea,
                from_status=S.SUBMITTED,
                to_status=S.UNDER_REVIEW,
                recorded_by=editor,
                created=LONG_AGO,
                decided_on=LONG_AGO.date(),
            )
        assert status_of(idea) == S.UNDER_REVIEW
        assert StatusChange.objects.get(idea=idea).created == LONG_AGO
        assert guards.missing(connection) == []
        with pytest.raises(IntegrityError), transaction.atomic():
            Idea.objects.filter(pk=idea.pk).update(status=S.ADOPTED)

    def test_seeding_that_leaves_a_status_without_its_trail_is_rolled_back(self, idea):
        with pytest.raises(guards.SeedingError), guards.seeding(connection):
            Idea.objects.filter(pk=idea.pk).update(status=S.ADOPTED)
        assert status_of(idea) == S.SUBMITTED
        assert guards.missing(connection) == []


class TestTheWorkflowStillWorks:
    """Submitting, deciding, progress, merging, withdrawing and moderation go through."""

    def test_submit_decide_note_and_implement(self, platform, staff_user, category, editor):
        from ideen.services import submit_idea

        idea = submit_idea(
            space=platform,
            author=staff_user,
            title="Sitzungsdienst digital",
            description="Vorlagen online.",
            category=category,
        )
        assert status_of(idea) == S.SUBMITTED
        for to in (S.UNDER_REVIEW, S.ADOPTED, S.IN_IMPLEMENTATION):
            record_status_change(idea, to_status=to, recorded_by=editor, reason="Gut.")
            assert status_of(idea) == idea.status == to
        add_progress_note(idea, text="Ausschreibung läuft.", recorded_by=editor)
        record_status_change(idea, to_status=S.IMPLEMENTED, recorded_by=editor, reason="Fertig.")
        assert status_of(idea) == S.IMPLEMENTED
        trail = list(StatusChange.objects.filter(idea=idea).order_by("created", "pk"))
        assert [c.to_status for c in trail][-1] == S.IMPLEMENTED
        assert [c.created for c in trail] == sorted(c.created for c in trail)

    def test_merge_withdraw_and_moderation(self, idea, platform, category, editor, moderator):
        from ideen import moderation
        from ideen.services import withdraw_idea
        from tests.factories import IdeaFactory

        target = IdeaFactory(space=platform, category=category)
        record_status_change(
            idea, to_status=S.MERGED, recorded_by=editor, reason="Doppelt.", merged_into=target
        )
        assert status_of(idea) == S.MERGED
        withdrawn = IdeaFactory(space=platform, category=category)
        withdraw_idea(withdrawn, user=withdrawn.author, reason="Erledigt sich.")
        assert status_of(withdrawn) == S.WITHDRAWN
        moderation.remove_idea(target, moderator=moderator, reason="Werbung")
        moderation.restore_idea(target, moderator=moderator)
        assert status_of(target) == S.SUBMITTED

    def test_a_correction_may_set_the_same_state_again(self, change, idea, editor):
        record_status_change(
            idea,
            to_status=S.UNDER_REVIEW,
            recorded_by=editor,
            reason="Korrektur: das Gremium war ein anderes.",
            corrects=change,
        )
        assert status_of(idea) == S.UNDER_REVIEW
        assert StatusChange.objects.filter(idea=idea).count() == 2
