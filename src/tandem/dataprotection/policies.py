"""Who may act on people's data protection rights.

Handling subject access requests and correcting a person's details are for supervisors and
administrators: they see what their agency holds and answer for it. (Which people and cases they
may see is still ``cases_visible_to``.)
"""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Role

DATA_PROTECTION_ROLES: tuple[Role, ...] = (Role.SUPERVISOR, Role.ADMINISTRATOR)


def _staff_in(user: Any, allowed: tuple[Role, ...]) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "agency_id", None)
        and getattr(user, "role", None) in allowed
    )


def can_export_subject_access(user: Any) -> bool:
    """May ``user`` log and answer subject access requests, and export what is held?"""
    return _staff_in(user, DATA_PROTECTION_ROLES)


def can_rectify_person(user: Any) -> bool:
    """May ``user`` correct a person's details (the right to rectification)?"""
    return _staff_in(user, DATA_PROTECTION_ROLES)
