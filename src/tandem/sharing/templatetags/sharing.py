from __future__ import annotations

from typing import Any

from django import template

from tandem.cases.models import Case
from tandem.sharing.selectors import sharing_panel

register = template.Library()


@register.inclusion_tag("sharing/_panel.html")
def case_sharing_panel(case: Case, user: Any) -> dict[str, Any]:
    return {"case": case, "panel": sharing_panel(user=user, case=case)}
