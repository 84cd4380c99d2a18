"""A new case opens at the priority its report and its known victims call for, decided before
the case is stored (no second write to raise it), with its clocks inserted alongside."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.cases.models import CaseEventKind, Priority
from tandem.incidents.services import PersonInvolved
from tandem.people.models import VulnerabilityFactor
from tandem.people.services import PersonDetails
from tandem.standards.models import CaseDeadline
from tests.factories import PersonFactory
from tests.helpers import log_report

pytestmark = pytest.mark.django_db


def victim(person=None) -> list[PersonInvolved]:
    details = PersonDetails(first_name="Jane", last_name="Example")
    return [PersonInvolved(role="victim", details=details, existing=person)]


def opened_summary(case) -> str:
    return case.events.get(kind=CaseEventKind.OPENED).summary


def test_a_report_naming_only_new_people_opens_at_the_category_default(call_handler):
    case = log_report(call_handler).case
    assert case.priority == case.category.default_priority
    label = Priority(case.priority).label
    assert f"priority {label} (the category's default)" in opened_summary(case)
    assert not case.events.filter(kind=CaseEventKind.PRIORITY_CHANGED).exists()


def test_a_known_repeat_victim_opens_the_case_at_medium_with_the_reason(
    call_handler, other_officer
):
    person = PersonFactory()
    earlier = log_report(other_officer, people=victim(person)).case  # another agency's call
    case = log_report(call_handler, people=victim(person)).case

    assert earlier.priority == earlier.category.default_priority  # first report: not a repeat
    assert case.priority == Priority.MEDIUM
    assert "priority Medium (a repeat victim)" in opened_summary(case)
    assert not case.events.filter(kind=CaseEventKind.PRIORITY_CHANGED).exists()


def test_an_incident_more_than_12_months_ago_does_not_make_a_repeat_victim(call_handler):
    person = PersonFactory()
    long_ago = timezone.now() - timedelta(days=400)
    log_report(
        call_handler,
        people=victim(person),
        reported_at=long_ago,
        occurred_at=long_ago - timedelta(days=1),
    )
    case = log_report(call_handler, people=victim(person)).case
    assert case.priority == case.category.default_priority


def test_a_known_vulnerable_victim_opens_the_case_at_medium(call_handler):
    person = PersonFactory()
    person.vulnerability_factors.add(VulnerabilityFactor.objects.first())
    case = log_report(call_handler, people=victim(person)).case
    assert case.priority == Priority.MEDIUM
    assert "a vulnerable victim" in opened_summary(case)


def test_the_clocks_are_stored_with_the_case_and_the_earliest_is_next(call_handler):
    case = log_report(call_handler).case
    due = list(CaseDeadline.objects.filter(case=case).values_list("due_on", flat=True))
    assert due
    assert case.next_deadline == min(due)
    case.refresh_from_db()
    assert case.next_deadline == min(due)


def test_known_victims_cost_a_fixed_number_of_queries(call_handler):
    log_report(call_handler)  # warm per-process caches (content types, standards)
    with CaptureQueriesContext(connection) as new_people:
        log_report(call_handler)
    known = [PersonFactory(), PersonFactory()]
    people = [
        PersonInvolved(
            role="victim", details=PersonDetails(first_name="A", last_name="B"), existing=p
        )
        for p in known
    ]
    with CaptureQueriesContext(connection) as known_people:
        log_report(call_handler, people=people)
    # Repeat counts (merges, incidents) and vulnerability (merges, factors) for all victims at
    # once; no person is created.
    assert len(known_people) <= len(new_people) + 4
