"""The printable case summary: everything on one page, read with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from tandem.accounts.models import User
from tandem.cases.models import Case
from tandem.cases.timeline import TimelineEntry, case_timeline
from tandem.casework.selectors import DeadlineRow, case_deadlines, deadline_state
from tandem.incidents.models import Incident, IncidentPerson, PersonRole
from tandem.people.selectors import CasePeoplePanel, case_people_panel
from tandem.powers.models import PowerUse
from tandem.powers.selectors import case_power_uses
from tandem.referrals.models import Referral, Task
from tandem.referrals.selectors import case_referrals, case_tasks
from tandem.risk.selectors import VictimRisk, victims_with_risk


@dataclass(frozen=True)
class CasePeople:
    """The case's incidents (as loaded by ``case_get_visible``) and who is involved, once per
    person and part."""

    incidents: list[Incident]
    involvements: list[IncidentPerson]
    victim_risks: list[VictimRisk]


def case_people(case: Case) -> CasePeople:
    """From the case's prefetched incidents: no query but the current risk (two queries)."""
    incidents = list(case.incidents.all())
    people: dict[tuple[int, str], IncidentPerson] = {}
    for incident in incidents:
        for involvement in incident.involvements.all():
            people.setdefault((involvement.person_id, involvement.role), involvement)
    victims = {
        involvement.person_id: involvement.person
        for incident in reversed(incidents)  # the first reported first
        for involvement in incident.involvements.all()
        if involvement.role == PersonRole.VICTIM
    }
    return CasePeople(
        incidents=incidents,
        involvements=list(people.values()),
        victim_risks=victims_with_risk(case, people=victims.values()),
    )


@dataclass(frozen=True)
class CaseSummary:
    case: Case
    people: CasePeople
    people_panel: CasePeoplePanel
    deadlines: list[DeadlineRow]
    powers: list[PowerUse]
    referrals: list[Referral]
    tasks: list[Task]
    timeline: list[TimelineEntry]


def case_summary(*, user: User, case: Case) -> CaseSummary:
    """The printable summary of a case ``user`` may see (``case`` from ``case_get_visible``).
    Vulnerability and hate strands are in ``people_panel`` only for those who may see them."""
    from django.utils import timezone

    people = case_people(case)
    today = timezone.localdate()
    return CaseSummary(
        case=case,
        people=people,
        people_panel=case_people_panel(user=user, case=case, involvements=people.involvements),
        deadlines=[
            DeadlineRow(deadline=deadline, state=deadline_state(deadline, today))
            for deadline in case_deadlines(case)
        ],
        powers=list(case_power_uses(case)),
        referrals=case_referrals(case),
        tasks=case_tasks(case),
        timeline=case_timeline(case, user=user),
    )
