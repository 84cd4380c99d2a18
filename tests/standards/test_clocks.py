"""Service-standard clocks on cases: working days over bank holidays, the work queue's states,
the risk clocks and the case API's deadlines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.cases.models import Priority
from tandem.cases.services import case_open
from tandem.casework.services import contact_log
from tandem.incidents.models import Category, IncidentType
from tandem.risk.models import BandThreshold
from tandem.risk.selectors import case_victims
from tandem.risk.services import assessment_record
from tandem.standards.models import CaseDeadline, ServiceStandard
from tandem.standards.services import case_deadlines_refresh, on_or_after_working_day
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import log_report
from tests.risk.conftest import all_answers


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def freeze_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def report_on(actor, day: date, **overrides):
    return log_report(
        actor, reported_at=at(day), occurred_at=at(day - timedelta(days=1)), **overrides
    ).case


def due(case, kind):
    return CaseDeadline.objects.get(case=case, kind=kind).due_on


class TestBankHolidays:
    def test_friday_before_the_august_bank_holiday(self, officer):
        # Friday 28 August 2026 is day 0; Monday 31 August is a bank holiday.
        case = report_on(officer, date(2026, 8, 28))
        assert due(case, "first-contact") == date(2026, 9, 7)
        assert not CaseDeadline.objects.filter(case=case, kind="serious-appointment").exists()
        assert case.next_deadline == date(2026, 9, 7)

    def test_a_serious_report_before_the_bank_holiday_needs_an_appointment_on_tuesday(
        self, officer
    ):
        case = report_on(
            officer, date(2026, 8, 28), types=[IncidentType.objects.get(code="threats-violence")]
        )
        assert due(case, "serious-appointment") == date(2026, 9, 1)
        assert due(case, "first-contact") == date(2026, 9, 7)
        case.refresh_from_db()
        assert case.next_deadline == date(2026, 9, 1)

    def test_christmas_eve_skips_christmas_boxing_day_substitute_and_new_year(self, officer):
        # Thursday 24 Dec 2026: 25 Dec (Fri), 28 Dec (Boxing Day substitute), 1 Jan are holidays.
        case = case_open(
            actor=officer,
            lead_agency=officer.agency,
            category=Category.objects.get(code="nuisance"),
            priority=Priority.STANDARD,
            serious=True,
            opened_at=at(date(2026, 12, 24)),
        )
        assert due(case, "first-contact") == date(2027, 1, 5)
        assert due(case, "serious-appointment") == date(2026, 12, 29)
        assert case.next_deadline == date(2026, 12, 29)

    def test_standards_are_data_per_agency(self, officer):
        ServiceStandard.objects.create(
            code="first-contact",
            name="First contact (faster)",
            working_days=2,
            agency=officer.agency,
        )
        case = report_on(officer, date(2026, 8, 28))
        assert due(case, "first-contact") == date(2026, 9, 2)


class TestWorkQueue:
    @pytest.mark.parametrize(
        ("today", "shows", "hides"),
        [
            (date(2026, 9, 4), "7 Sep 2026", ["Due today", "Overdue"]),
            (date(2026, 9, 7), "Due today", ["Overdue"]),
            (date(2026, 9, 8), "Overdue", ["Due today"]),
        ],
    )
    def test_the_queue_shows_due_due_today_and_overdue_on_the_right_days(
        self, monkeypatch, officer, signed_in_client, today, shows, hides
    ):
        case = report_on(officer, date(2026, 8, 28), officer=officer)
        freeze_today(monkeypatch, today)
        page = signed_in_client.get("/cases/?scope=agency").content.decode()
        assert case.reference in page
        assert shows in page
        for text in hides:
            assert text not in page
        detail = signed_in_client.get(f"/cases/{case.reference}/").content.decode()
        assert shows in detail or shows.split()[0] in detail

    def test_met_first_contact_leaves_the_queue_deadline(self, officer):
        case = report_on(officer, date(2026, 8, 28), officer=officer)
        contact_log(
            case=case,
            actor=officer,
            person=case_victims(case)[0],
            occurred_at=at(date(2026, 9, 1)),
            channel="telephone",
            direction="outbound",
            summary="Called",
        )
        case.refresh_from_db()
        assert case.next_deadline is None
        assert CaseDeadline.objects.get(case=case, kind="first-contact").met_at is not None

    def test_refresh_keeps_next_deadline_the_earliest_open(self, officer):
        case = report_on(officer, date(2026, 8, 28))
        CaseDeadline.objects.create(case=case, kind="other", label="x", due_on=date(2026, 9, 2))
        case_deadlines_refresh(case=case)
        assert case.next_deadline == date(2026, 9, 2)


class TestRiskClocks:
    def test_an_assessment_sets_review_and_reassessment_deadlines(self, officer):
        case = log_report(officer).case
        victim = case_victims(case)[0]
        assessment = assessment_record(
            case=case, person=victim, actor=officer, answers=all_answers("no")
        )
        case.refresh_from_db()
        threshold = BandThreshold.objects.get(matrix=assessment.matrix, band=assessment.band)
        reviews = CaseDeadline.objects.filter(case=case, kind="review", cancelled_at__isnull=True)
        if threshold.supervisor_review_days:
            assert reviews.get().due_on == on_or_after_working_day(
                timezone.localdate(assessment.assessed_at)
                + timedelta(days=threshold.supervisor_review_days)
            )
        else:
            assert not reviews.exists()
        if case.reassessment_due:
            assert due(case, "reassessment") == case.reassessment_due


class TestApi:
    def test_the_case_api_exposes_deadlines_and_whether_they_were_met(self, officer, api_client):
        case = log_report(officer, officer=officer).case
        url = f"/api/v1/cases/{case.reference}/"
        body = api_client.get(url).json()
        first_due = CaseDeadline.objects.get(case=case, kind="first-contact").due_on
        assert body["deadlines"] == {
            "first_contact_due": first_due.isoformat(),
            "appointment_due": None,
            "next_update_due": None,
            "review_due": None,
            "reassessment_due": None,
        }
        assert body["deadlines_met"]["first_contact"] is None
        contact_log(
            case=case,
            actor=officer,
            person=case_victims(case)[0],
            occurred_at=timezone.now(),
            channel="email",
            direction="outbound",
            summary="Emailed",
        )
        body = api_client.get(url).json()
        assert body["deadlines_met"]["first_contact"] is True
        assert body["deadlines"]["first_contact_due"] == first_due.isoformat()

    def test_another_agencys_case_is_404(self, other_agency, api_client):
        owner = UserFactory(agency=AgencyFactory(code="ELSEWHERE"), role=Role.CASE_OFFICER)
        case = log_report(owner).case
        assert api_client.get(f"/api/v1/cases/{case.reference}/").status_code == 404
