"""What a role may do with a case (which cases it may see is ``cases_visible_to``)."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Role
from tandem.cases.models import Case

# Roles that may change a case's status, close it, reopen it and record survey answers.
CAN_MANAGE_CASE: tuple[Role, ...] = (Role.CASE_OFFICER, Role.SUPERVISOR, Role.ADMINISTRATOR)


def may_manage_case(user: Any, case: Case) -> bool:
    """Staff of the case's lead agency in a role that works cases."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == case.lead_agency_id
        and getattr(user, "role", None) in CAN_MANAGE_CASE
    )
