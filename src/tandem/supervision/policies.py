"""Who may supervise: what a role may do, separate from which cases it may see."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Capability
from tandem.accounts.permissions import user_can
from tandem.cases.models import Case


def may_review(user: Any, case: Case) -> bool:
    """A reviewer (a supervisor or administrator by default) of the case's lead agency."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == case.lead_agency_id
        and user_can(user, Capability.REVIEW)
    )


def may_record_conference(user: Any) -> bool:
    return user_can(user, Capability.RECORD_CONFERENCES)


def may_read_conferences(user: Any) -> bool:
    return user_can(user, Capability.CONFERENCES)
