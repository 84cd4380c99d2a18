"""Pages of supervision: record a supervisor review; list, record and read case conferences."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tandem.accounts.models import Capability, User
from tandem.audit.services import audit_list, audit_view
from tandem.cases.selectors import case_get_visible
from tandem.core.forms import posted
from tandem.core.policies import capability
from tandem.supervision.forms import (
    ActionFormSet,
    ConferenceForm,
    DiscussedCaseFormSet,
    SupervisorReviewForm,
)
from tandem.supervision.policies import may_record_conference, may_review
from tandem.supervision.selectors import conference_get, conference_list
from tandem.supervision.services import (
    conference_record,
    default_next_review,
    supervisor_review_record,
)


@capability(Capability.REVIEW)
def review_new(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not may_review(user, case):
        raise PermissionDenied
    default = default_next_review(case)
    form = SupervisorReviewForm(posted(request), initial={"next_review_on": default})
    if request.method == "POST" and form.is_valid():
        try:
            supervisor_review_record(
                case=case,
                actor=user,
                decision=form.cleaned_data["decision"],
                notes=form.cleaned_data["notes"],
                next_review_on=form.cleaned_data["next_review_on"],
                later_reason=form.cleaned_data["later_reason"],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, "Supervisor review recorded")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="review_new", case_reference=case.reference)
    return render(
        request,
        "supervision/review_form.html",
        {"case": case, "form": form, "default_next_review": default},
    )


@capability(Capability.CONFERENCES)
def conference_index(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    conferences = conference_list(user)
    audit_list(
        actor=user, page="conferences", object_type="case_conference", count=len(conferences)
    )
    return render(
        request,
        "supervision/conference_list.html",
        {
            "conferences": conferences,
            "may_record": may_record_conference(user),
        },
    )


@capability(Capability.RECORD_CONFERENCES)
def conference_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    data = posted(request)
    initial_case = request.GET.get("case", "")
    form = ConferenceForm(data, initial={"held_date": timezone.localdate()})
    cases = DiscussedCaseFormSet(
        data, prefix="cases", initial=[{"reference": initial_case}] if initial_case else None
    )
    actions = ActionFormSet(data, prefix="actions", form_kwargs={"agency_id": user.agency_id})
    if request.method == "POST" and form.is_valid() and cases.is_valid() and actions.is_valid():
        try:
            conference = conference_record(
                actor=user,
                title=form.cleaned_data["title"],
                held_at=form.held_at(),
                chair=form.cleaned_data["chair"],
                location=form.cleaned_data["location"],
                online=form.cleaned_data["online"],
                agencies_present=list(form.cleaned_data["agencies_present"]),
                discussed=[row for row in (f.row() for f in cases.forms) if row is not None],
                actions=[row for row in (f.row() for f in actions.forms) if row is not None],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, "Case conference recorded")
            return redirect("supervision:conference", conference_id=conference.pk)
    return render(
        request,
        "supervision/conference_form.html",
        {"form": form, "cases": cases, "actions": actions},
    )


@capability(Capability.CONFERENCES)
def conference_detail(request: HttpRequest, conference_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    detail = conference_get(user, conference_id)
    audit_view(
        actor=user,
        page="conference",
        object_type="case_conference",
        object_id=detail.conference.pk,
        detail={"cases": [row.case.reference for row in detail.discussions]},
    )
    return render(request, "supervision/conference_detail.html", {"detail": detail})
