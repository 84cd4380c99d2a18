"""Who may share a case and keep the agreements register (which cases anyone sees is
``tandem.cases.selectors.cases_visible_to``)."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Role
from tandem.cases.models import Case

# Roles in the lead agency that may share a case with another agency and revoke its shares.
CAN_SHARE: tuple[Role, ...] = (Role.SUPERVISOR, Role.ADMINISTRATOR)
# Roles that may add to and edit the information-sharing agreements register.
CAN_KEEP_REGISTER: tuple[Role, ...] = (Role.ADMINISTRATOR,)


def can_share_case(user: Any, case: Case) -> bool:
    """Supervisors and administrators of the case's lead agency."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None)
        and user.agency_id == case.lead_agency_id
        and getattr(user, "role", None) in CAN_SHARE
    )


def can_keep_register(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None)
        and getattr(user, "role", None) in CAN_KEEP_REGISTER
    )
