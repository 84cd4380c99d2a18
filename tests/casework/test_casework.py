"""Case work: who leads, contact plans, the contact log and the clocks they keep."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.audit.models import AuditEvent
from tandem.cases.models import CaseEvent, CaseEventKind
from tandem.casework.models import CaseAssignment, ContactLog
from tandem.casework.services import (
    case_assign_officer,
    case_change_lead_agency,
    contact_log,
    contact_plan_save,
)
from tandem.incidents.models import IncidentType
from tandem.risk.selectors import case_victims
from tandem.standards.models import CaseDeadline
from tandem.standards.services import on_or_after_working_day
from tests.factories import UserFactory
from tests.helpers import log_report


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def freeze_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """Make "today" ``day`` wherever ``timezone.localdate()`` is asked without a value."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def report_on(actor, day: date, **overrides):
    return log_report(
        actor, reported_at=at(day), occurred_at=at(day - timedelta(days=1)), **overrides
    )


@pytest.fixture
def case(officer):
    incident = log_report(officer, officer=officer)
    return incident.case


@pytest.fixture
def victim(case):
    return case_victims(case)[0]


def open_deadline(case, kind):
    return CaseDeadline.objects.get(
        case=case, kind=kind, met_at__isnull=True, cancelled_at__isnull=True
    )


class TestContacts:
    def test_first_outbound_contact_meets_first_contact_and_starts_the_update_clock(
        self, officer, case, victim
    ):
        contact_plan_save(
            case=case, person=victim, actor=officer, channel="telephone", frequency_days=7
        )
        now = timezone.now()
        entry = contact_log(
            case=case,
            actor=officer,
            person=victim,
            occurred_at=now,
            channel="telephone",
            direction="outbound",
            summary="Introduced myself; agreed weekly calls.",
            told_who_leads=True,
        )
        assert entry.first_contact
        first = CaseDeadline.objects.get(case=case, kind="first-contact")
        assert first.met_at == now
        update = open_deadline(case, f"update-{victim.pk}")
        assert update.due_on == on_or_after_working_day(timezone.localdate(now) + timedelta(7))
        case.refresh_from_db()
        assert case.next_deadline == update.due_on
        assert AuditEvent.objects.filter(object_type="contact", object_id=str(entry.pk)).exists()

    def test_a_second_contact_is_not_first_and_moves_the_next_update(self, officer, case, victim):
        contact_plan_save(
            case=case, person=victim, actor=officer, channel="telephone", frequency_days=14
        )
        first_at = timezone.now() - timedelta(hours=2)
        for when in (first_at, timezone.now()):
            contact_log(
                case=case,
                actor=officer,
                person=victim,
                occurred_at=when,
                channel="telephone",
                direction="outbound",
                summary="Update",
            )
        assert [row.first_contact for row in ContactLog.objects.order_by("occurred_at")] == [
            True,
            False,
        ]
        assert CaseDeadline.objects.filter(
            case=case, kind=f"update-{victim.pk}", met_at__isnull=False
        ).exists()
        assert (
            CaseDeadline.objects.filter(
                case=case,
                kind=f"update-{victim.pk}",
                met_at__isnull=True,
                cancelled_at__isnull=True,
            ).count()
            == 1
        )

    def test_an_inbound_contact_does_not_meet_first_contact(self, officer, case, victim):
        contact_log(
            case=case,
            actor=officer,
            person=victim,
            occurred_at=timezone.now(),
            channel="telephone",
            direction="inbound",
            summary="Rang to ask for news",
        )
        assert open_deadline(case, "first-contact")

    def test_an_in_person_contact_meets_the_serious_appointment(self, officer):
        case = log_report(officer, types=[IncidentType.objects.get(code="threats-violence")]).case
        victim = case_victims(case)[0]
        assert open_deadline(case, "serious-appointment")
        contact_log(
            case=case,
            actor=officer,
            person=victim,
            occurred_at=timezone.now(),
            channel="in_person",
            direction="outbound",
            summary="Visited at home",
        )
        assert not CaseDeadline.objects.filter(case=case, met_at__isnull=True).exists()
        case.refresh_from_db()
        assert case.next_deadline is None

    def test_a_contact_needs_a_summary_and_a_victim_of_the_case(self, officer, case, other_officer):
        other_victim = case_victims(log_report(other_officer).case)[0]
        with pytest.raises(ValidationError) as error:
            contact_log(
                case=case,
                actor=officer,
                person=other_victim,
                occurred_at=timezone.now(),
                channel="telephone",
                direction="outbound",
                summary=" ",
            )
        assert set(error.value.message_dict) == {"person", "summary"}
        assert not ContactLog.objects.exists()


class TestLeadAgency:
    def test_assigning_and_changing_the_lead_agency_keeps_history(
        self, supervisor, officer, other_agency
    ):
        case = log_report(supervisor).case
        case_assign_officer(case=case, officer=officer, actor=supervisor)
        case_change_lead_agency(
            case=case, agency=other_agency, actor=supervisor, reason="Police matter"
        )
        case.refresh_from_db()
        assert case.lead_agency == other_agency
        assert case.officer is None
        history = list(CaseAssignment.objects.filter(case=case).order_by("at", "id"))
        assert [(row.from_officer, row.to_officer) for row in history] == [
            (None, officer),
            (officer, None),
        ]
        assert history[1].to_agency == other_agency
        assert history[1].reason == "Police matter"
        assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.OFFICER_ASSIGNED).count() == 2

    def test_changing_the_lead_agency_needs_a_reason_and_a_supervisor(
        self, supervisor, officer, other_agency
    ):
        case = log_report(supervisor, officer=officer).case
        with pytest.raises(ValidationError):
            case_change_lead_agency(case=case, agency=other_agency, actor=supervisor, reason="")
        with pytest.raises(PermissionDenied):
            case_change_lead_agency(case=case, agency=other_agency, actor=officer, reason="x")

    def test_an_officer_may_not_take_someone_elses_case(self, supervisor, officer):
        colleague = UserFactory(agency=officer.agency, role=Role.CASE_OFFICER)
        case = log_report(supervisor, officer=colleague).case
        with pytest.raises(PermissionDenied):
            case_assign_officer(case=case, officer=officer, actor=officer)

    def test_the_officer_must_belong_to_the_lead_agency(self, supervisor, other_officer):
        case = log_report(supervisor).case
        with pytest.raises(ValidationError):
            case_assign_officer(case=case, officer=other_officer, actor=supervisor)


