"""Writing the audit: one event per thing done, in the transaction of the change it records;
recording refused access; and blanking personal data from old events under the retention policy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest

from tandem.accounts.models import User
from tandem.audit.context import current_origin, request_origin
from tandem.audit.models import AuditAction, AuditEvent

# What an event keeps of its ``detail`` once its personal data is blanked: names of the fields an
# update changed, the page, counts and status codes. Everything else (usernames typed at a failed
# sign-in, search terms and filters, file names, reasons typed in free text) is removed.
KEPT_DETAIL_KEYS = ("fields", "page", "count", "status", "view")
REDACTED = "redacted"


def client_ip(request: HttpRequest | None) -> str | None:
    return request_origin(request).ip_address


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    object_type: str = "",
    object_id: str | int = "",
    case_reference: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Write one audit event. Call inside the transaction of the change it records.

    Where from comes from ``request`` if given, else from the request being served (set by
    ``AuditMiddleware``), else nowhere (a command or a background task). ``detail`` must not hold
    the values of personal data: for an update, list the names of the fields changed under
    ``"fields"``.
    """
    origin = request_origin(request) if request is not None else current_origin.get()
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_agency_id=getattr(actor, "agency_id", None),
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:50],
        case_reference=case_reference[:20],
        detail=detail or {},
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
    )


def audit_view(
    *,
    actor: User,
    page: str,
    case_reference: str = "",
    object_type: str = "case",
    object_id: str | int = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """A page showing a record was shown to ``actor``: a ``VIEW`` of it, naming the page.

    Every page about a case (its forms included: they show the case and its people) records a
    view of the case; a page about one person on it records a view of that person, with the case.
    Call it where the page is rendered, so a form shown again with errors counts too.
    """
    return audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type=object_type,
        object_id=object_id if object_id != "" else case_reference,
        case_reference=case_reference,
        detail={"page": page, **(detail or {})},
    )


def audit_list(
    *, actor: User, page: str, object_type: str, count: int, detail: dict[str, Any] | None = None
) -> AuditEvent:
    """A list or search of records was shown to ``actor``: a ``SEARCH``, with how many matched."""
    return audit_record(
        actor=actor,
        action=AuditAction.SEARCH,
        object_type=object_type,
        detail={"page": page, "count": count, **(detail or {})},
    )


# The URL parameters that name a record, and what kind of record each names.
RECORD_PARAMETERS = {
    "reference": "case",
    "person_id": "person",
    "merge_id": "person_merge",
    "referral_id": "referral",
    "task_id": "task",
    "conference_id": "case_conference",
    "alert_id": "alert",
    "public_id": "evidence_file",
    "draft_id": "report_draft",
    "event_id": "audit",
}


def audit_refusal(*, actor: User, request: HttpRequest, status: int) -> AuditEvent:
    """Record that ``actor`` asked for something they may not have: a record that is not theirs
    to see (404, the same answer as a missing one) or a page their role may not use (403).

    The record asked for is read from the URL: its most specific parameter (a person on a case
    rather than the case), with the case reference whenever the URL has one.
    """
    match = getattr(request, "resolver_match", None)
    kwargs: dict[str, Any] = dict(match.kwargs) if match is not None else {}
    object_type, object_id = "page", ""
    # The case first, then anything more specific on it (a person on the case, a file).
    for name in sorted(kwargs, key=lambda name: name != "reference"):
        object_type = RECORD_PARAMETERS.get(name, name.removesuffix("_id"))
        object_id = str(kwargs[name])
    reference = str(kwargs.get("reference", "")).upper()
    return audit_record(
        actor=actor,
        action=AuditAction.DENIED,
        object_type=object_type[:50],
        object_id=object_id,
        case_reference=reference,
        detail={
            "status": status,
            "view": match.view_name if match is not None else "",
            "method": request.method,
            "path": request.path[:200],
        },
        request=request,
    )


def audit_redact_personal_data(*, before: datetime, dry_run: bool = False) -> int:
    """Blank the personal data of every audit event older than ``before``: its IP address, user
    agent and every ``detail`` value but those in ``KEPT_DETAIL_KEYS``; marks it
    ``"redacted": true``. Who did what to which record, and when, stays. Returns the number of
    events redacted (with ``dry_run``, that would be), and records the redaction itself.

    The only code that opens the database's door for changing audit rows (``tandem.audit.guard``).
    """
    pending = AuditEvent.objects.filter(occurred_at__lt=before).exclude(detail__has_key=REDACTED)
    if dry_run:
        return pending.count()
    cutoff = connection.ops.adapt_datetimefield_value(before)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL tandem.audit_redaction = 'on'")
            cursor.execute(
                """
                UPDATE audit_auditevent SET
                    detail = COALESCE(
                        (SELECT jsonb_object_agg(key, value) FROM jsonb_each(detail)
                         WHERE key = ANY(%s)),
                        '{}'::jsonb
                    ) || '{"redacted": true}'::jsonb,
                    ip_address = NULL,
                    user_agent = ''
                WHERE occurred_at < %s AND detail -> 'redacted' IS NULL
                """,
                [list(KEPT_DETAIL_KEYS), cutoff],
            )
            count = cursor.rowcount
            cursor.execute("SET LOCAL tandem.audit_redaction = 'off'")
        elif connection.vendor == "sqlite":
            placeholders = ", ".join(["%s"] * len(KEPT_DETAIL_KEYS))
            cursor.execute("UPDATE audit_redaction_switch SET active = 1 WHERE id = 1")
            # Only placeholders are interpolated; the kept keys and the cutoff are parameters.
            cursor.execute(
                "UPDATE audit_auditevent SET detail = json_set(COALESCE((SELECT "  # noqa: S608  # nosec B608
                "json_group_object(key, value) FROM json_each(audit_auditevent.detail) "
                f"WHERE key IN ({placeholders})), '{{}}'), '$.redacted', json('true')), "
                "ip_address = NULL, user_agent = '' "
                "WHERE occurred_at < %s AND json_extract(detail, '$.redacted') IS NULL",
                [*KEPT_DETAIL_KEYS, cutoff],
            )
            count = cursor.rowcount
            cursor.execute("UPDATE audit_redaction_switch SET active = 0 WHERE id = 1")
        else:  # pragma: no cover - Tandem runs on PostgreSQL and SQLite only
            raise NotImplementedError(f"No audit redaction for {connection.vendor}")
        if count:
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                object_type="audit",
                detail={
                    "fields": ["detail", "ip_address", "user_agent"],
                    "count": count,
                    "before": before.isoformat(),
                },
            )
    return count
