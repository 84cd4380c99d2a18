from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tandem.accounts.models import Capability, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.forms import QueueFilterForm, TimelineFilterForm
from tandem.cases.models import CaseStatus
from tandem.cases.selectors import QueueScope, case_get_visible, work_queue
from tandem.cases.summary import case_people, case_summary
from tandem.cases.timeline import case_timeline
from tandem.casework.selectors import casework_panel
from tandem.core.policies import capability, signed_in
from tandem.people.selectors import case_people_panel
from tandem.risk.policies import may_assess


@signed_in
def queue(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    filter_form = QueueFilterForm(request.GET or None)
    filters = filter_form.filters()
    paginator = Paginator(work_queue(user, filters), settings.TANDEM_WORK_QUEUE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    audit_record(
        actor=user,
        action=AuditAction.SEARCH,
        object_type="case",
        request=request,
        detail={
            "scope": filters.scope,
            "status": list(filters.statuses),
            "category": filters.category,
            "ward": filters.ward,
            "page": page.number,
            "count": paginator.count,
        },
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/queue.html",
        {
            "page": page,
            "filter_form": filter_form,
            "filters": filters,
            "scopes": [(QueueScope.MINE, "My cases"), (QueueScope.AGENCY, "My agency's cases")],
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@signed_in
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="case",
            object_id=case.reference,
            case_reference=case.reference,
            request=request,
        )
    people = case_people(case)
    victim_risks = people.victim_risks
    filter_form = TimelineFilterForm(request.GET if "kind" in request.GET else None)
    kinds = filter_form.kinds()
    assessable = may_assess(user, case) and case.status != CaseStatus.CLOSED
    # Offered after a Nuisance report: the first victim not yet assessed.
    offer = request.GET.get("risk") == "offer" and assessable
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "incidents": people.incidents,
            "involvements": people.involvements,
            "timeline": case_timeline(case, kinds=kinds, user=user),
            "timeline_form": filter_form,
            "timeline_filtered": bool(kinds),
            "people_panel": case_people_panel(
                user=user, case=case, involvements=people.involvements
            ),
            "today": timezone.localdate(),
            "casework": casework_panel(user=user, case=case),
            "victim_risks": victim_risks,
            "may_assess": assessable,
            "offer_assessment": next(
                (row.person for row in victim_risks if offer and row.assessment is None), None
            ),
        },
    )


@capability(Capability.EXPORT)
def summary(request: HttpRequest, reference: str) -> HttpResponse:
    """The whole case on one page, for printing: facts, people, incidents, risk, deadlines,
    actions, referrals and the full timeline. Audited as an export."""
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.EXPORT,
            object_type="case_summary",
            object_id=case.reference,
            case_reference=case.reference,
            request=request,
        )
    return render(
        request,
        "cases/summary.html",
        {
            "summary": case_summary(user=user, case=case),
            "case": case,
            "today": timezone.localdate(),
            "printed_at": timezone.localtime(),
        },
    )
