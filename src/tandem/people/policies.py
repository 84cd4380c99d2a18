"""Who may do what with people's records, and who may see their sensitive data.

Sensitive data is special-category data (UK GDPR article 9; Equality Act protected
characteristics): a person's vulnerability factors and notes, the hate strands they feel
targeted for, an incident's hate strands and domestic-abuse flag, answers to risk questions
flagged sensitive (health, mental health, disability…), the effect a diary entry records and
officers' contact notes. It is shown only to users whose role holds "see sensitive data"
(``Capability.SEE_SENSITIVE``) *and* whose agency owns the case or can see it through a share
(``cases_visible_to``); everyone else gets a visible "Restricted" marker instead, on every page,
endpoint and export. By default call handlers may record what a caller tells them but never read
it back; partner workers, analysts and auditors never see it.
"""

from __future__ import annotations

from typing import Any

from tandem.accounts.models import Capability, RecordScope
from tandem.accounts.permissions import user_can, user_record_scope
from tandem.cases.models import Case
from tandem.people.models import Person

_VISIBLE_TO_ATTRIBUTE = "_tandem_visible_to"


def _staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "agency_id", None))


def can_merge_people(user: Any) -> bool:
    return user_can(user, Capability.MERGE_PEOPLE)


def _case_visible(user: Any, case: Case) -> bool:
    """Is ``case`` in ``cases_visible_to(user)``? Without a query when the user's agency owns it
    (and their scope covers it); otherwise one query, remembered on the case object."""
    scope = user_record_scope(user)
    if case.lead_agency_id == user.agency_id and scope != RecordScope.OWN:
        return True
    if scope == RecordScope.OWN and case.officer_id == user.pk:
        return True
    # Remembered on the case object, which is loaded afresh for each request.
    seen: dict[int, bool] = case.__dict__.setdefault(_VISIBLE_TO_ATTRIBUTE, {})
    if user.pk not in seen:
        from tandem.cases.selectors import cases_visible_to

        seen[user.pk] = cases_visible_to(user).filter(pk=case.pk).exists()
    return seen[user.pk]


def can_see_sensitive(user: Any, case: Case | None = None, *, person: Person | None = None) -> bool:
    """May ``user`` read sensitive data on ``case`` (or about ``person``)?

    Their role must hold "see sensitive data", and the case must be one their agency owns or can
    see through a share (it is in ``cases_visible_to(user)``). About a person without a case:
    only when the person is involved in such a case. With neither, no.
    """
    if not _staff(user) or not user_can(user, Capability.SEE_SENSITIVE):
        return False
    if case is not None:
        return _case_visible(user, case)
    if person is not None:
        from tandem.cases.selectors import cases_visible_to

        return cases_visible_to(user).filter(incidents__involvements__person=person).exists()
    return False


def can_record_sensitive(user: Any, case: Case) -> bool:
    """May ``user`` add to a person's vulnerability record from ``case``? Those whose role may
    record sensitive data, in the agency that owns the case (call handlers record without
    reading back)."""
    return (
        _staff(user)
        and case.lead_agency_id == user.agency_id
        and user_can(user, Capability.RECORD_SENSITIVE)
    )
