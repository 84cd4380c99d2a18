"""Who may record powers: what a role may do, separate from which cases it may see."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Role

CAN_RECORD_POWERS: tuple[Role, ...] = (
    Role.CASE_OFFICER,
    Role.SUPERVISOR,
    Role.PARTNER_WORKER,
    Role.ADMINISTRATOR,
)


def may_record_power(user: Any) -> bool:
    """Any visible case (a partner working an accepted referral may record its own action)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None)
        and getattr(user, "role", None) in CAN_RECORD_POWERS
    )
