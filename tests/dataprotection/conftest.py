"""A small world for data protection tests: Jane Example, the victim, on a case led by the test
council with an alleged perpetrator (Mark Rogue) and a witness named in the free text; and a
second case about Jane led by the test police, which the council cannot see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tandem.accounts.models import Role, User
from tandem.cases.models import Case, CaseStatus
from tandem.casework.services import contact_log
from tandem.evidence.services import diary_entry_record
from tandem.incidents.models import Category, HateStrand, Incident, IncidentType
from tandem.incidents.services import PersonInvolved
from tandem.people.models import Person, VulnerabilityFactor
from tandem.people.services import PersonDetails, person_record_vulnerability
from tandem.risk.services import assessment_record
from tests.factories import UserFactory
from tests.helpers import log_report
from tests.risk.conftest import all_answers

JANE = PersonDetails(
    first_name="Jane",
    last_name="Example",
    date_of_birth=date(1980, 3, 27),
    address="12 Acacia Road",
    postcode="ME14 1AA",
    phone="07700 900123",
    email="jane@example.com",
)
MARK = PersonDetails(first_name="Mark", last_name="Rogue", phone="07700 900999")


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path) -> Path:
    path = tmp_path / "evidence"
    settings.TANDEM_EVIDENCE_DIR = path
    return path


@pytest.fixture
def administrator(agency) -> User:
    return UserFactory(username="admin1", agency=agency, role=Role.ADMINISTRATOR)


@pytest.fixture
def other_supervisor(other_agency) -> User:
    return UserFactory(username="othersupervisor", agency=other_agency, role=Role.SUPERVISOR)


@pytest.fixture
def supervisor_client(supervisor) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


@dataclass
class Story:
    jane: Person
    mark: Person
    case: Case
    incident: Incident
    police_case: Case


def report(actor: User, people: list[PersonInvolved], **overrides: Any) -> Incident:
    values: dict[str, Any] = {
        "category": Category.objects.get(code="personal"),
        "types": [IncidentType.objects.get(code="harassment-intimidation")],
        "people": people,
    }
    values.update(overrides)
    return log_report(actor, **values)


@pytest.fixture
def story(officer, other_officer) -> Story:
    incident = report(
        officer,
        [PersonInvolved(role="victim", details=JANE), PersonInvolved("alleged_perpetrator", MARK)],
        description="Mark Rogue shouted abuse at Jane over the fence. ROGUE's number is "
        "07700 900999.",
        hate_motivated=True,
        hate_strands=[HateStrand.objects.get(code="race")],
        officer=officer,
    )
    case = incident.case
    jane = incident.involvements.get(role="victim").person
    mark = incident.involvements.get(role="alleged_perpetrator").person
    person_record_vulnerability(
        person=jane,
        actor=officer,
        factors=[VulnerabilityFactor.objects.get(code="mental-health")],
        hate_strands=[HateStrand.objects.get(code="race")],
        notes="Anxious since the abuse began",
        replace=True,
    )
    contact_log(
        case=case,
        actor=officer,
        occurred_at=timezone.now() - timedelta(hours=2),
        channel="telephone",
        direction="outbound",
        summary="Spoke to Jane: Mark Rogue was at the fence again.",
        person=jane,
    )
    diary_entry_record(
        case=case,
        actor=officer,
        person=jane,
        occurred_on=timezone.localdate(),
        what_happened="Mark banged on my door at 2am.",
        witnesses="My neighbour Sally Witness",
    )
    assessment_record(case=case, person=jane, actor=officer, answers=all_answers())
    police = report(
        other_officer,
        [PersonInvolved(role="victim", details=JANE, existing=jane)],
        description="A confidential police matter about Jane.",
    )
    return Story(jane=jane, mark=mark, case=case, incident=incident, police_case=police.case)


def close_case(case: Case, *, days_ago: float = 0, years_ago: float = 0) -> None:
    """Mark ``case`` closed that long ago (without the closure service's letters and surveys)."""
    closed_at: datetime = timezone.now() - timedelta(days=days_ago + years_ago * 365.25)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=closed_at)
    case.refresh_from_db()
