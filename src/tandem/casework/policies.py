"""Who may do case work: what a role may do, separate from which cases it may see."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Role
from tandem.cases.models import Case

# Roles that may keep a contact plan and log contacts on a case their agency leads.
CAN_LOG_CONTACTS: tuple[Role, ...] = (Role.CASE_OFFICER, Role.SUPERVISOR, Role.ADMINISTRATOR)

# Roles that may (re)assign a case: its officer, or the lead agency's supervisors.
CAN_ASSIGN: tuple[Role, ...] = (Role.CASE_OFFICER, Role.SUPERVISOR)


def _in_lead_agency(user: Any, case: Case) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == case.lead_agency_id
    )


def may_log_contacts(user: Any, case: Case) -> bool:
    return _in_lead_agency(user, case) and getattr(user, "role", None) in CAN_LOG_CONTACTS


def may_assign(user: Any, case: Case) -> bool:
    """A supervisor of the lead agency, or the case's own officer."""
    if not _in_lead_agency(user, case):
        return False
    role = getattr(user, "role", None)
    if role == Role.SUPERVISOR:
        return True
    return role == Role.CASE_OFFICER and case.officer_id == getattr(user, "pk", None)
