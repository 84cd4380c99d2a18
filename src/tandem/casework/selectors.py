"""Reads of case work: the panel on the case page, and the deadlines summary of the case API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from tandem.cases.models import Case
from tandem.casework.models import CaseAssignment, ContactLog, ContactPlan
from tandem.casework.policies import may_assign, may_change_lead_agency, may_log_contacts
from tandem.people.models import Person
from tandem.people.policies import can_see_sensitive
from tandem.risk.selectors import case_victims
from tandem.standards.models import CaseDeadline
from tandem.standards.services import (
    FIRST_CONTACT,
    REASSESSMENT,
    REVIEW,
    SERIOUS_APPOINTMENT,
    UPDATE,
)


@dataclass(frozen=True)
class DeadlineRow:
    deadline: CaseDeadline
    state: str  # "met", "met late", "due", "due today", "overdue", "cancelled"


def deadline_state(deadline: CaseDeadline, today: date) -> str:
    if deadline.cancelled_at is not None:
        return "cancelled"
    if deadline.met_at is not None:
        return "met" if timezone.localdate(deadline.met_at) <= deadline.due_on else "met late"
    if deadline.due_on < today:
        return "overdue"
    if deadline.due_on == today:
        return "due today"
    return "due"


def case_deadlines(case: Case) -> list[CaseDeadline]:
    """The case's deadlines that are not cancelled, soonest first (one query)."""
    return list(
        CaseDeadline.objects.filter(case=case, cancelled_at__isnull=True).order_by("due_on", "id")
    )


@dataclass(frozen=True)
class CaseworkPanel:
    deadlines: list[DeadlineRow]
    plans: list[ContactPlan]
    contacts: list[ContactLog]
    assignments: list[CaseAssignment]
    unplanned: list[Person]
    told_who_leads: ContactLog | None
    may_log_contacts: bool
    may_assign: bool
    may_change_lead_agency: bool = False
    # Contact summaries are officers' free text and can carry health and other sensitive
    # details: shown only to those who may see them (``can_see_sensitive``).
    may_read_summaries: bool = False


def casework_panel(*, user: Any, case: Case, today: date | None = None) -> CaseworkPanel:
    """What the case page shows of case work, in a fixed number of queries."""
    today = today or timezone.localdate()
    contacts = list(
        ContactLog.objects.filter(case=case)
        .select_related("person", "by")
        .order_by("-occurred_at", "-id")
    )
    plans = list(
        ContactPlan.objects.filter(case=case).select_related("person", "agreed_by").order_by("id")
    )
    planned = {plan.person_id for plan in plans}
    return CaseworkPanel(
        deadlines=[DeadlineRow(row, deadline_state(row, today)) for row in case_deadlines(case)],
        plans=plans,
        unplanned=[person for person in case_victims(case) if person.pk not in planned],
        contacts=contacts,
        assignments=list(
            CaseAssignment.objects.filter(case=case).select_related(
                "from_agency", "to_agency", "from_officer", "to_officer", "by"
            )
        ),
        told_who_leads=next((row for row in contacts if row.told_who_leads), None),
        may_log_contacts=may_log_contacts(user, case),
        may_assign=may_assign(user, case),
        may_change_lead_agency=may_change_lead_agency(user, case),
        may_read_summaries=can_see_sensitive(user, case),
    )


# The API's deadline keys and the clock kinds behind them.
API_DEADLINES: dict[str, tuple[str, ...]] = {
    "first_contact": (FIRST_CONTACT,),
    "appointment": (SERIOUS_APPOINTMENT,),
    "next_update": (UPDATE,),
    "review": (REVIEW,),
    "reassessment": (REASSESSMENT,),
}


def _matches(kind: str, prefixes: tuple[str, ...]) -> bool:
    return any(kind == prefix or kind.startswith(prefix + "-") for prefix in prefixes)


def deadlines_summary(
    deadlines: list[CaseDeadline], today: date
) -> tuple[dict[str, date | None], dict[str, bool | None]]:
    """For each API key: the due date of its current clock (the earliest open one, else the
    latest one), and whether it was met in time — true (met on or before the due date), false
    (met late, or still open after the due date) or null (no clock, or not yet due)."""
    due: dict[str, date | None] = {}
    met: dict[str, bool | None] = {}
    for key, kinds in API_DEADLINES.items():
        rows = [row for row in deadlines if row.cancelled_at is None and _matches(row.kind, kinds)]
        open_rows = [row for row in rows if row.is_open]
        current = (
            min(open_rows, key=lambda row: row.due_on)
            if open_rows
            else max(rows, key=lambda row: (row.due_on, row.pk), default=None)
        )
        name = "next_update" if key == "next_update" else key
        due[f"{name}_due"] = current.due_on if current is not None else None
        state = deadline_state(current, today) if current is not None else None
        met[name] = {"met": True, "met late": False, "overdue": False}.get(state or "")
    return due, met
