"""Sharing a case and revoking a share (the lead agency's supervisors and administrators), and
the information-sharing agreements register (read by all staff, kept by administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.services import audit_view
from tandem.cases.selectors import case_get_visible
from tandem.core.policies import capability, signed_in
from tandem.sharing.forms import (
    SHARE_FIELD_FOR_ERROR,
    AgreementForm,
    RevokeForm,
    ShareForm,
    add_service_errors,
)
from tandem.sharing.models import SharingAgreement
from tandem.sharing.policies import (
    CAN_KEEP_REGISTER,
    CAN_SHARE,
    can_keep_register,
    can_share_case,
)
from tandem.sharing.selectors import (
    agreement_get,
    agreement_usage,
    agreements_register,
    case_share_get,
)
from tandem.sharing.services import (
    agreement_save,
    case_share_grant,
    case_share_revoke,
    end_of_day,
)


@capability(*CAN_SHARE)
def share_new(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not can_share_case(user, case):
        raise PermissionDenied
    form = ShareForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            share = case_share_grant(
                case=case,
                agency=data["agency"],
                purpose=data["purpose"],
                legal_basis=data["legal_basis"],
                agreement=data["agreement"],
                expires_at=end_of_day(data["expires_on"]) if data["expires_on"] else None,
                actor=user,
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict, SHARE_FIELD_FOR_ERROR)
        else:
            messages.success(request, f"Case {case.reference} shared with {share.agency.name}")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="share-new", case_reference=case.reference)
    return render(request, "sharing/share_form.html", {"case": case, "form": form})


@capability(*CAN_SHARE)
def share_revoke(request: HttpRequest, reference: str, share_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not can_share_case(user, case):
        raise PermissionDenied
    share = case_share_get(case, share_id)
    if not share.open:
        messages.info(request, f"The share with {share.agency.name} has already ended")
        return redirect("cases:detail", reference=case.reference)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_share_revoke(share=share, actor=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, f"Share with {share.agency.name} revoked")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="share-revoke", case_reference=case.reference)
    return render(request, "sharing/revoke.html", {"case": case, "share": share, "form": form})


@signed_in
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = list(agreements_register())
    today = timezone.localdate()
    return render(
        request,
        "sharing/agreement_list.html",
        {
            "rows": [(agreement, agreement.review_state(today)) for agreement in agreements],
            "today": today,
            "may_edit": can_keep_register(request.user),
            "overdue": sum(1 for a in agreements if a.review_state(today) == "overdue"),
        },
    )


@signed_in
def agreement_detail(request: HttpRequest, reference: str) -> HttpResponse:
    agreement = agreement_get(reference)
    today = timezone.localdate()
    return render(
        request,
        "sharing/agreement_detail.html",
        {
            "agreement": agreement,
            "review_state": agreement.review_state(today),
            "in_force": agreement.in_force(today),
            "usage": agreement_usage(agreement),
            "may_edit": can_keep_register(request.user),
        },
    )


@capability(*CAN_KEEP_REGISTER)
def agreement_new(request: HttpRequest) -> HttpResponse:
    return _agreement_form(request, SharingAgreement())


@capability(*CAN_KEEP_REGISTER)
def agreement_edit(request: HttpRequest, reference: str) -> HttpResponse:
    return _agreement_form(request, agreement_get(reference))


def _agreement_form(request: HttpRequest, agreement: SharingAgreement) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    creating = agreement.pk is None
    form = AgreementForm(
        request.POST or None,
        instance=agreement,
        initial={} if creating else {"parties": list(agreement.parties.all())},
    )
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        try:
            saved = agreement_save(
                agreement=instance,
                parties=form.cleaned_data["parties"],
                actor=user,
                changed=form.changed_data,
            )
        except ValidationError as error:
            add_service_errors(form, error.message_dict)
        else:
            messages.success(
                request, f"Agreement {saved.reference} {'added' if creating else 'saved'}"
            )
            return redirect("sharing:agreement", reference=saved.reference)
    return render(
        request,
        "sharing/agreement_form.html",
        {"form": form, "agreement": None if creating else agreement},
    )
