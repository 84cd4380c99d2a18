"""Who may supervise: what a role may do, separate from which cases it may see."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Role
from tandem.cases.models import Case

# Roles of the lead agency that may record a supervisor review.
CAN_REVIEW: tuple[Role, ...] = (Role.SUPERVISOR, Role.ADMINISTRATOR)

# Roles that may record a case conference (for cases they can see).
CAN_RECORD_CONFERENCES: tuple[Role, ...] = (
    Role.CASE_OFFICER,
    Role.SUPERVISOR,
    Role.ADMINISTRATOR,
)

# Roles that may read their agency's conferences.
CAN_READ_CONFERENCES: tuple[Role, ...] = (
    Role.CASE_OFFICER,
    Role.SUPERVISOR,
    Role.PARTNER_WORKER,
    Role.ADMINISTRATOR,
)


def may_review(user: Any, case: Case) -> bool:
    """A supervisor or administrator of the case's lead agency."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == case.lead_agency_id
        and getattr(user, "role", None) in CAN_REVIEW
    )


def may_record_conference(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None)
        and getattr(user, "role", None) in CAN_RECORD_CONFERENCES
    )
