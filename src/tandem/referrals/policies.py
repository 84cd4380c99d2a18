"""Who may do what with tasks and referrals (which cases they may see is the selectors' job)."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Role
from tandem.cases.models import Case
from tandem.referrals.models import Referral, Task

# Roles that may make referrals and set tasks on a case their agency leads.
CAN_REFER: tuple[Role, ...] = (Role.CASE_OFFICER, Role.SUPERVISOR, Role.ADMINISTRATOR)
# Roles in the receiving agency that may accept, decline and complete referrals.
CAN_ANSWER_REFERRALS: tuple[Role, ...] = (
    Role.CASE_OFFICER,
    Role.SUPERVISOR,
    Role.PARTNER_WORKER,
    Role.ADMINISTRATOR,
)


def may_refer(user: Any, case: Case) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == case.lead_agency_id
        and getattr(user, "role", None) in CAN_REFER
    )


def may_answer_referral(user: Any, referral: Referral) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == referral.to_agency_id
        and getattr(user, "role", None) in CAN_ANSWER_REFERRALS
    )


def may_complete_task(user: Any, task: Task) -> bool:
    """The assignee, anyone in the assigned agency, or the lead agency's officers."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "agency_id", None):
        return False
    if task.assigned_user_id is not None and task.assigned_user_id == user.pk:
        return True
    if task.assigned_agency_id is not None and task.assigned_agency_id == user.agency_id:
        return True
    return may_refer(user, task.case)
