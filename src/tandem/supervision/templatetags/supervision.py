from __future__ import annotations

from typing import Any

from django import template

from tandem.cases.models import Case
from tandem.supervision.selectors import supervision_panel

register = template.Library()


@register.inclusion_tag("supervision/_case_panel.html")
def case_supervision_panel(case: Case, user: Any) -> dict[str, Any]:
    return {"case": case, "panel": supervision_panel(user=user, case=case)}
