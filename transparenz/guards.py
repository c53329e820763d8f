"""Database triggers that keep the status trail honest, on PostgreSQL and SQLite.

What the database refuses, whoever sends the SQL (the ORM, raw SQL, a console):

- **Append-only trail.** Every UPDATE and DELETE of ``transparenz_statuschange`` and
  ``transparenz_progressnote``. One exception: when an account is deleted, Django sets
  ``recorded_by`` to NULL and nothing else; that UPDATE passes.
- **The status follows the trail.** An idea is inserted as "eingereicht" and nothing else. Its
  ``status`` is written by the database: inserting a status change sets the idea's status to
  the row's ``to_status`` (an AFTER INSERT trigger). Any other change of ``ideen_idea.status``
  is refused unless it equals the ``to_status`` of the idea's newest trail row, so
  ``Idea.objects.filter(...).update(status=...)`` or ``UPDATE ideen_idea SET status = ...`` fail.
  The same trigger keeps ``ideen_idea.first_decided_on``, the earliest ``decided_on`` of an
  adoption, rejection or merge, and ``ideen_idea.first_answered_on``, the earliest of any
  answer (``workflow.FIRST_ANSWERS``), so statistics need not read the whole trail.
  A status change must start where the idea is (``from_status`` = the idea's status); on
  PostgreSQL the trigger locks the idea row, so two parallel changes cannot both start there.
- **The clock is the database's.** ``created`` of a trail row is the database's time of the
  INSERT (``db_default=Now()``); a row that brings its own ``created`` (a backdated one, say) is
  refused. The time is ``statement_timestamp()`` on PostgreSQL and ``strftime('%f', 'now')`` on
  SQLite; both are fixed for the statement, so the default and the trigger see the same value.
- **Dates in order.** A status change's ``decided_on`` (a progress note's ``date``) may not lie
  before the day the idea was handed in, nor before the newest ``decided_on``/``date`` of the
  idea's trail. PostgreSQL takes the submission day in ``settings.TIME_ZONE``; SQLite has no
  time zones and uses the zone's smallest UTC offset, which can allow one day more, never less
  (``transparenz.services`` checks the exact day and says so in German first).
- **TRUNCATE** (PostgreSQL) of the trail tables, except by the role that owns them.
- **Other apps' append-only tables** (``register_append_only``, e.g. the Sachstandsberichte of
  ``vorhaben``): UPDATE, DELETE and TRUNCATE refused like the trail's, with the same exception
  for ``recorded_by``; their other rules live in their own services.

Who can do what (PostgreSQL). Run the application with a role that does **not** own the tables
(it needs SELECT, INSERT, UPDATE, DELETE, and no membership in the owner role):

- the application role can append to the trail and read it, nothing else; no setting, session
  variable or SQL it can send lifts a trigger;
- the owner of the tables (the role that runs ``migrate``) can TRUNCATE them, which
  ``manage.py flush`` does, and can disable or drop triggers (``ALTER TABLE``), which
  :func:`seeding` does for trusted seeding code. The owner could drop the triggers anyway, so
  these exceptions give it nothing new; a superuser is a member of every role.

SQLite has no roles: whoever can open the file can drop the triggers. There the triggers keep
the application (and mistakes in it) honest, nothing more.

Installed after every ``migrate`` (``post_migrate``) and, on SQLite, removed before it
(``pre_migrate``): SQLite drops a table's triggers when Django rebuilds the table, and refuses
to rebuild a table that another table's trigger mentions. ``flush`` removes them on SQLite
while it empties the tables (see ``transparenz/management/commands/flush.py``).
"""

from __future__ import annotations

import zoneinfo
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.db import transaction

#: The append-only tables; each has a nullable ``recorded_by_id``.
GUARDED_TABLES = ("transparenz_statuschange", "transparenz_progressnote")
CHANGES = "transparenz_statuschange"
NOTES = "transparenz_progressnote"
IDEAS = "ideen_idea"
#: The state every idea starts in (``Idea.Status.SUBMITTED``).
INITIAL_STATUS = "eingereicht"

