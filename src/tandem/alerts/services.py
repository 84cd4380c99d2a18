"""Writing alerts: created inside the transaction of the change they tell people about."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Role, User
from tandem.alerts.models import Alert, AlertKind
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case


@transaction.atomic
def alert_supervisors(*, case: Case, kind: AlertKind, message: str, actor: User) -> list[Alert]:
    """Alert every active supervisor of the case's lead agency, at once and in-app.

    Call inside the transaction of the change, so the alert exists exactly when the change does.
    """
    supervisors = User.objects.filter(
        agency_id=case.lead_agency_id, role=Role.SUPERVISOR, is_active=True
    ).order_by("id")
    now = timezone.now()
    alerts = Alert.objects.bulk_create(
        [
            Alert(recipient=supervisor, case=case, kind=kind, message=message, created_at=now)
            for supervisor in supervisors
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="alert",
        case_reference=case.reference,
        detail={"kind": str(kind), "recipients": [alert.recipient_id for alert in alerts]},
    )
    return alerts


@transaction.atomic
def alert_mark_read(*, alert: Alert, actor: User) -> Alert:
    """Mark one of the actor's own alerts read (reading it twice keeps the first time)."""
    if alert.recipient_id != actor.pk:
        raise PermissionDenied("Only the recipient may mark an alert read")
    if alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="alert",
            object_id=alert.pk,
            case_reference=alert.case.reference,
            detail={"read": True, "fields": ["read_at"]},
        )
    return alert


@transaction.atomic
def alerts_mark_all_read(*, actor: User) -> int:
    """Mark all the actor's unread alerts read; returns how many there were."""
    count = Alert.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="alert",
            detail={"read": True, "count": count, "fields": ["read_at"]},
        )
    return count
