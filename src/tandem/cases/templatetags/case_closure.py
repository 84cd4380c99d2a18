"""The case page's closure block: ``{% closure_panel case %}``."""

from __future__ import annotations

from typing import Any

from django import template

from tandem.cases.models import Case
from tandem.cases.policies import may_manage_case

register = template.Library()


@register.inclusion_tag("cases/_closure_panel.html", takes_context=True)
def closure_panel(context: template.Context, case: Case) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    closed = case.status == "closed"
    return {
        "case": case,
        "may_manage": may_manage_case(user, case),
        "invitations": list(case.survey_invitations.all()) if closed else [],
        "responses": list(case.survey_responses.all()) if closed else [],
    }
