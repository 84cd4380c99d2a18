"""The audit is append-only: the application cannot change or delete its rows, and the database
refuses too (PostgreSQL: UPDATE and DELETE; SQLite: UPDATE). The one way to change a row is
``audit_redact_personal_data``, and it can only blank personal data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tandem.audit.models import AuditAction, AuditEvent, AuditEventIsAppendOnly
from tandem.audit.services import audit_record, audit_redact_personal_data

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's"
)


@pytest.fixture
def event(officer):
    return audit_record(
        actor=officer,
        action=AuditAction.SEARCH,
        object_type="case",
        detail={"query": "Jane Example", "fields": ["status"], "count": 3},
    )


def raw(sql, params=(), *, redaction_door=False):
    """Run ``sql`` in its own transaction, with the redaction door open if asked."""
    with transaction.atomic(), connection.cursor() as cursor:
        if redaction_door:
            open_redaction_door(cursor)
        cursor.execute(sql, params)


def open_redaction_door(cursor):
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL tandem.audit_redaction = 'on'")
    else:
        cursor.execute("UPDATE audit_redaction_switch SET active = 1 WHERE id = 1")


class TestTheApplicationCannotChangeTheAudit:
    def test_saving_an_existing_event_is_refused(self, event):
        event.action = AuditAction.VIEW
        with pytest.raises(AuditEventIsAppendOnly):
            event.save()

    def test_deleting_an_event_is_refused(self, event):
        with pytest.raises(AuditEventIsAppendOnly):
            event.delete()

    def test_queryset_update_and_delete_are_refused(self, event):
        with pytest.raises(AuditEventIsAppendOnly):
            AuditEvent.objects.filter(pk=event.pk).update(action=AuditAction.VIEW)
        with pytest.raises(AuditEventIsAppendOnly):
            AuditEvent.objects.filter(pk=event.pk).delete()
        with pytest.raises(AuditEventIsAppendOnly):
            AuditEvent.objects.all().delete()

    def test_bulk_update_is_refused(self, event):
        event.object_type = "person"
        with pytest.raises(AuditEventIsAppendOnly):
            AuditEvent.objects.bulk_update([event], ["object_type"])

    def test_the_row_is_unchanged(self, event):
        for attempt in (
            lambda: AuditEvent.objects.filter(pk=event.pk).update(detail={}),
            lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        ):
            with pytest.raises(AuditEventIsAppendOnly):
                attempt()
        stored = AuditEvent.objects.get(pk=event.pk)
        assert stored.detail["query"] == "Jane Example"


class TestTheDatabaseRefusesChanges:
    """Raw SQL, bypassing the model: the trigger answers."""

    def test_raw_update_is_refused(self, event):
        with pytest.raises(DatabaseError, match="append-only"):
            raw("UPDATE audit_auditevent SET action = 'view' WHERE id = %s", [event.pk])
        assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.SEARCH

    def test_a_redaction_shaped_update_without_the_redaction_function_is_refused(self, event):
        with pytest.raises(DatabaseError, match="append-only"):
            raw(
                "UPDATE audit_auditevent SET ip_address = NULL, user_agent = '' WHERE id = %s",
                [event.pk],
            )

    @on_postgresql
    def test_raw_delete_is_refused(self, event):
        with pytest.raises(DatabaseError, match="append-only"):
            raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_the_redaction_door_lets_only_blanking_through(self, event):
        """With the door open (what only ``audit_redact_personal_data`` does), an update may
        remove detail keys and blank the address, and nothing else."""
        remove_query = (
            "detail - 'query'"
            if connection.vendor == "postgresql"
            else "json_remove(detail, '$.query')"
        )
        raw(
            f"UPDATE audit_auditevent SET ip_address = NULL, detail = {remove_query} "  # noqa: S608
            "WHERE id = %s",
            [event.pk],
            redaction_door=True,
        )
        assert AuditEvent.objects.get(pk=event.pk).detail == {"fields": ["status"], "count": 3}
        for change in (
            "action = 'view'",
            "case_reference = 'ASB-2026-XXXXX'",
            "actor_id = NULL",
            """detail = '{"query": "someone else"}'""",
            """detail = '{"fields": ["other"], "count": 3}'""",
            """detail = '{"fields": ["status"], "count": 4}'""",
            "occurred_at = CURRENT_TIMESTAMP",
        ):
            update = f"UPDATE audit_auditevent SET {change} WHERE id = %s"  # noqa: S608
            with pytest.raises(DatabaseError, match="append-only"):
                raw(update, [event.pk], redaction_door=True)
        if connection.vendor == "postgresql":
            with pytest.raises(DatabaseError, match="append-only"):
                raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk], redaction_door=True)


class TestRedaction:
    def backdate(self, event, days):
        """A copy of ``event`` made ``days`` ago (``occurred_at`` is set on insert, and the guard
        refuses to change it afterwards, so the copy is inserted with its time)."""
        at = timezone.now() - timedelta(days=days)
        raw(
            "INSERT INTO audit_auditevent (occurred_at, actor_id, actor_agency_id, action, "
            "object_type, object_id, case_reference, detail, ip_address, user_agent) "
            "SELECT %s, actor_id, actor_agency_id, action, object_type, object_id, "
            "case_reference, detail, ip_address, user_agent FROM audit_auditevent WHERE id = %s",
            [connection.ops.adapt_datetimefield_value(at), event.pk],
        )
        return AuditEvent.objects.latest("id")

    def test_blanks_personal_data_of_old_events_only(self, officer, event):
        failed = audit_record(
            actor=officer,
            action=AuditAction.SIGN_IN_FAILED,
            detail={"username": "jane.example", "count": 1, "fields": ["a"]},
        )
        old = self.backdate(failed, days=400)
        cutoff = timezone.now() - timedelta(days=365)
        assert audit_redact_personal_data(before=cutoff, dry_run=True) == 1
        assert AuditEvent.objects.get(pk=old.pk).detail["username"] == "jane.example"

        assert audit_redact_personal_data(before=cutoff) == 1

        redacted = AuditEvent.objects.get(pk=old.pk)
        assert redacted.detail == {"count": 1, "fields": ["a"], "redacted": True}
        assert redacted.ip_address is None
        assert redacted.user_agent == ""
        assert redacted.actor_id == officer.pk
        assert redacted.action == AuditAction.SIGN_IN_FAILED
        # Recent events are untouched, and the redaction itself is on the record.
        assert AuditEvent.objects.get(pk=event.pk).detail["query"] == "Jane Example"
        assert AuditEvent.objects.get(pk=failed.pk).detail["username"] == "jane.example"
        run = AuditEvent.objects.get(object_type="audit")
        assert run.detail["count"] == 1
        # Once redacted, not again.
        assert audit_redact_personal_data(before=cutoff) == 0

    def test_redacts_addresses_and_user_agents(self, officer, rf):
        request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Firefox")
        event = audit_record(actor=officer, action=AuditAction.VIEW, request=request)
        assert (event.ip_address, event.user_agent) == ("203.0.113.9", "Firefox")
        old = self.backdate(event, days=30)
        audit_redact_personal_data(before=timezone.now() - timedelta(days=7))
        old.refresh_from_db()
        assert (old.ip_address, old.user_agent) == (None, "")

    def test_the_redaction_door_closes_after_the_run(self, officer, event):
        self.backdate(event, days=30)
        with transaction.atomic():
            audit_redact_personal_data(before=timezone.now() - timedelta(days=7))
            # Later in the same transaction, the database refuses again.
            with pytest.raises(DatabaseError, match="append-only"):
                raw("UPDATE audit_auditevent SET ip_address = NULL WHERE id = %s", [event.pk])
