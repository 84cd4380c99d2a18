from __future__ import annotations

from typing import Any

from django import template

from tandem.cases.models import Case
from tandem.evidence.selectors import evidence_panel

register = template.Library()


@register.inclusion_tag("evidence/_panel.html")
def case_evidence_panel(case: Case, user: Any) -> dict[str, Any]:
    return {"case": case, "evidence": evidence_panel(user=user, case=case)}
