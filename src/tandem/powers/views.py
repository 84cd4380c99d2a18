"""Recording a power or intervention on a case."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.accounts.models import Capability, User
from tandem.audit.services import audit_view
from tandem.cases.selectors import case_get_visible
from tandem.core.forms import combine_local
from tandem.core.policies import capability
from tandem.powers.forms import PowerUseForm
from tandem.powers.selectors import case_people
from tandem.powers.services import PowerWarnings, power_record


@capability(Capability.CONTRIBUTE)
def record(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    form = PowerUseForm(request.POST or None, people=case_people(case))
    warnings: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            use = power_record(
                case=case,
                actor=user,
                power=data["power"],
                respondent_kind=data["respondent_kind"],
                respondent_person=data["respondent_person"],
                respondent_name=data["respondent_name"],
                respondent_disabled=data["respondent_disabled"],
                issued_on=data["issued_on"],
                starts_at=combine_local(data["issued_on"], data["start_time"]),
                served_on=data["served_on"],
                duration=data["duration"],
                duration_unit=data["duration_unit"],
                indefinite=data["indefinite"],
                conviction_reference=data["conviction_reference"],
                grounds_on=data["grounds_on"],
                grounds_closure_order=data["grounds_closure_order"],
                authorised_by=data["authorised_by"],
                senior_authorisation=data["senior_authorisation"],
                notes=data["notes"],
                acknowledged=form.acknowledged(),
            )
        except PowerWarnings as error:
            warnings = error.warnings
            post = request.POST.copy()
            post["warning_codes"] = ",".join(warning.code for warning in warnings)
            form = PowerUseForm(post, people=case_people(case))
            form.is_valid()
            if request.POST.get("warning_codes"):
                form.add_error("confirm_warnings", "Confirm you have considered the warnings")
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, f"{use.power.name} recorded")
            return redirect("cases:detail", reference=case.reference)
    audit_view(actor=user, page="power_new", case_reference=case.reference)
    return render(request, "powers/record.html", {"case": case, "form": form, "warnings": warnings})