#: Trigger names by table and vendor, in the order they are created.
TRIGGERS = {
    "postgresql": {
        CHANGES: [
            f"{CHANGES}_append_only",
            f"{CHANGES}_no_truncate",
            f"{CHANGES}_checked_insert",
            f"{CHANGES}_sets_status",
        ],
        NOTES: [f"{NOTES}_append_only", f"{NOTES}_no_truncate", f"{NOTES}_checked_insert"],
        IDEAS: [f"{IDEAS}_status_from_trail"],
    },
    "sqlite": {
        CHANGES: [
            f"{CHANGES}_no_update",
            f"{CHANGES}_no_delete",
            f"{CHANGES}_checked_insert",
            f"{CHANGES}_sets_status",
        ],
        NOTES: [f"{NOTES}_no_update", f"{NOTES}_no_delete", f"{NOTES}_checked_insert"],
        IDEAS: [f"{IDEAS}_starts_submitted", f"{IDEAS}_status_from_trail"],
    },
}
#: Triggers that write rather than refuse; :func:`seeding` leaves them on.
WRITING_TRIGGERS = {f"{CHANGES}_sets_status"}
#: Append-only tables of apps above this one (see :func:`register_append_only`).
PLAIN_TABLES: list[str] = []


def register_append_only(table: str) -> None:
    """Guard another app's table like the trail: no UPDATE, DELETE or TRUNCATE.

    Called from that app's ``AppConfig.ready()``. The table needs a nullable
    ``recorded_by_id``: setting it to NULL (an account deleted) is the one update let through.
    """
    if table in PLAIN_TABLES:
        return
    PLAIN_TABLES.append(table)
    TRIGGERS["postgresql"][table] = [f"{table}_append_only", f"{table}_no_truncate"]
    TRIGGERS["sqlite"][table] = [f"{table}_no_update", f"{table}_no_delete"]


_PG_FUNCTIONS = ("transparenz_append_only", "transparenz_checked_insert", "transparenz_sets_status")
_PG_IDEA_FUNCTION = "transparenz_idea_status"


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _first_decisions() -> str:
    """The states of a first decision as an SQL list (``Idea.first_decided_on``)."""
    from .workflow import FIRST_DECISIONS

    return ", ".join(_sql_literal(str(status)) for status in sorted(FIRST_DECISIONS))


def _first_answers() -> str:
    """The states of a first answer as an SQL list (``Idea.first_answered_on``)."""
    from .workflow import FIRST_ANSWERS

    return ", ".join(_sql_literal(str(status)) for status in sorted(FIRST_ANSWERS))


def _pg_functions() -> list[str]:
    zone = _sql_literal(settings.TIME_ZONE if settings.USE_TZ else "UTC")
    first_decisions = _first_decisions()
    first_answers = _first_answers()
    return [
        # UPDATE/DELETE/TRUNCATE of the trail.
        """
CREATE OR REPLACE FUNCTION transparenz_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        -- Only the owner (who could drop this trigger anyway) empties the table: flush.
        IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                       'MEMBER') THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP = 'UPDATE'
        AND OLD.recorded_by_id IS NOT NULL AND NEW.recorded_by_id IS NULL
        AND (to_jsonb(NEW) - 'recorded_by_id') = (to_jsonb(OLD) - 'recorded_by_id') THEN
        -- The account that recorded the row was deleted: forget who it was, keep the rest.
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The table % is append-only: % is not allowed.', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;
""",
        # INSERT into the trail: the database's clock, the chain of states, dates in order.
        f"""
CREATE OR REPLACE FUNCTION transparenz_checked_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    current_status text;
    submitted date;
    newest date;
    entry_date date;
BEGIN
    IF NEW.created IS DISTINCT FROM statement_timestamp() THEN
        RAISE EXCEPTION '%: created is set by the database and cannot be supplied.',
            TG_TABLE_NAME USING ERRCODE = 'check_violation';
    END IF;
    SELECT status, (created AT TIME ZONE {zone})::date INTO current_status, submitted
        FROM ideen_idea WHERE id = NEW.idea_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '%: the idea % does not exist.', TG_TABLE_NAME, NEW.idea_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF TG_TABLE_NAME = '{CHANGES}' THEN
        IF NEW.from_status IS DISTINCT FROM current_status THEN
            RAISE EXCEPTION '%: the change starts from %, but the idea is %.',
                TG_TABLE_NAME, NEW.from_status, current_status
                USING ERRCODE = 'check_violation';
        END IF;
        entry_date := NEW.decided_on;
    ELSE
        entry_date := NEW."date";
    END IF;
    SELECT max(d) INTO newest FROM (
        SELECT max(decided_on) AS d FROM {CHANGES} WHERE idea_id = NEW.idea_id
        UNION ALL SELECT max("date") FROM {NOTES} WHERE idea_id = NEW.idea_id
    ) AS dates;
    IF entry_date < submitted OR entry_date < newest THEN
        RAISE EXCEPTION '%: the date % lies before the idea was handed in (%) or before the '
            'newest entry of its trail (%).', TG_TABLE_NAME, entry_date, submitted, newest
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
""",
        # After a status change: the idea takes the new state.
        f"""
CREATE OR REPLACE FUNCTION transparenz_sets_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {IDEAS} SET status = NEW.to_status,
        first_decided_on = CASE WHEN NEW.to_status IN ({first_decisions})
            THEN least(first_decided_on, NEW.decided_on) ELSE first_decided_on END,
        first_answered_on = CASE WHEN NEW.to_status IN ({first_answers})
            THEN least(first_answered_on, NEW.decided_on) ELSE first_answered_on END
        WHERE id = NEW.idea_id;
    RETURN NULL;
END;
$$;
""",
        # The idea's status: born submitted, then only what the newest trail row says.
        f"""
CREATE OR REPLACE FUNCTION {_PG_IDEA_FUNCTION}() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    expected text := '{INITIAL_STATUS}';
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
            RETURN NEW;
        END IF;
        SELECT to_status INTO expected FROM {CHANGES} WHERE idea_id = NEW.id
            ORDER BY created DESC, id DESC LIMIT 1;
        expected := coalesce(expected, '{INITIAL_STATUS}');
    END IF;
    IF NEW.status IS DISTINCT FROM expected THEN
        RAISE EXCEPTION 'The status of an idea changes only with an entry of its status trail '
            '(expected %, got %).', expected, NEW.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
""",
    ]


