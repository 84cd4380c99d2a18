"""Who may add evidence: what a role may do, separate from which cases it may see."""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Capability
from tandem.accounts.permissions import user_can
from tandem.cases.models import Case
from tandem.cases.selectors import cases_visible_to


def may_add_evidence(user: Any, case: Case) -> bool:
    """A user whose role may contribute to cases and who can see this one (through
    ``cases_visible_to``, so a partner agency working a referral counts)."""
    if not user_can(user, Capability.CONTRIBUTE):
        return False
    return cases_visible_to(user).filter(pk=case.pk).exists()
