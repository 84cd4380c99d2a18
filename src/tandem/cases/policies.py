"""What a role may do with a case (which cases it may see is ``cases_visible_to``)."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Capability
from tandem.accounts.permissions import user_can
from tandem.cases.models import Case


def may_manage_case(user: Any, case: Case) -> bool:
    """Change the case's status, close it, reopen it, record survey answers: staff of the case's
    lead agency whose role may close cases."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == case.lead_agency_id
        and user_can(user, Capability.CLOSE_CASES)
    )


def may_export(user: Any) -> bool:
    """Print or export a case summary (of a case the user may see)."""
    return user_can(user, Capability.EXPORT)