def _pg_statements(table: str) -> list[str]:
    if table == IDEAS:
        return [
            f'CREATE OR REPLACE TRIGGER "{IDEAS}_status_from_trail" '
            f'BEFORE INSERT OR UPDATE OF status ON "{IDEAS}" '
            f"FOR EACH ROW EXECUTE FUNCTION {_PG_IDEA_FUNCTION}();"
        ]
    statements = [
        f'CREATE OR REPLACE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION transparenz_append_only();",
        f'CREATE OR REPLACE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION transparenz_append_only();",
        f'CREATE OR REPLACE TRIGGER "{table}_checked_insert" BEFORE INSERT ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION transparenz_checked_insert();",
    ]
    if table in PLAIN_TABLES:
        return statements[:2]
    if table == CHANGES:
        statements.append(
            f'CREATE OR REPLACE TRIGGER "{table}_sets_status" AFTER INSERT ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION transparenz_sets_status();"
        )
    return statements


#: SQLite's clock as Django's ``Now()`` writes it; constant within one statement.
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _smallest_utc_offset_minutes() -> int:
    """The zone's smallest offset from UTC: its dates are never earlier than that one's."""
    if not settings.USE_TZ:
        return 0
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    year = datetime.now().year
    offsets = [datetime(year, month, 1, tzinfo=zone).utcoffset() for month in range(1, 13)]
    return min(int(offset.total_seconds() // 60) for offset in offsets)


def _sqlite_statements(table: str, columns: list[str]) -> list[str]:
    if table == IDEAS:
        return [
            f'CREATE TRIGGER IF NOT EXISTS "{IDEAS}_starts_submitted" BEFORE INSERT ON "{IDEAS}" '
            f"FOR EACH ROW WHEN NEW.status IS NOT '{INITIAL_STATUS}' "
            "BEGIN SELECT RAISE(ABORT, 'A new idea is eingereicht; other states come from its "
            "status trail.'); END;",
            f'CREATE TRIGGER IF NOT EXISTS "{IDEAS}_status_from_trail" '
            f'BEFORE UPDATE OF status ON "{IDEAS}" '
            "FOR EACH ROW WHEN NEW.status IS NOT OLD.status AND NEW.status IS NOT coalesce("
            f"(SELECT to_status FROM {CHANGES} WHERE idea_id = NEW.id "
            f"ORDER BY created DESC, id DESC LIMIT 1), '{INITIAL_STATUS}') "
            "BEGIN SELECT RAISE(ABORT, 'The status of an idea changes only with an entry of its "
            "status trail.'); END;",
        ]
    unchanged = " AND ".join(
        f'NEW."{column}" IS OLD."{column}"' for column in columns if column != "recorded_by_id"
    )
    entry_date = "NEW.decided_on" if table == CHANGES else "NEW.date"
    offset = _smallest_utc_offset_minutes()
    chain = (
        "SELECT RAISE(ABORT, 'A status change starts from the current status of the idea.') "
        f"WHERE NEW.from_status IS NOT (SELECT status FROM {IDEAS} WHERE id = NEW.idea_id);"
        if table == CHANGES
        else ""
    )
    statements = [
        f'CREATE TRIGGER IF NOT EXISTS "{table}_no_update" BEFORE UPDATE ON "{table}" '
        f"FOR EACH ROW WHEN NOT (OLD.recorded_by_id IS NOT NULL AND NEW.recorded_by_id IS NULL "
        f"AND {unchanged}) "
        f"BEGIN SELECT RAISE(ABORT, 'The table {table} is append-only: UPDATE is not allowed.'); "
        "END;",
        f'CREATE TRIGGER IF NOT EXISTS "{table}_no_delete" BEFORE DELETE ON "{table}" '
        f"FOR EACH ROW "
        f"BEGIN SELECT RAISE(ABORT, 'The table {table} is append-only: DELETE is not allowed.'); "
        "END;",
        f'CREATE TRIGGER IF NOT EXISTS "{table}_checked_insert" BEFORE INSERT ON "{table}" '
        "FOR EACH ROW BEGIN "
        f"SELECT RAISE(ABORT, '{table}: created is set by the database and cannot be supplied.') "
        f"WHERE NEW.created IS NOT {_SQLITE_NOW}; "
        f"SELECT RAISE(ABORT, '{table}: the idea does not exist.') "
        f"WHERE NOT EXISTS (SELECT 1 FROM {IDEAS} WHERE id = NEW.idea_id); "
        f"{chain} "
        f"SELECT RAISE(ABORT, '{table}: the date lies before the idea was handed in.') "
        f"WHERE {entry_date} < (SELECT date(created, '{offset:+d} minutes') FROM {IDEAS} "
        "WHERE id = NEW.idea_id); "
        f"SELECT RAISE(ABORT, '{table}: the date lies before the newest entry of the trail.') "
        f"WHERE {entry_date} < (SELECT max(d) FROM ("
        f"SELECT max(decided_on) AS d FROM {CHANGES} WHERE idea_id = NEW.idea_id "
        f"UNION ALL SELECT max(date) FROM {NOTES} WHERE idea_id = NEW.idea_id)); "
        "END;",
    ]
    if table in PLAIN_TABLES:
        return statements[:2]
    if table == CHANGES:
        statements.append(
            f'CREATE TRIGGER IF NOT EXISTS "{table}_sets_status" AFTER INSERT ON "{table}" '
            f"FOR EACH ROW BEGIN UPDATE {IDEAS} SET status = NEW.to_status, "
            f"first_decided_on = CASE WHEN NEW.to_status IN ({_first_decisions()}) "
            "THEN min(coalesce(first_decided_on, NEW.decided_on), NEW.decided_on) "
            "ELSE first_decided_on END, "
            f"first_answered_on = CASE WHEN NEW.to_status IN ({_first_answers()}) "
            "THEN min(coalesce(first_answered_on, NEW.decided_on), NEW.decided_on) "
            "ELSE first_answered_on END WHERE id = NEW.idea_id; END;"
        )
    return statements


def _existing_tables(connection) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _columns(connection, table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _supported(connection) -> bool:
    return connection.vendor in TRIGGERS


def install(connection) -> list[str]:
    """Create (or refresh) the triggers; return the tables guarded (none before migrate)."""
    if not _supported(connection):
        return []
    existing = _existing_tables(connection)
    tables = [table for table in TRIGGERS[connection.vendor] if table not in PLAIN_TABLES]
    if not set(tables) <= existing:
        return []  # not migrated yet: post_migrate comes back
    tables += [table for table in PLAIN_TABLES if table in existing]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for function in _pg_functions():
                cursor.execute(function)
        for table in tables:
            if connection.vendor == "postgresql":
                statements = _pg_statements(table)
            else:
                statements = _sqlite_statements(table, _columns(connection, table))
            for statement in statements:
                cursor.execute(statement)
    return tables


def remove(connection) -> None:
    """Drop the triggers (before migrate and for flush on SQLite, and the reverse migration)."""
    if not _supported(connection):
        return
    existing = _existing_tables(connection)
    with connection.cursor() as cursor:
        for table, names in TRIGGERS[connection.vendor].items():
            if table not in existing:
                continue
            for name in names:
                if connection.vendor == "postgresql":
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}";')
                else:
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}";')
        if connection.vendor == "postgresql":
            for function in (*_PG_FUNCTIONS, _PG_IDEA_FUNCTION):
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}();")


