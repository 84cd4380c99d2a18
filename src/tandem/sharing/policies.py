"""Who may share a case and keep the agreements register (which cases anyone sees is
``tandem.cases.selectors.cases_visible_to``)."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Capability
from tandem.accounts.permissions import user_can
from tandem.cases.models import Case

# Sharing a case with another agency and revoking its shares (by default supervisors and
# administrators, in the lead agency only).
CAN_SHARE = (Capability.SHARE,)
# Adding to and editing the information-sharing agreements register (administrators).
CAN_KEEP_REGISTER = (Capability.ADMINISTER,)


def can_share_case(user: Any, case: Case) -> bool:
    """Those whose role holds "share", in the case's lead agency. (``user_can`` refuses anyone
    signed out or without an agency.)"""
    return user_can(user, Capability.SHARE) and user.agency_id == case.lead_agency_id


def can_keep_register(user: Any) -> bool:
    return user_can(user, Capability.ADMINISTER)
