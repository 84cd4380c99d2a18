"""Reminders before service-standard deadlines, and escalation when one is missed.

Run by ``tandem check-deadlines`` (cron) or the ``check_deadlines`` task. Each deadline is
reminded at most once and escalated exactly once: the row is claimed with a conditional
``UPDATE … WHERE escalated_at IS NULL`` in the same transaction that writes the alerts and queues
the emails, so repeated or concurrent runs cannot escalate it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Role, User
from tandem.alerts.models import Alert, AlertKind
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import CaseStatus
from tandem.notify.models import NotificationChannel, ReminderPolicy
from tandem.notify.services import notification_queue
from tandem.standards.models import CaseDeadline
from tandem.standards.working_days import add_working_days

DEFAULT_REMIND_WORKING_DAYS = 1


@dataclass(frozen=True)
class DeadlineCheckResult:
    reminded: int
    escalated: int


def reminder_days_by_agency() -> tuple[int, dict[int, int]]:
    """The partnership default and each agency's override, in working days before the deadline."""
    default = DEFAULT_REMIND_WORKING_DAYS
    overrides: dict[int, int] = {}
    for policy in ReminderPolicy.objects.all():
        if policy.agency_id is None:
            default = policy.remind_working_days_before
        else:
            overrides[policy.agency_id] = policy.remind_working_days_before
    return default, overrides


def deadlines_check(*, today: date | None = None) -> DeadlineCheckResult:
    today = today or timezone.localdate()
    return DeadlineCheckResult(
        reminded=deadlines_remind(today=today), escalated=deadlines_escalate(today=today)
    )


def deadlines_remind(*, today: date) -> int:
    """Email each case officer once, N working days before an open deadline falls due."""
    default, overrides = reminder_days_by_agency()
    horizon = add_working_days(today, max([default, *overrides.values()]))
    candidates = (
        CaseDeadline.objects.filter(
            met_at__isnull=True,
            cancelled_at__isnull=True,
            reminded_at__isnull=True,
            due_on__gte=today,
            due_on__lte=horizon,
            case__officer__isnull=False,
        )
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "case__officer")
        .order_by("due_on", "id")
    )
    reminded = 0
    for deadline in candidates:
        case = deadline.case
        days = overrides.get(case.lead_agency_id, default)
        if deadline.due_on > add_working_days(today, days):
            continue
        with transaction.atomic():
            claimed = CaseDeadline.objects.filter(
                pk=deadline.pk, reminded_at__isnull=True, met_at__isnull=True
            ).update(reminded_at=timezone.now())
            if not claimed:
                continue  # another run got there first
            officer = case.officer
            assert officer is not None
            notification_queue(
                channel=NotificationChannel.EMAIL,
                recipient=officer,
                kind="deadline-reminder",
                subject=f"Case {case.reference}: {deadline.label} due {deadline.due_on:%d %B %Y}",
                body=(
                    f"{deadline.label} on case {case.reference} is due on "
                    f"{deadline.due_on:%A %d %B %Y}. Record it in Tandem when it is done."
                ),
                case=case,
            )
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                object_type="case_deadline",
                object_id=deadline.pk,
                case_reference=case.reference,
                detail={"reminded": officer.pk, "kind": deadline.kind, "fields": ["reminded_at"]},
            )
        reminded += 1
    return reminded


def deadlines_escalate(*, today: date) -> int:
    """Tell the lead agency's supervisors, exactly once, about each deadline that was missed."""
    candidates = list(
        CaseDeadline.objects.filter(
            met_at__isnull=True,
            cancelled_at__isnull=True,
            escalated_at__isnull=True,
            due_on__lt=today,
        )
        .exclude(case__status=CaseStatus.CLOSED)
        .order_by("due_on", "id")
        .values_list("pk", flat=True)
    )
    escalated = 0
    for deadline_id in candidates:
        with transaction.atomic():
            now = timezone.now()
            claimed = CaseDeadline.objects.filter(
                pk=deadline_id,
                escalated_at__isnull=True,
                met_at__isnull=True,
                cancelled_at__isnull=True,
            ).update(escalated_at=now)
            if not claimed:
                continue  # met, cancelled or escalated by a concurrent run meanwhile
            deadline = CaseDeadline.objects.select_related("case", "case__officer").get(
                pk=deadline_id
            )
            _escalate(deadline, now=now)
        escalated += 1
    return escalated


def _escalate(deadline: CaseDeadline, *, now: datetime) -> None:
    case = deadline.case
    supervisors = list(
        User.objects.filter(
            agency_id=case.lead_agency_id, role=Role.SUPERVISOR, is_active=True
        ).order_by("id")
    )
    officer = case.officer.display_name if case.officer else "no officer"
    message = (
        f"{deadline.label} on case {case.reference} was due on {deadline.due_on:%d %B %Y} "
        f"and has not been met (case officer: {officer})."
    )
    Alert.objects.bulk_create(
        [
            Alert(
                recipient=supervisor,
                case=case,
                kind=AlertKind.DEADLINE_MISSED,
                message=message,
                created_at=timezone.now(),
            )
            for supervisor in supervisors
        ]
    )
    for supervisor in supervisors:
        if supervisor.email:
            notification_queue(
                channel=NotificationChannel.EMAIL,
                recipient=supervisor,
                kind="deadline-escalation",
                subject=f"Missed deadline on case {case.reference}",
                body=message,
                case=case,
            )
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        object_type="case_deadline",
        object_id=deadline.pk,
        case_reference=case.reference,
        detail={
            "escalated_to": [s.pk for s in supervisors],
            "kind": deadline.kind,
            "fields": ["escalated_at"],
        },
    )