def installed(connection) -> dict[str, list[str]]:
    """The guard triggers present in the database, by table."""
    found: dict[str, list[str]] = {}
    if not _supported(connection):
        return found
    with connection.cursor() as cursor:
        for table, expected in TRIGGERS[connection.vendor].items():
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) "
                    "AND NOT tgisinternal AND tgenabled <> 'D'",
                    [table],
                )
            else:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [table],
                )
            names = {row[0] for row in cursor.fetchall()}
            found[table] = [name for name in expected if name in names]
    return found


def missing(connection) -> list[str]:
    """Names of guard triggers that should be there and are not."""
    if not _supported(connection):
        return []
    found = installed(connection)
    return [
        name
        for table, names in TRIGGERS[connection.vendor].items()
        for name in names
        if name not in found.get(table, [])
    ]


@contextmanager
def lifted_for_flush(connection):
    """Let ``flush`` empty the tables; on PostgreSQL only the tables' owner gets through."""
    if connection.vendor == "sqlite":
        remove(connection)
        try:
            yield
        finally:
            install(connection)
    else:
        # PostgreSQL: the TRUNCATE trigger lets the owner pass and refuses everybody else.
        yield


def inconsistent_ideas(connection) -> list[int]:
    """Ideas whose status is not what their newest trail row (or the submission) says."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT i.id FROM {IDEAS} i WHERE i.status <> coalesce(("
            f"SELECT c.to_status FROM {CHANGES} c WHERE c.idea_id = i.id "
            f"ORDER BY c.created DESC, c.id DESC LIMIT 1), '{INITIAL_STATUS}') ORDER BY i.id"
        )
        return [row[0] for row in cursor.fetchall()]


@contextmanager
def seeding(connection):
    """For trusted seeding code only (demo content, imports): the refusing triggers step aside.

    Inside the block, ideas may be inserted in any state, trail rows may bring their own
    ``created`` and dates, and a status change need not start from the idea's state; a status
    change still sets the idea's status. On leaving, the triggers are back and every idea's
    status must match its trail, or the whole block is rolled back. Runs in one transaction.

    On PostgreSQL this is ``ALTER TABLE ... DISABLE TRIGGER``: only the owner of the tables can
    do it, so the application role (which must not own them) cannot; the tables are locked
    until the transaction ends. Never call this from a request.

    Seeding that creates ideas as "eingereicht" (``created`` of an idea may lie in the past) and
    then records their history through ``transparenz.services`` with past ``decided_on``/``on``
    dates, in date order, and without ``recorded_at``, needs none of this: the public trail
    shows ``decided_on``, and ``created`` is only the moment the row was written.
    """
    if not _supported(connection):
        yield
        return
    lifted = {
        table: [name for name in names if name not in WRITING_TRIGGERS]
        for table, names in TRIGGERS[connection.vendor].items()
    }
    with transaction.atomic(using=connection.alias):
        _switch(connection, lifted, on=False)
        yield
        _switch(connection, lifted, on=True)
        wrong = inconsistent_ideas(connection)
        if wrong:
            raise SeedingError(
                f"The status of these ideas does not match their status trail: {wrong}"
            )


def _switch(connection, triggers: dict[str, list[str]], *, on: bool) -> None:
    if connection.vendor == "sqlite":
        if on:
            install(connection)
            return
        with connection.cursor() as cursor:
            for names in triggers.values():
                for name in names:
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}";')
        return
    with connection.cursor() as cursor:
        # ALTER TABLE refuses while deferred foreign-key checks are pending: run them first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, names in triggers.items():
            for name in names:
                state = "ENABLE" if on else "DISABLE"
                cursor.execute(f'ALTER TABLE "{table}" {state} TRIGGER "{name}";')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class SeedingError(RuntimeError):
    """Seeding left an idea whose status does not follow from its trail."""


def remove_before_migrate(sender, using="default", **kwargs) -> None:
    """pre_migrate (SQLite): triggers that mention other tables would stop table rebuilds."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite":
        remove(connection)


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: make sure the guard is in place after every migrate and flush."""
    from django.db import connections

    install(connections[using])
