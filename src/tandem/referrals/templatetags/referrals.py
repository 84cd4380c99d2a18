from __future__ import annotations

from typing import Any

from django import template

from tandem.cases.models import Case
from tandem.referrals.policies import may_refer, may_set_task
from tandem.referrals.selectors import case_referrals, case_tasks

register = template.Library()


@register.inclusion_tag("referrals/_panel.html")
def case_referrals_panel(case: Case, user: Any) -> dict[str, Any]:
    return {
        "case": case,
        "referrals": case_referrals(case),
        "tasks": case_tasks(case),
        "may_refer": may_refer(user, case),
        "may_set_task": may_set_task(user, case),
    }
