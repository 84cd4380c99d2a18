from __future__ import annotations

from typing import Any

from django import template

from tandem.cases.models import Case
from tandem.powers.policies import may_record_power
from tandem.powers.selectors import case_power_uses

register = template.Library()


@register.inclusion_tag("powers/_panel.html")
def case_powers_panel(case: Case, user: Any) -> dict[str, Any]:
    return {"case": case, "uses": list(case_power_uses(case)), "may_record": may_record_power(user)}
