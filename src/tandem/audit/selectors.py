"""Reads of the audit. ``audit_events_visible_to`` is the one source of truth for which events an
auditor may read: the search page, an event's page, the CSV export and the API all start there.

An agency's auditors read
- every event by their own agency's staff (what their people did, wherever), and
- every event about a case their agency leads (who looked at or changed it, from any agency,
  refused attempts included).
An agency listed as a partnership-wide audit team (``PartnershipAuditTeam``, set in the admin)
reads every event, including failed sign-ins and background jobs, which belong to no agency.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.audit.models import AuditAction, AuditEvent, PartnershipAuditTeam
from tandem.audit.policies import may_read_audit
from tandem.cases.models import Case


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    """The audit events ``user`` may read (none unless their role reads the audit).

    One queryset: the partnership-wide check and the cases led are subqueries, so pages built
    on it keep a constant number of queries.
    """
    if not may_read_audit(user):
        return AuditEvent.objects.none()
    agency_id = user.agency_id
    partnership_wide = Exists(PartnershipAuditTeam.objects.filter(agency_id=agency_id))
    led_cases = Case.objects.filter(lead_agency_id=agency_id).values("reference")
    return AuditEvent.objects.filter(
        partnership_wide | Q(actor_agency_id=agency_id) | Q(case_reference__in=led_cases)
    )


def audit_reads_whole_partnership(user: Any) -> bool:
    """Whether ``user``'s agency is a partnership-wide audit team."""
    return may_read_audit(user) and (
        PartnershipAuditTeam.objects.filter(agency_id=user.agency_id).exists()
    )


@dataclass(frozen=True)
class AuditFilters:
    """What the auditor asked for; every part optional."""

    username: str = ""
    agency: str = ""  # an agency code: events by its staff
    case_reference: str = ""
    person_id: int | None = None
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_detail(self) -> dict[str, Any]:
        """The filters used, for the audit event that records the search itself."""
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in asdict(self).items()
            if value not in ("", None)
        }


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_search(user: Any, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The events ``user`` may read that match ``filters``, newest first, with who did each."""
    queryset = audit_events_visible_to(user)
    if filters.username:
        queryset = queryset.filter(actor__username__iexact=filters.username.strip())
    if filters.agency:
        queryset = queryset.filter(actor_agency__code=filters.agency)
    if filters.case_reference:
        queryset = queryset.filter(case_reference=filters.case_reference.strip().upper())
    if filters.person_id is not None:
        queryset = queryset.filter(
            Q(object_type="person", object_id=str(filters.person_id))
            | Q(detail__person=filters.person_id)
        )
    if filters.object_type:
        queryset = queryset.filter(object_type=filters.object_type.strip())
    if filters.object_id:
        queryset = queryset.filter(object_id=filters.object_id.strip())
    if filters.action:
        queryset = queryset.filter(action=filters.action)
    if filters.date_from:
        queryset = queryset.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(occurred_at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return queryset.select_related("actor", "actor_agency").order_by("-occurred_at", "-id")


def audit_event_get_visible(user: Any, event_id: int) -> AuditEvent:
    """One event ``user`` may read, or 404 (whether missing or not theirs)."""
    try:
        return (
            audit_events_visible_to(user).select_related("actor", "actor_agency").get(pk=event_id)
        )
    except AuditEvent.DoesNotExist:
        raise Http404("No such audit event") from None


@dataclass(frozen=True)
class CaseViewer:
    user_id: int
    name: str
    username: str
    role: str
    agency: str
    views: int
    last_viewed: datetime


def case_viewers(case: Case) -> list[CaseViewer]:
    """Who has seen ``case``: each member of staff (with the agency they were in) who viewed it,
    how often and when last, most recent first. One query, from the audit's view events."""
    rows = (
        AuditEvent.objects.filter(
            case_reference=case.reference, action=AuditAction.VIEW, actor__isnull=False
        )
        .values(
            "actor_id",
            "actor__first_name",
            "actor__last_name",
            "actor__username",
            "actor__role",
            "actor_agency__name",
        )
        .annotate(views=Count("id"), last_viewed=Max("occurred_at"))
        .order_by("-last_viewed", "actor_id")
    )
    roles = dict(Role.choices)
    return [
        CaseViewer(
            user_id=row["actor_id"],
            name=f"{row['actor__first_name']} {row['actor__last_name']}".strip()
            or row["actor__username"],
            username=row["actor__username"],
            role=str(roles.get(row["actor__role"], row["actor__role"])),
            agency=row["actor_agency__name"] or "",
            views=row["views"],
            last_viewed=row["last_viewed"],
        )
        for row in rows
    ]
