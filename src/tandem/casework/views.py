"""Pages of case work: log a contact, agree a contact plan, (re)assign the case."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.accounts.models import Capability, User
from tandem.audit.services import audit_view
from tandem.cases.selectors import case_get_visible
from tandem.casework.forms import AssignForm, ContactLogForm, ContactPlanForm, LeadAgencyForm
from tandem.casework.models import ContactPlan
from tandem.casework.policies import may_assign, may_change_lead_agency, may_log_contacts
from tandem.casework.services import (
    case_assign_officer,
    case_change_lead_agency,
    contact_log,
    contact_plan_save,
)
from tandem.core.forms import posted
from tandem.core.policies import capability
from tandem.risk.selectors import case_victims


@capability(Capability.WORK_CASES)
def contact_new(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not may_log_contacts(user, case):
        raise PermissionDenied
    victims = case_victims(case)
    form = ContactLogForm(posted(request), people=victims)
    if request.method == "POST" and form.is_valid():
        try:
            contact_log(
                case=case,
                actor=user,
                person=form.chosen_person(),
                occurred_at=form.occurred_at(),
                channel=form.cleaned_data["channel"],
                direction=form.cleaned_data["direction"],
                summary=form.cleaned_data["summary"],
                told_who_leads=form.cleaned_data["told_who_leads"],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, "Contact logged")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="contact_new", case_reference=case.reference)
    return render(
        request, "casework/contact_form.html", {"case": case, "form": form, "victims": victims}
    )


@capability(Capability.WORK_CASES)
def contact_plan(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not may_log_contacts(user, case):
        raise PermissionDenied
    person = next((victim for victim in case_victims(case) if victim.pk == person_id), None)
    if person is None:
        raise Http404("No such victim on this case")
    plan = ContactPlan.objects.filter(case=case, person=person).first()
    initial: dict[str, Any] = {}
    if plan is not None:
        initial = {
            "channel": plan.channel,
            "frequency_days": str(plan.frequency_days),
            "best_times": plan.best_times,
        }
    elif person.preferred_channel:
        initial = {"channel": person.preferred_channel}
    form = ContactPlanForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contact_plan_save(
                case=case,
                person=person,
                actor=user,
                channel=form.cleaned_data["channel"],
                frequency_days=form.cleaned_data["frequency_days"],
                best_times=form.cleaned_data["best_times"],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, f"Contact plan for {person.full_name} saved")
            return redirect("cases:detail", reference=case.reference)
    audit_view(
        actor=user,
        page="contact_plan",
        case_reference=case.reference,
        object_type="person",
        object_id=person.pk,
    )
    return render(
        request,
        "casework/plan_form.html",
        {"case": case, "form": form, "person": person, "plan": plan},
    )


@capability(Capability.ASSIGN, Capability.WORK_CASES)
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not may_assign(user, case):
        raise PermissionDenied
    form = AssignForm(
        posted(request), agency=case.lead_agency, initial={"officer": case.officer_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            case_assign_officer(
                case=case,
                officer=form.cleaned_data["officer"],
                actor=user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, "Case officer changed")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="assign", case_reference=case.reference)
    return render(request, "casework/assign_form.html", {"case": case, "form": form})


@capability(Capability.APPROVE)
def lead_agency(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not may_change_lead_agency(user, case):
        raise PermissionDenied
    form = LeadAgencyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            case_change_lead_agency(
                case=case,
                agency=form.cleaned_data["agency"],
                actor=user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, "Lead agency changed: the new agency now leads the case")
            # The case may no longer be visible to this agency.
            return redirect("cases:queue")
    audit_view(actor=user, page="lead_agency", case_reference=case.reference)
    return render(request, "casework/lead_agency_form.html", {"case": case, "form": form})
