"""Pages to change a case's status, close and reopen it, print its closure letter and record
the victim's satisfaction survey. Thin: parse, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.accounts.models import Capability, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record, audit_view
from tandem.cases.closure import case_close, case_reopen, case_status_change, survey_response_record
from tandem.cases.closure_forms import (
    CaseStatusForm,
    CloseCaseForm,
    ReopenCaseForm,
    SurveyResponseForm,
)
from tandem.cases.models import Case, CaseStatus
from tandem.cases.policies import may_manage_case
from tandem.cases.selectors import case_get_visible
from tandem.core.forms import posted
from tandem.core.policies import capability
from tandem.risk.selectors import case_victims


def _managed_case(request: HttpRequest, reference: str) -> tuple[User, Case]:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)  # 404 when not the user's to see
    if not may_manage_case(user, case):
        raise PermissionDenied
    return user, case


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@capability(Capability.CLOSE_CASES)
def status_change(request: HttpRequest, reference: str) -> HttpResponse:
    user, case = _managed_case(request, reference)
    if case.status == CaseStatus.CLOSED:
        return redirect("cases:reopen", reference=case.reference)
    form = CaseStatusForm(posted(request), initial={"status": case.status})
    if request.method == "POST" and form.is_valid():
        try:
            case_status_change(
                case=case,
                actor=user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"Case {case.reference} is now {case.get_status_display().lower()}"
            )
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="status", case_reference=case.reference)
    return render(request, "cases/status.html", {"case": case, "form": form})


@capability(Capability.CLOSE_CASES)
def close(request: HttpRequest, reference: str) -> HttpResponse:
    user, case = _managed_case(request, reference)
    if case.status == CaseStatus.CLOSED:
        messages.info(request, f"Case {case.reference} is already closed")
        return redirect("cases:detail", reference=case.reference)
    form = CloseCaseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            case_close(
                case=case,
                actor=user,
                reason=form.cleaned_data["reason"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Case {case.reference} closed")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="close", case_reference=case.reference)
    return render(
        request,
        "cases/close.html",
        {"case": case, "form": form, "victims": case_victims(case)},
    )


@capability(Capability.CLOSE_CASES)
def reopen(request: HttpRequest, reference: str) -> HttpResponse:
    user, case = _managed_case(request, reference)
    if case.status != CaseStatus.CLOSED:
        return redirect("cases:detail", reference=case.reference)
    form = ReopenCaseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            case_reopen(case=case, actor=user, reason_text=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Case {case.reference} reopened")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="reopen", case_reference=case.reference)
    return render(request, "cases/reopen.html", {"case": case, "form": form})


@capability(Capability.CLOSE_CASES)
def closure_letter(request: HttpRequest, reference: str) -> HttpResponse:
    """The closure letter to each victim, ready to print (one page per victim)."""
    user, case = _managed_case(request, reference)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="closure_letter",
        object_id=case.reference,
        case_reference=case.reference,
        request=request,
    )
    invitations = {invitation.person_id: invitation for invitation in case.survey_invitations.all()}
    letters = [
        {"person": victim, "invitation": invitations.get(victim.pk)}
        for victim in case_victims(case)
    ]
    return render(
        request,
        "cases/closure_letter.html",
        {"case": case, "letters": letters, "officer": case.officer},
    )


@capability(Capability.CLOSE_CASES)
def survey_response(request: HttpRequest, reference: str) -> HttpResponse:
    user, case = _managed_case(request, reference)
    invitation = case.survey_invitations.filter(responded_at__isnull=True).first()
    form = SurveyResponseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            survey_response_record(
                case=case,
                actor=user,
                answers=form.answers(),
                comments=form.cleaned_data["comments"],
                invitation=invitation,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Survey answers recorded")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="survey", case_reference=case.reference)
    return render(
        request,
        "cases/survey_response.html",
        {"case": case, "form": form, "invitation": invitation},
    )
