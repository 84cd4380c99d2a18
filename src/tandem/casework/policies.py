"""Who may do case work: what a role may do, separate from which cases it may see."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Capability
from tandem.accounts.permissions import user_can
from tandem.cases.models import Case


def _in_lead_agency(user: Any, case: Case) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == case.lead_agency_id
    )


def may_log_contacts(user: Any, case: Case) -> bool:
    """Keep a contact plan and log contacts on a case the user's agency leads."""
    return _in_lead_agency(user, case) and user_can(user, Capability.WORK_CASES)


def may_assign(user: Any, case: Case) -> bool:
    """Someone of the lead agency who may assign any case (a supervisor by default), or the
    case's own officer (who may pass it on)."""
    if not _in_lead_agency(user, case):
        return False
    if user_can(user, Capability.ASSIGN):
        return True
    return case.officer_id == getattr(user, "pk", None) and user_can(user, Capability.WORK_CASES)


def may_change_lead_agency(user: Any, case: Case) -> bool:
    """Move the case to another lead agency: an approver (a supervisor by default) of the
    agency that leads it now."""
    return _in_lead_agency(user, case) and user_can(user, Capability.APPROVE)
