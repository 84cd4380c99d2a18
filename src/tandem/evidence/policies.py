"""Who may add evidence: what a role may do, separate from which cases it may see."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Role
from tandem.cases.models import Case
from tandem.cases.selectors import cases_visible_to

# Roles that may take down diary entries and upload files on a case their agency can see.
# Call handlers and analysts may not.
CAN_ADD_EVIDENCE: tuple[Role, ...] = (
    Role.CASE_OFFICER,
    Role.SUPERVISOR,
    Role.PARTNER_WORKER,
    Role.ADMINISTRATOR,
)


def may_add_evidence(user: Any, case: Case) -> bool:
    """A user of an adding role whose agency can see the case (through ``cases_visible_to``,
    so a partner agency with an accepted referral counts)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "agency_id", None):
        return False
    if getattr(user, "role", None) not in CAN_ADD_EVIDENCE:
        return False
    return cases_visible_to(user).filter(pk=case.pk).exists()