class TestPages:
    def test_log_a_contact_page_shows_errors_then_logs(self, signed_in_client, case, victim):
        url = f"/cases/{case.reference}/contacts/new/"
        response = signed_in_client.post(url, {})
        assert response.status_code == 200
        assert b"govuk-error-summary" in response.content
        today = timezone.localdate()
        response = signed_in_client.post(
            url,
            {
                "person": victim.pk,
                "direction": "outbound",
                "channel": "telephone",
                "occurred_date_0": today.day,
                "occurred_date_1": today.month,
                "occurred_date_2": today.year,
                "summary": "Spoke to Jane",
                "told_who_leads": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        page = signed_in_client.get(f"/cases/{case.reference}/").content.decode()
        assert "Spoke to Jane" in page
        assert "First contact" in page
        assert "The victim was told on" in page

    def test_contact_plan_page(self, signed_in_client, case, victim):
        url = f"/cases/{case.reference}/contact-plan/{victim.pk}/"
        assert signed_in_client.get(url).status_code == 200
        response = signed_in_client.post(
            url, {"channel": "text", "frequency_days": "14", "best_times": "Evenings"}
        )
        assert response.status_code == 302
        page = signed_in_client.get(f"/cases/{case.reference}/").content.decode()
        assert "every 14 days" in page
        assert "Evenings" in page

    def test_assign_page(self, supervisor, officer):
        case = log_report(supervisor).case
        client = Client()
        client.force_login(supervisor)
        response = client.post(f"/cases/{case.reference}/assign/", {"officer": officer.pk})
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.officer == officer

    @pytest.mark.parametrize(
        "path",
        ["contacts/new/", "contact-plan/{victim}/", "assign/", "lead-agency/"],
    )
    def test_another_agencys_case_is_not_found(self, other_agency, path):
        owner = UserFactory(agency=other_agency, role=Role.SUPERVISOR)
        case = log_report(owner, officer=owner).case
        victim = case_victims(case)[0]
        intruder = UserFactory(username="intruder", role=Role.SUPERVISOR)
        client = Client()
        client.force_login(intruder)
        url = f"/cases/{case.reference}/" + path.format(victim=victim.pk)
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize("role", [Role.CALL_HANDLER, Role.ANALYST, Role.PARTNER_WORKER])
    def test_roles_that_do_not_work_cases_are_refused(self, agency, case, victim, role):
        user = UserFactory(username=f"u-{role}", agency=agency, role=role)
        client = Client()
        client.force_login(user)
        for path in (
            "contacts/new/",
            f"contact-plan/{victim.pk}/",
            "assign/",
            "lead-agency/",
        ):
            assert client.get(f"/cases/{case.reference}/{path}").status_code == 403, path

    def test_only_supervisors_change_the_lead_agency(self, signed_in_client, case):
        assert signed_in_client.get(f"/cases/{case.reference}/lead-agency/").status_code == 403

    def test_case_page_queries_do_not_grow_with_contacts(
        self, signed_in_client, officer, case, victim
    ):
        contact_plan_save(
            case=case, person=victim, actor=officer, channel="telephone", frequency_days=7
        )

        def log(n):
            for _ in range(n):
                contact_log(
                    case=case,
                    actor=officer,
                    person=victim,
                    occurred_at=timezone.now(),
                    channel="telephone",
                    direction="outbound",
                    summary="Update",
                )

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert signed_in_client.get(f"/cases/{case.reference}/").status_code == 200
            return len(queries)

        log(1)
        few = count()
        log(6)
        assert count() == few


class TestMorePages:
    def test_a_supervisor_changes_the_lead_agency_from_the_page(self, supervisor, other_agency):
        case = log_report(supervisor).case
        client = Client()
        client.force_login(supervisor)
        url = f"/cases/{case.reference}/lead-agency/"
        response = client.post(url, {"agency": other_agency.pk, "reason": ""})
        assert response.status_code == 200
        assert b"Give the reason for changing the lead agency" in response.content
        response = client.post(url, {"agency": other_agency.pk, "reason": "Police lead"})
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.lead_agency == other_agency
        # The case now belongs to the other agency: the old one no longer sees it.
        assert client.get(f"/cases/{case.reference}/").status_code == 404

    def test_the_case_page_shows_a_met_deadline_with_its_date(
        self, signed_in_client, officer, case, victim
    ):
        contact_log(
            case=case,
            actor=officer,
            person=victim,
            occurred_at=timezone.now(),
            channel="telephone",
            direction="outbound",
            summary="Called",
        )
        page = signed_in_client.get(f"/cases/{case.reference}/").content.decode()
        assert "Met</strong> " + timezone.localdate().strftime("%-d %b %Y") in page
