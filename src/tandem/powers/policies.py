"""Who may record powers: what a role may do, separate from which cases it may see."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Capability
from tandem.accounts.permissions import user_can


def may_record_power(user: Any) -> bool:
    """Any visible case (a partner working an accepted referral may record its own action)."""
    return user_can(user, Capability.CONTRIBUTE)
