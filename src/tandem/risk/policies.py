"""Who may assess risk: what a role may do, separate from which cases it may see."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Capability
from tandem.accounts.permissions import user_can
from tandem.cases.models import Case


def may_assess(user: Any, case: Case) -> bool:
    """A member of staff of the case's lead agency whose role assesses risk."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == case.lead_agency_id
        and user_can(user, Capability.ASSESS_RISK)
    )


def may_lower_band(user: Any) -> bool:
    """Lower a band below what the matrix gives: an approver (a supervisor by default)."""
    return user_can(user, Capability.APPROVE)
