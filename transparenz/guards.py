"""Database triggers that keep the status trail append-only, on PostgreSQL and SQLite.

The triggers refuse every UPDATE and DELETE of the trail tables, with one exception: when an
account is deleted, Django sets ``recorded_by`` to NULL and nothing else; that UPDATE passes.
On PostgreSQL a statement trigger also refuses TRUNCATE.

Installed by migration 0002 and again after every ``migrate`` (``post_migrate``): SQLite drops a
table's triggers whenever Django rebuilds the table for a schema change, and ``flush`` lifts
them (see ``transparenz/management/commands/flush.py``). ``manage.py flush`` wipes the whole
database on purpose; it is the only way round the guard short of SQL by the database owner.
"""

from __future__ import annotations

from contextlib import contextmanager

#: The guarded tables; each has a nullable ``recorded_by_id``.
GUARDED_TABLES = ("transparenz_statuschange", "transparenz_progressnote")
#: A PostgreSQL setting that lets ``flush`` truncate the tables (see flush.py).
PG_TRUNCATE_SETTING = "transparenz.allow_truncate"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION transparenz_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF coalesce(current_setting('{PG_TRUNCATE_SETTING}', true), '') = 'on' THEN
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
"""


def _pg_statements(table: str) -> list[str]:
    return [
        f'CREATE OR REPLACE TRIGGER "{table}_append_only" BEFORE UPDATE OR DELETE ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION transparenz_append_only();",
        f'CREATE OR REPLACE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION transparenz_append_only();",
    ]


def _sqlite_statements(table: str, columns: list[str]) -> list[str]:
    unchanged = " AND ".join(
        f'NEW."{column}" IS OLD."{column}"' for column in columns if column != "recorded_by_id"
    )
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{table}_no_update" BEFORE UPDATE ON "{table}" '
        f"FOR EACH ROW WHEN NOT (OLD.recorded_by_id IS NOT NULL AND NEW.recorded_by_id IS NULL "
        f"AND {unchanged}) "
        f"BEGIN SELECT RAISE(ABORT, 'The table {table} is append-only: UPDATE is not allowed.'); "
        "END;",
        f'CREATE TRIGGER IF NOT EXISTS "{table}_no_delete" BEFORE DELETE ON "{table}" '
        f"FOR EACH ROW "
        f"BEGIN SELECT RAISE(ABORT, 'The table {table} is append-only: DELETE is not allowed.'); "
        "END;",
    ]


def _trigger_names(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f"{table}_append_only", f"{table}_no_truncate"]
    return [f"{table}_no_update", f"{table}_no_delete"]


def _existing_tables(connection) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _columns(connection, table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def install(connection) -> list[str]:
    """Create (or refresh) the triggers on the tables that exist; return the tables guarded."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return []
    tables = [t for t in GUARDED_TABLES if t in _existing_tables(connection)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and tables:
            cursor.execute(_PG_FUNCTION)
        for table in tables:
            if connection.vendor == "postgresql":
                statements = _pg_statements(table)
            else:
                statements = _sqlite_statements(table, _columns(connection, table))
            for statement in statements:
                cursor.execute(statement)
    return tables


def remove(connection) -> None:
    """Drop the triggers (for the reverse migration and for flush on SQLite)."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    tables = [t for t in GUARDED_TABLES if t in _existing_tables(connection)]
    with connection.cursor() as cursor:
        for table in tables:
            for name in _trigger_names(connection.vendor, table):
                if connection.vendor == "postgresql":
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}";')
                else:
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}";')
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS transparenz_append_only();")


def installed(connection) -> dict[str, list[str]]:
    """The guard triggers present in the database, by table."""
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in GUARDED_TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) "
                    "AND NOT tgisinternal ORDER BY tgname",
                    [table],
                )
            elif connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                    "ORDER BY name",
                    [table],
                )
            else:
                continue
            names = [row[0] for row in cursor.fetchall()]
            expected = set(_trigger_names(connection.vendor, table))
            found[table] = [name for name in names if name in expected]
    return found


@contextmanager
def lifted_for_flush(connection):
    """Let ``flush`` empty the tables, then put the guard back."""
    if connection.vendor == "sqlite":
        remove(connection)
        try:
            yield
        finally:
            install(connection)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET {PG_TRUNCATE_SETTING} = 'on'")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"RESET {PG_TRUNCATE_SETTING}")
    else:
        yield


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: make sure the guard is in place after every migrate and flush."""
    from django.db import connections

    install(connections[using])
