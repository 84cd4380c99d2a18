from __future__ import annotations

from typing import Any

from django import template

from tandem.audit.policies import may_read_audit, may_see_case_viewers
from tandem.audit.selectors import case_viewers
from tandem.cases.models import Case

register = template.Library()


@register.inclusion_tag("audit/_case_viewers.html")
def case_viewers_panel(case: Case, user: Any) -> dict[str, Any]:
    """ "Who has seen this case", for the lead agency's supervisors and auditors only (one query)."""
    if not may_see_case_viewers(user, case):
        return {"shown": False}
    return {
        "shown": True,
        "case": case,
        "viewers": case_viewers(case),
        "may_read_audit": may_read_audit(user),
    }
