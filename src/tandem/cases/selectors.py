"""Reads of cases. ``cases_visible_to`` is the one source of truth for who sees which case:
every list, detail page, search, export, count and API endpoint starts from it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from tandem.accounts.models import RecordScope, User
from tandem.accounts.permissions import user_record_scope
from tandem.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus
from tandem.incidents.models import Incident, IncidentPerson, PersonRole
from tandem.sharing.selectors import partner_access


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """The cases ``user`` may see: those led by their own agency, and those opened to their
    agency by an in-force share (an accepted referral makes one) or an active partnership rule
    (``tandem.sharing.selectors.partner_access``). The record scope of the user's role
    (``tandem.accounts.models.RolePermissions``) then narrows or widens that: ``own`` keeps the
    cases they are the officer for, ``agency`` those their agency leads, ``shared`` all of the
    above, ``partnership`` every case.

    One queryset (``EXISTS`` subqueries and conditions on the case's own columns, no join), so
    no case is listed twice and counts and query numbers stay constant.
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "agency_id", None):
        return Case.objects.none()
    scope = user_record_scope(user)
    if scope == RecordScope.PARTNERSHIP:
        return Case.objects.all()
    own_agency = Q(lead_agency_id=user.agency_id)
    if scope == RecordScope.AGENCY:
        return Case.objects.filter(own_agency)
    visible = Case.objects.filter(own_agency | partner_access(user))
    if scope == RecordScope.OWN:
        return visible.filter(officer_id=user.pk)
    return visible


def case_get_visible(user: User, reference: str) -> Case:
    """One visible case with everything its page shows, or 404 — whether it is missing or not
    the user's to see, so the answer reveals nothing."""
    incidents = (
        Incident.objects.select_related("category", "ward", "receiving_agency")
        .prefetch_related(
            "types",
            "hate_strands",
            Prefetch(
                "involvements",
                queryset=IncidentPerson.objects.select_related("person").order_by("role", "id"),
            ),
        )
        .order_by("-reported_at")
    )
    # Which other agencies see a case is the lead agency's to know: a partner's copy of the
    # case leaves out the events recording shares (tandem.sharing).
    events = CaseEvent.objects.select_related("actor").exclude(
        ~Q(case__lead_agency_id=getattr(user, "agency_id", None)),
        kind__in=[CaseEventKind.SHARED, CaseEventKind.SHARE_REVOKED],
    )
    queryset = (
        cases_visible_to(user)
        .select_related("lead_agency", "officer", "category", "ward", "ward__parent")
        .prefetch_related(
            Prefetch("incidents", queryset=incidents),
            Prefetch("events", queryset=events),
        )
    )
    try:
        return queryset.get(reference=reference.upper())
    except Case.DoesNotExist:
        raise Http404("No such case") from None


class QueueScope:
    MINE = "mine"
    AGENCY = "agency"


@dataclass(frozen=True)
class QueueFilters:
    scope: str = QueueScope.MINE
    statuses: tuple[str, ...] = ()
    category: str = ""
    ward: str = ""
    include_closed: bool = False


def work_queue(user: User, filters: QueueFilters) -> QuerySet[Case]:
    """The cases to work, most urgent first: by priority, then the nearest deadline."""
    queryset = cases_visible_to(user)
    if filters.scope == QueueScope.MINE:
        queryset = queryset.filter(officer=user)
    if filters.statuses:
        queryset = queryset.filter(status__in=filters.statuses)
    elif not filters.include_closed:
        queryset = queryset.exclude(status=CaseStatus.CLOSED)
    if filters.category:
        queryset = queryset.filter(category__code=filters.category)
    if filters.ward:
        queryset = queryset.filter(ward__ons_code=filters.ward)
    return queryset.select_related("officer", "category", "ward", "lead_agency").order_by(
        "priority", "next_deadline", "-opened_at", "id"
    )


@dataclass(frozen=True)
class CaseSuggestion:
    case: Case
    reasons: tuple[str, ...]


def open_cases_related_to(
    user: User, *, person_ids: Iterable[int], postcode: str = "", address: str = ""
) -> list[CaseSuggestion]:
    """Open cases the user can see that involve the same victim or the same address."""
    person_ids = [pk for pk in person_ids if pk]
    by_person = (
        Q(
            incidents__involvements__person_id__in=person_ids,
            incidents__involvements__role=PersonRole.VICTIM,
        )
        if person_ids
        else Q(pk__in=[])
    )
    by_place = Q(pk__in=[])
    if postcode and address:
        by_place = Q(postcode=postcode, address__iexact=address.strip())
    candidates = (
        cases_visible_to(user)
        .exclude(status=CaseStatus.CLOSED)
        .filter(by_person | by_place)
        .select_related("category", "officer")
        .distinct()
        .order_by("priority", "-opened_at")[:10]
    )
    cases = list(candidates)
    victim_case_ids = set(
        IncidentPerson.objects.filter(
            incident__case__in=cases, person_id__in=person_ids, role=PersonRole.VICTIM
        ).values_list("incident__case_id", flat=True)
    )
    suggestions = []
    for case in cases:
        reasons = []
        if case.pk in victim_case_ids:
            reasons.append("same victim")
        if (
            postcode
            and case.postcode == postcode
            and case.address.lower() == address.strip().lower()
        ):
            reasons.append("same address")
        suggestions.append(CaseSuggestion(case=case, reasons=tuple(reasons)))
    return suggestions
