"""Who may assess risk: what a role may do, separate from which cases it may see."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Role
from tandem.cases.models import Case

# Roles that may record an assessment on a case their agency leads.
CAN_ASSESS_RISK: tuple[Role, ...] = (
    Role.CALL_HANDLER,
    Role.CASE_OFFICER,
    Role.SUPERVISOR,
    Role.ADMINISTRATOR,
)

# Only a supervisor may lower a band below what the matrix gives.
CAN_LOWER_BAND: tuple[Role, ...] = (Role.SUPERVISOR,)


def may_assess(user: Any, case: Case) -> bool:
    """A member of staff of the case's lead agency in a role that assesses risk."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == case.lead_agency_id
        and getattr(user, "role", None) in CAN_ASSESS_RISK
    )


def may_lower_band(user: Any) -> bool:
    return getattr(user, "role", None) in CAN_LOWER_BAND
