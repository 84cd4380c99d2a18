"""The risk assessment page: asked in the log-a-report journey for Personal incidents, offered
for Nuisance, and open any time from the case page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from tandem.accounts.models import Capability, User
from tandem.audit.services import audit_view
from tandem.cases.selectors import case_get_visible
from tandem.core.policies import capability
from tandem.incidents.models import Incident, PersonRole
from tandem.people.selectors import repeat_victim_summary
from tandem.risk.forms import AssessmentForm
from tandem.risk.policies import may_assess, may_lower_band
from tandem.risk.selectors import case_victims, current_assessments_by_person, published_matrix
from tandem.risk.services import assessment_record


@capability(Capability.ASSESS_RISK)
def assess(request: HttpRequest, reference: str, person_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = case_get_visible(user, reference)
    if not may_assess(user, case):
        raise PermissionDenied  # a partner who can see the case, but does not lead it
    person = next((victim for victim in case_victims(case) if victim.pk == person_id), None)
    if person is None:
        raise Http404("No such victim on this case")
    matrix = published_matrix()
    from_report = request.GET.get("from") == "report"
    context: dict[str, Any] = {
        "case": case,
        "person": person,
        "matrix": matrix,
        "from_report": from_report,
        "previous": current_assessments_by_person(case).get(person.pk),
        "repeat": repeat_victim_summary([person.pk]),
        "may_lower": may_lower_band(user),
    }
    if matrix is None:
        return _render_assess(request, context)

    form = AssessmentForm(request.POST or None, matrix=matrix)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_record(
                case=case,
                person=person,
                actor=user,
                answers=form.answers(),
                override_band=form.chosen_band(),
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(
                request,
                f"{person.full_name} assessed: {assessment.get_band_display().lower()} risk "
                f"(score {assessment.score})",
            )
            return redirect("cases:detail", reference=case.reference)
    context["form"] = form
    return _render_assess(request, context)


def _render_assess(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    audit_view(
        actor=request.user,  # type: ignore[arg-type]
        page="risk_assess",
        case_reference=context["case"].reference,
        object_type="person",
        object_id=context["person"].pk,
    )
    return render(request, "risk/assess.html", context)


# After a report is logged: which categories are asked the risk questions at once, and which are
# offered them on the case page. Environmental reports go to the case page, where the officer can
# still choose to assess.
ASKED = "asked"
OFFERED = "offered"
ASSESSMENT_IN_JOURNEY = {"personal": ASKED, "nuisance": OFFERED}


def url_after_report(user: User, incident: Incident) -> str:
    """Where the log-a-report journey goes once the report is stored."""
    case_url = reverse("cases:detail", kwargs={"reference": incident.case.reference})
    step = ASSESSMENT_IN_JOURNEY.get(incident.category.code)
    victim = (
        incident.involvements.filter(role=PersonRole.VICTIM).order_by("id").first()
        if step is not None and may_assess(user, incident.case)
        else None
    )
    if victim is None:
        return case_url
    if step == ASKED:
        url = reverse(
            "risk:assess",
            kwargs={"reference": incident.case.reference, "person_id": victim.person_id},
        )
        return f"{url}?from=report"
    return f"{case_url}?risk=offer"
