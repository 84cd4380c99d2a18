"""A case's priority: one table of rules, the refresh service, and its effect on the queue."""

from __future__ import annotations

import pytest

from tandem.cases.models import Priority
from tandem.cases.priority import PriorityFactors, case_priority
from tandem.cases.selectors import QueueFilters, QueueScope, work_queue
from tandem.cases.services import case_priority_refresh
from tandem.incidents.services import PersonInvolved
from tandem.people.services import PersonDetails
from tandem.risk.services import assessment_record
from tests.factories import CaseFactory
from tests.helpers import log_report
from tests.risk.conftest import all_answers, personal_report

H, M, S = Priority.HIGH, Priority.MEDIUM, Priority.STANDARD


@pytest.mark.parametrize(
    ("factors", "expected", "reasons"),
    [
        # The category alone.
        ({"category_default": S}, S, ("the category's default",)),
        ({"category_default": M}, M, ("the category's default",)),
        # What the incidents say: always high.
        ({"category_default": S, "serious": True}, H, ("violence or threats",)),
        ({"category_default": S, "hate_motivated": True}, H, ("hate motivated",)),
        ({"category_default": S, "domestic_abuse": True}, H, ("domestic abuse",)),
        # The victims' risk.
        ({"category_default": S, "highest_band": "high"}, H, ("a high-risk victim",)),
        ({"category_default": S, "highest_band": "medium"}, M, ("a medium-risk victim",)),
        ({"category_default": S, "highest_band": "standard"}, S, ("the category's default",)),
        # A low band never lowers what the incidents imply.
        ({"category_default": M, "highest_band": "standard"}, M, ("the category's default",)),
        ({"category_default": S, "serious": True, "highest_band": "standard"}, H, None),
        ({"category_default": S, "highest_band": "medium", "hate_motivated": True}, H, None),
        # Repeat and vulnerable victims: at least medium, never lower.
        ({"category_default": S, "repeat_victim": True}, M, ("a repeat victim",)),
        ({"category_default": S, "vulnerable_victim": True}, M, ("a vulnerable victim",)),
        ({"category_default": H, "repeat_victim": True}, H, ("the category's default",)),
        (
            {"category_default": S, "repeat_victim": True, "highest_band": "medium"},
            M,
            ("a medium-risk victim", "a repeat victim"),
        ),
        ({"category_default": S, "repeat_victim": True, "highest_band": "high"}, H, None),
    ],
)
def test_priority_table(factors, expected, reasons):
    decision = case_priority(PriorityFactors(**factors))
    assert decision.priority == expected
    if reasons is not None:
        assert decision.reasons == reasons


@pytest.mark.django_db
class TestRefresh:
    def test_a_repeat_victim_makes_a_new_nuisance_case_medium(self, officer):
        first = log_report(officer)
        victim = first.involvements.get().person
        assert first.case.priority == S

        second = log_report(
            officer,
            people=[
                PersonInvolved(
                    role="victim",
                    details=PersonDetails(first_name="Jane", last_name="Example"),
                    existing=victim,
                )
            ],
        )

        assert second.case.priority == M

    def test_a_vulnerable_victim_raises_the_priority(self, officer):
        from tandem.people.models import VulnerabilityFactor

        incident = log_report(officer)
        victim = incident.involvements.get().person
        victim.vulnerability_factors.add(VulnerabilityFactor.objects.first())

        case = case_priority_refresh(case=incident.case, actor=officer)

        assert case.priority == M

    def test_a_bare_case_keeps_its_categorys_priority(self, officer):
        case = CaseFactory(lead_agency=officer.agency, priority=S)
        assert case_priority_refresh(case=case, actor=officer).priority == S


@pytest.mark.django_db
def test_a_high_risk_assessment_puts_the_case_at_the_top_of_the_queue(officer):
    ordinary = [personal_report(officer, officer=officer).case for _ in range(3)]
    urgent_deadline = CaseFactory(lead_agency=officer.agency, officer=officer, priority=M)
    target = ordinary[0]  # the oldest: last among equals
    queue = work_queue(officer, QueueFilters(scope=QueueScope.MINE))
    assert queue.first() != target

    assessment_record(
        case=target,
        person=target.incidents.get().involvements.get().person,
        actor=officer,
        answers=all_answers(fear_physical_safety="yes"),
    )

    assert queue.all().first() == target
    assert urgent_deadline in queue
