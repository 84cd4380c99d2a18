"""The database's half of keeping the audit append-only: triggers that refuse changes to
``audit_auditevent`` rows, with one narrow door for redaction under the retention policy.

PostgreSQL
    A row trigger refuses every ``UPDATE`` and ``DELETE``. The one exception is an ``UPDATE`` that
    only *removes* personal data — ``detail`` keys dropped (an added ``"redacted": true`` aside),
    ``ip_address`` set to null, ``user_agent`` or ``object_id`` emptied, nothing else touched — made
    in a transaction that ran ``SET LOCAL tandem.audit_redaction = 'on'``. Only
    ``tandem.audit.services.audit_redact_personal_data`` does that.

SQLite
    A trigger refuses every ``UPDATE`` but the same redaction, which is let through while the
    one-row table ``audit_redaction_switch`` says so (set and cleared inside the redaction's own
    transaction, so no other connection ever sees it on). ``DELETE`` is refused by the
    application only: Django empties tables with ``DELETE`` between transactional tests, and
    anyone who can open the file can change it anyway. SQLite is for laptops and the demo; a
    deployment that must prove its audit untouched runs PostgreSQL.

Migrations that rebuild the table on SQLite (Django does for most column changes) drop its
triggers: such a migration must end with ``migrations.RunPython(install, uninstall)`` again.
The tests in ``tests/audit/test_append_only.py`` fail if the guard is missing.
"""

from __future__ import annotations

from typing import Any

POSTGRESQL_INSTALL = """
CREATE OR REPLACE FUNCTION tandem_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('tandem.audit_redaction', true) = 'on'
       AND NEW.id = OLD.id
       AND NEW.occurred_at = OLD.occurred_at
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.actor_agency_id IS NOT DISTINCT FROM OLD.actor_agency_id
       AND NEW.action = OLD.action
       AND NEW.object_type = OLD.object_type
       AND NEW.case_reference = OLD.case_reference
       AND (NEW.object_id = OLD.object_id OR NEW.object_id = '')
       AND (NEW.ip_address IS NOT DISTINCT FROM OLD.ip_address OR NEW.ip_address IS NULL)
       AND (NEW.user_agent = OLD.user_agent OR NEW.user_agent = '')
       AND jsonb_typeof(NEW.detail) = 'object'
       AND NOT EXISTS (
           SELECT 1 FROM jsonb_each(NEW.detail) AS kept(key, value)
           WHERE NOT COALESCE(
               (kept.key = 'redacted' AND kept.value = 'true'::jsonb)
               OR (
                   jsonb_typeof(OLD.detail) = 'object'
                   AND OLD.detail -> kept.key IS NOT DISTINCT FROM kept.value
               ),
               false
           )
       )
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
        USING HINT = 'Only audit_redact_personal_data may blank personal data from old events.';
END;
$$;
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION tandem_audit_append_only();
"""

POSTGRESQL_UNINSTALL = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS tandem_audit_append_only();
"""

SQLITE_INSTALL = [
    """CREATE TABLE IF NOT EXISTS audit_redaction_switch (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        active INTEGER NOT NULL DEFAULT 0
    )""",
    "INSERT OR IGNORE INTO audit_redaction_switch (id, active) VALUES (1, 0)",
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only",
    """CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE ON audit_auditevent
    WHEN NOT (
        (SELECT active FROM audit_redaction_switch WHERE id = 1) = 1
        AND NEW.id = OLD.id
        AND NEW.occurred_at = OLD.occurred_at
        AND NEW.actor_id IS OLD.actor_id
        AND NEW.actor_agency_id IS OLD.actor_agency_id
        AND NEW.action = OLD.action
        AND NEW.object_type = OLD.object_type
        AND NEW.case_reference = OLD.case_reference
        AND (NEW.object_id = OLD.object_id OR NEW.object_id = '')
        AND (NEW.ip_address IS OLD.ip_address OR NEW.ip_address IS NULL)
        AND (NEW.user_agent = OLD.user_agent OR NEW.user_agent = '')
        AND json_type(NEW.detail) = 'object'
        AND NOT EXISTS (
            SELECT 1 FROM json_each(NEW.detail) AS kept
            WHERE NOT (
                (kept.key = 'redacted' AND kept.type = 'true')
                OR EXISTS (
                    SELECT 1 FROM json_each(OLD.detail) AS old
                    WHERE old.key = kept.key AND old.type = kept.type AND old.value IS kept.value
                )
            )
        )
    )
    BEGIN
        SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused');
    END""",
]

SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only",
    "DROP TABLE IF EXISTS audit_redaction_switch",
]


def install(apps: Any, schema_editor: Any) -> None:
    """Create the triggers (a ``RunPython`` operation, so one migration serves both engines)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_INSTALL, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_INSTALL:
            schema_editor.execute(statement, params=None)


def uninstall(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_UNINSTALL, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_UNINSTALL:
            schema_editor.execute(statement, params=None)
