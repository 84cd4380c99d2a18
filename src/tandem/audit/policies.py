"""Who may read the audit: information governance staff, and, for one case, its supervisors.

Administrators are deliberately not among the readers: they create users and change settings,
and the people who check what was done with the data should be others (separation of duties).
Which events an auditor reads is ``tandem.audit.selectors.audit_events_visible_to``.
"""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Capability, Role
from tandem.accounts.permissions import user_can
from tandem.cases.models import Case

# Roles may search, read and export the audit (pages and API) when they hold this capability
# (Settings → Role permissions; by default only auditors).
CAN_READ_AUDIT = (Capability.READ_AUDIT,)

# Roles of a case's lead agency shown "who has seen this case" on its page.
CAN_SEE_CASE_VIEWERS: tuple[Role, ...] = (Role.SUPERVISOR, Role.AUDITOR)


def may_read_audit(user: Any) -> bool:
    """Those whose role holds "read the audit" (``user_can`` refuses anyone signed out or
    without an agency)."""
    return user_can(user, Capability.READ_AUDIT)


def may_see_case_viewers(user: Any, case: Case) -> bool:
    """A supervisor or auditor of the agency leading ``case``."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None) == case.lead_agency_id
        and getattr(user, "role", None) in CAN_SEE_CASE_VIEWERS
    )
