"""Who may do what with people's records.

Vulnerability factors and perceived hate targeting are special-category data (Equality Act
protected characteristics, health): only the roles that work the case in its lead agency see
them. Call handlers may record what a caller tells them but never read the record back; partner
workers and analysts never see them.
"""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Role
from tandem.cases.models import Case

MERGE_ROLES = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})
SENSITIVE_READ_ROLES = frozenset({Role.CASE_OFFICER, Role.SUPERVISOR, Role.ADMINISTRATOR})
SENSITIVE_WRITE_ROLES = SENSITIVE_READ_ROLES | {Role.CALL_HANDLER}


def _staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "agency_id", None))


def can_merge_people(user: Any) -> bool:
    return _staff(user) and user.role in MERGE_ROLES


def can_see_sensitive(user: Any, case: Case | None = None) -> bool:
    """May ``user`` read a person's vulnerability and hate strands (on ``case``'s page)?

    Case officers, supervisors and administrators of the agency that owns the case.
    """
    if not _staff(user) or user.role not in SENSITIVE_READ_ROLES:
        return False
    return case is None or case.lead_agency_id == user.agency_id


def can_record_sensitive(user: Any, case: Case) -> bool:
    """May ``user`` add to a person's vulnerability record from ``case``? Those who may see it,
    and the owning agency's call handlers (write-only)."""
    return (
        _staff(user)
        and user.role in SENSITIVE_WRITE_ROLES
        and case.lead_agency_id == user.agency_id
    )
