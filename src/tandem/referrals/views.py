"""Tasks and referrals: making a referral and setting a task from the case page, and the
receiving agency's referral inbox."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.accounts.models import Capability, User
from tandem.audit.services import audit_list, audit_view
from tandem.cases.selectors import case_get_visible, cases_visible_to
from tandem.core.policies import capability
from tandem.referrals.forms import CompleteForm, DeclineForm, ReferralForm, TaskForm
from tandem.referrals.models import Referral, ReferralStatus, Task
from tandem.referrals.policies import may_refer, may_set_task
from tandem.referrals.selectors import referral_for_receiver, referral_inbox
from tandem.referrals.services import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_make,
    task_complete,
    task_create,
)


@capability(Capability.REFER)
def make(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not may_refer(user, case):
        raise PermissionDenied
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = referral_make(
                case=case,
                actor=user,
                service=form.cleaned_data["service"],
                to_agency=form.cleaned_data["to_agency"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, f"Referred to {referral.service.name}")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="referral_new", case_reference=case.reference)
    return render(request, "referrals/make.html", {"case": case, "form": form})


@capability(Capability.ANSWER_REFERRALS)
def inbox(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    referrals = list(referral_inbox(user))
    audit_list(actor=user, page="referral_inbox", object_type="referral", count=len(referrals))
    return render(
        request,
        "referrals/inbox.html",
        {
            "requested": [r for r in referrals if r.status == ReferralStatus.REQUESTED],
            "accepted": [r for r in referrals if r.status == ReferralStatus.ACCEPTED],
            "decline_form": DeclineForm(),
        },
    )


@capability(Capability.ANSWER_REFERRALS)
@require_POST
def accept(request: HttpRequest, referral_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    referral = referral_for_receiver(user, referral_id)
    try:
        referral_accept(referral=referral, actor=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("referrals:inbox")
    messages.success(
        request, f"Referral accepted: case {referral.case.reference} is now open to you"
    )
    return redirect("cases:detail", reference=referral.case.reference)


@capability(Capability.ANSWER_REFERRALS)
def decline(request: HttpRequest, referral_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    referral = referral_for_receiver(user, referral_id)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral_decline(
                referral=referral, actor=user, reason=form.cleaned_data["decline_reason"]
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, "Referral declined")
            return redirect("referrals:inbox")
    _audit_referral_page(user, referral, "referral_decline")
    return render(request, "referrals/decline.html", {"referral": referral, "form": form})


@capability(Capability.ANSWER_REFERRALS)
def complete(request: HttpRequest, referral_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    referral = referral_for_receiver(user, referral_id)
    if referral.status != ReferralStatus.ACCEPTED:
        raise Http404("No such accepted referral")
    form = CompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral_complete(referral=referral, actor=user, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, "Referral completed")
            return redirect("referrals:inbox")
    _audit_referral_page(user, referral, "referral_complete")
    return render(request, "referrals/complete.html", {"referral": referral, "form": form})


def _audit_referral_page(user: User, referral: Referral, page: str) -> None:
    audit_view(
        actor=user,
        page=page,
        case_reference=referral.case.reference,
        object_type="referral",
        object_id=referral.pk,
    )


@capability(Capability.WORK_CASES)
def task_new(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not may_set_task(user, case):
        raise PermissionDenied
    assert user.agency is not None
    form = TaskForm(request.POST or None, agency=user.agency)
    if request.method == "POST" and form.is_valid():
        try:
            task_create(case=case, actor=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, "Task set")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="task_new", case_reference=case.reference)
    return render(request, "referrals/task.html", {"case": case, "form": form})


@capability(Capability.ANSWER_REFERRALS, Capability.WORK_CASES)
@require_POST
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        task = Task.objects.select_related("case").get(pk=task_id, case__in=cases_visible_to(user))
    except Task.DoesNotExist:
        raise Http404("No such task") from None
    try:
        task_complete(task=task, actor=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Task done")
    return redirect("cases:detail", reference=task.case.reference)
