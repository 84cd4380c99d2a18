"""Who may do what with tasks and referrals (which cases they may see is the selectors' job)."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Capability
from tandem.accounts.permissions import user_can
from tandem.cases.models import Case
from tandem.referrals.models import Referral, Task


def _in_lead_agency(user: Any, case: Case) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == case.lead_agency_id
    )


def may_refer(user: Any, case: Case) -> bool:
    """Make a referral from a case the user's agency leads."""
    return _in_lead_agency(user, case) and user_can(user, Capability.REFER)


def may_set_task(user: Any, case: Case) -> bool:
    """Set a task on a case the user's agency leads."""
    return _in_lead_agency(user, case) and user_can(user, Capability.WORK_CASES)


def may_answer_referral(user: Any, referral: Referral) -> bool:
    """Accept, decline or complete a referral made to the user's agency."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == referral.to_agency_id
        and user_can(user, Capability.ANSWER_REFERRALS)
    )


def may_complete_task(user: Any, task: Task) -> bool:
    """The assignee, anyone in the assigned agency, or those who may set tasks on the case."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "agency_id", None):
        return False
    if task.assigned_user_id is not None and task.assigned_user_id == user.pk:
        return True
    if task.assigned_agency_id is not None and task.assigned_agency_id == user.agency_id:
        return True
    return may_set_task(user, task.case)
