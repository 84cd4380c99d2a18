"""Supervision: supervisor reviews and multi-agency case conferences."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.audit.models import AuditEvent
from tandem.referrals.models import Task
from tandem.risk.models import BandThreshold, RiskBand
from tandem.risk.selectors import case_victims
from tandem.risk.services import assessment_record
from tandem.standards.models import CaseDeadline
from tandem.standards.services import case_risk_clocks_sync, on_or_after_working_day
from tandem.supervision.models import (
    CaseConference,
    ConferenceAction,
    ConferenceCase,
    ReviewDecision,
    SupervisorReview,
)
from tandem.supervision.services import (
    AgreedAction,
    DiscussedCase,
    conference_record,
    supervisor_review_record,
)
from tests.factories import UserFactory
from tests.helpers import log_report
from tests.risk.conftest import all_answers

pytestmark = pytest.mark.django_db

HIGH = {"fear_physical_safety": "yes"}


def decision(code: str = "continue") -> ReviewDecision:
    return ReviewDecision.objects.get(code=code)


def open_reviews(case):
    return CaseDeadline.objects.filter(
        case=case, kind="review", met_at__isnull=True, cancelled_at__isnull=True
    )


def cadence(assessment) -> int:
    days = BandThreshold.objects.get(
        matrix=assessment.matrix, band=assessment.band
    ).supervisor_review_days
    assert days
    return days


@pytest.fixture
def case(officer):
    return log_report(officer, officer=officer).case


@pytest.fixture
def high_case(case, officer):
    assessment = assessment_record(
        case=case, person=case_victims(case)[0], actor=officer, answers=all_answers(**HIGH)
    )
    assert assessment.band == RiskBand.HIGH
    case.refresh_from_db()
    return case


def default_due(case, days_from_today: int):
    return on_or_after_working_day(timezone.localdate() + timedelta(days=days_from_today))


class TestSupervisorReview:
    def test_decisions_are_configuration_data(self):
        codes = set(ReviewDecision.objects.values_list("code", flat=True))
        assert {"continue", "escalate", "change-officer", "close-recommended"} <= codes
        assert "case-conference" in codes

    def test_a_review_meets_the_review_deadline_and_sets_the_next(self, high_case, supervisor):
        first = open_reviews(high_case).get()
        review = supervisor_review_record(
            case=high_case, actor=supervisor, decision=decision(), notes="Plan is working."
        )
        first.refresh_from_db()
        assert first.met_at == review.reviewed_at
        days = cadence(high_case.risk_assessments.get(superseded_at__isnull=True))
        following = open_reviews(high_case).get()
        assert following.due_on == review.next_review_on == default_due(high_case, days)
        assert following.source == f"supervisor-review:{review.pk}"
        high_case.refresh_from_db()
        assert high_case.next_deadline == min(
            CaseDeadline.objects.filter(
                case=high_case, met_at__isnull=True, cancelled_at__isnull=True
            ).values_list("due_on", flat=True)
        )
        assert high_case.events.filter(summary__startswith="Supervisor review").exists()
        assert AuditEvent.objects.filter(
            object_type="supervisor_review", object_id=str(review.pk)
        ).exists()

    @pytest.mark.parametrize("answers", [HIGH, {}])
    def test_the_default_next_review_follows_the_band_cadence(
        self, case, officer, supervisor, answers
    ):
        assessment = assessment_record(
            case=case, person=case_victims(case)[0], actor=officer, answers=all_answers(**answers)
        )
        threshold = BandThreshold.objects.get(matrix=assessment.matrix, band=assessment.band)
        review = supervisor_review_record(case=case, actor=supervisor, decision=decision())
        if threshold.supervisor_review_days:
            assert review.next_review_on == default_due(case, threshold.supervisor_review_days)
        else:
            assert review.next_review_on is None
            assert not open_reviews(case).exists()

    def test_a_later_review_needs_a_reason_and_an_earlier_one_does_not(self, high_case, supervisor):
        days = cadence(high_case.risk_assessments.get(superseded_at__isnull=True))
        later = default_due(high_case, days) + timedelta(days=7)
        with pytest.raises(ValidationError) as error:
            supervisor_review_record(
                case=high_case, actor=supervisor, decision=decision(), next_review_on=later
            )
        assert "later_reason" in error.value.message_dict
        assert not SupervisorReview.objects.exists()
        sooner = default_due(high_case, 3)
        review = supervisor_review_record(
            case=high_case, actor=supervisor, decision=decision(), next_review_on=sooner
        )
        assert open_reviews(high_case).get().due_on == sooner
        supervisor_review_record(
            case=high_case,
            actor=supervisor,
            decision=decision("escalate"),
            next_review_on=later,
            later_reason="Injunction hearing set for that week.",
        )
        assert open_reviews(high_case).get().due_on == later
        assert review.pk

    def test_the_risk_clocks_run_from_the_latest_review(self, high_case, supervisor):
        sooner = default_due(high_case, 3)
        supervisor_review_record(
            case=high_case, actor=supervisor, decision=decision(), next_review_on=sooner
        )
        case_risk_clocks_sync(case=high_case)  # as after a new incident joins the case
        assert open_reviews(high_case).get().due_on == sooner

    def test_only_supervisors_and_admins_of_the_lead_agency_may_review(
        self, high_case, officer, agency, other_agency
    ):
        with pytest.raises(PermissionDenied):
            supervisor_review_record(case=high_case, actor=officer, decision=decision())
        admin = UserFactory(username="admin", agency=agency, role=Role.ADMINISTRATOR)
        supervisor_review_record(case=high_case, actor=admin, decision=decision())
        stranger = UserFactory(username="othersup", agency=other_agency, role=Role.SUPERVISOR)
        with pytest.raises(PermissionDenied):
            supervisor_review_record(case=high_case, actor=stranger, decision=decision())

    def test_review_page_403_for_officers_and_404_for_another_agency(
        self, high_case, officer, supervisor, other_agency
    ):
        url = reverse("supervision:review-new", args=[high_case.reference])
        client = Client()
        client.force_login(officer)
        assert client.get(url).status_code == 403
        client.force_login(UserFactory(username="os", agency=other_agency, role=Role.SUPERVISOR))
        assert client.get(url).status_code == 404
        client.force_login(supervisor)
        assert client.get(url).status_code == 200
        response = client.post(url, {"decision": decision().pk, "notes": "Fine"})
        assert response.status_code == 302
        assert SupervisorReview.objects.filter(case=high_case).count() == 1
        page = client.get(reverse("cases:detail", args=[high_case.reference]))
        assert "Supervisor review" in page.content.decode()
        assert decision().name in page.content.decode()

    def test_the_case_page_block_has_constant_queries(self, high_case, supervisor):
        client = Client()
        client.force_login(supervisor)
        url = reverse("cases:detail", args=[high_case.reference])
        supervisor_review_record(case=high_case, actor=supervisor, decision=decision())
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        for _ in range(3):
            supervisor_review_record(case=high_case, actor=supervisor, decision=decision())
        with CaptureQueriesContext(connection) as four:
            client.get(url)
        assert len(four) == len(one)


@pytest.fixture
def two_cases(officer):
    return (
        log_report(officer, officer=officer).case,
        log_report(officer, officer=officer, address="3 Other Street").case,
    )


@pytest.fixture
def foreign_case(other_officer):
    return log_report(other_officer, officer=other_officer).case


def record(actor, cases, *, actions=None, **overrides):
    values = {
        "actor": actor,
        "title": "Bridge ward ASB panel",
        "held_at": timezone.now() - timedelta(hours=1),
        "chair": "Inspector Hale",
        "location": "Town Hall",
        "agencies_present": [],
        "discussed": [
            DiscussedCase(case.reference, f"Decided on {case.reference}") for case in cases
        ],
        "actions": actions or [],
    }
    values.update(overrides)
    return conference_record(**values)


class TestConferences:
    def test_two_cases_with_decisions_and_actions_that_become_tasks(
        self, officer, supervisor, two_cases, other_agency
    ):
        first, second = two_cases
        due = timezone.localdate() + timedelta(days=10)
        conference = record(
            officer,
            two_cases,
            agencies_present=[other_agency],
            actions=[
                AgreedAction(first.reference, "Send a warning letter", due, owner_user=supervisor),
                AgreedAction(
                    second.reference.lower(), "Visit the address", due, owner_agency=other_agency
                ),
            ],
        )
        assert {row.case_id: row.decisions for row in ConferenceCase.objects.all()} == {
            first.pk: f"Decided on {first.reference}",
            second.pk: f"Decided on {second.reference}",
        }
        assert set(conference.agencies_present.values_list("pk", flat=True)) == {
            officer.agency_id,
            other_agency.pk,
        }
        actions = list(ConferenceAction.objects.select_related("task").order_by("id"))
        assert [action.task.case_id for action in actions] == [first.pk, second.pk]
        assert [action.task.due_on for action in actions] == [due, due]
        assert actions[0].task.assigned_user == supervisor
        assert actions[1].task.assigned_agency == other_agency
        assert Task.objects.count() == 2
        assert AuditEvent.objects.filter(
            object_type="case_conference", object_id=str(conference.pk)
        ).exists()
        assert first.events.filter(summary__contains="case conference").exists()

    def test_another_agencys_case_is_refused_without_a_leak(self, officer, two_cases, foreign_case):
        with pytest.raises(ValidationError) as error:
            record(officer, [two_cases[0], foreign_case])
        with pytest.raises(ValidationError) as missing:
            record(officer, [two_cases[0]], discussed=[DiscussedCase("ZZZ-999999", "x")])
        assert error.value.message_dict["cases"] == [
            f"There is no case {foreign_case.reference} that you can see"
        ]
        assert missing.value.message_dict["cases"] == [
            "There is no case ZZZ-999999 that you can see"
        ]
        assert not CaseConference.objects.exists()
        assert not Task.objects.exists()

    def test_actions_need_a_discussed_case_an_owner_and_a_due_date(self, officer, two_cases):
        with pytest.raises(ValidationError) as error:
            record(
                officer,
                two_cases[:1],
                actions=[
                    AgreedAction(two_cases[1].reference, "Elsewhere", timezone.localdate()),
                    AgreedAction(two_cases[0].reference, "No owner", None),
                ],
            )
        messages = error.value.message_dict["actions"]
        assert any("choose a case discussed" in message for message in messages)
        assert any("to a person or an agency" in message for message in messages)
        assert any("due date" in message for message in messages)
        assert not CaseConference.objects.exists()

    def test_the_form_records_a_conference(self, officer, two_cases, foreign_case):
        client = Client()
        client.force_login(officer)
        url = reverse("supervision:conference-new")
        assert client.get(url).status_code == 200
        today = timezone.localdate()
        data = {
            "title": "Panel",
            "held_date_0": today.day,
            "held_date_1": today.month,
            "held_date_2": today.year,
            "chair": "Chair",
            "cases-TOTAL_FORMS": "2",
            "cases-INITIAL_FORMS": "0",
            "cases-0-reference": two_cases[0].reference,
            "cases-0-decisions": "Warn",
            "cases-1-reference": foreign_case.reference,
            "cases-1-decisions": "Leak?",
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-case_reference": two_cases[0].reference,
            "actions-0-description": "Write the letter",
            "actions-0-owner_user": officer.pk,
            "actions-0-due_on_0": today.day,
            "actions-0-due_on_1": today.month,
            "actions-0-due_on_2": today.year,
        }
        refused = client.post(url, data)
        assert refused.status_code == 200
        assert "that you can see" in refused.content.decode()
        assert not CaseConference.objects.exists()
        data["cases-1-reference"] = two_cases[1].reference
        response = client.post(url, data)
        assert response.status_code == 302
        conference = CaseConference.objects.get()
        assert Task.objects.get().due_on == today
        detail = client.get(reverse("supervision:conference", args=[conference.pk]))
        assert "Write the letter" in detail.content.decode()
        page = client.get(reverse("cases:detail", args=[two_cases[0].reference]))
        assert "Warn" in page.content.decode()

    def test_a_conference_of_another_agency_is_404(self, officer, two_cases, other_officer):
        conference = record(officer, two_cases)
        client = Client()
        client.force_login(other_officer)
        url = reverse("supervision:conference", args=[conference.pk])
        assert client.get(url).status_code == 404

    def test_an_attending_agency_sees_only_the_cases_it_may_see(
        self, officer, two_cases, other_officer, other_agency
    ):
        conference = record(officer, two_cases, agencies_present=[other_agency])
        client = Client()
        client.force_login(other_officer)
        response = client.get(reverse("supervision:conference", args=[conference.pk]))
        content = response.content.decode()
        assert response.status_code == 200
        assert two_cases[0].reference not in content
        assert "2 other cases discussed are not yours to see" in content

    def test_the_list_page_has_constant_queries(self, officer, two_cases, other_agency):
        client = Client()
        client.force_login(officer)
        url = reverse("supervision:conferences")
        record(officer, two_cases, agencies_present=[other_agency])
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        for index in range(3):
            record(officer, two_cases, title=f"Panel {index}", agencies_present=[other_agency])
        with CaptureQueriesContext(connection) as four:
            response = client.get(url)
        assert response.content.decode().count("Panel ") >= 3
        assert len(four) == len(one)

    def test_call_handlers_may_not_record(self, call_handler):
        client = Client()
        client.force_login(call_handler)
        assert client.get(reverse("supervision:conference-new")).status_code == 403
