from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.cases.models import Case, CaseEvent, CaseStatus, Priority
from tandem.incidents.models import HateStrand, Incident, IncidentType
from tandem.incidents.services import PersonInvolved
from tandem.people.models import Person
from tandem.people.services import PersonDetails
from tests.helpers import log_report

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return Incident.objects.count(), Case.objects.count(), Person.objects.count()


def test_a_report_opens_a_case_led_by_the_receiving_agency(call_handler, ward):
    incident = log_report(call_handler, ward=ward)

    case = incident.case
    assert re.fullmatch(r"ASB-\d{4}-[0-9A-Z]{5}", case.reference)
    assert re.fullmatch(r"INC-\d{4}-[0-9A-Z]{5}", incident.reference)
    assert case.lead_agency == call_handler.agency
    assert case.status == CaseStatus.OPEN
    assert case.category.code == "nuisance"
    assert case.ward == ward
    assert case.priority == Priority.STANDARD
    victim = incident.involvements.get()
    assert victim.role == "victim"
    assert victim.person.phone_key == "07700900123"
    assert CaseEvent.objects.filter(case=case, kind="opened").exists()
    assert AuditEvent.objects.filter(action="create", object_id=incident.reference).exists()


def test_first_contact_deadline_is_five_working_days(call_handler):
    # Friday 13 November 2026 → day 5 is Friday 20 November.
    friday = timezone.make_aware(timezone.datetime(2026, 11, 13, 10, 0))
    incident = log_report(call_handler, reported_at=friday, occurred_at=friday - timedelta(hours=2))
    assert incident.case.next_deadline.isoformat() == "2026-11-20"


def test_serious_and_hate_reports_are_high_priority_with_next_day_appointment(call_handler):
    friday = timezone.make_aware(timezone.datetime(2026, 11, 13, 10, 0))
    threats = IncidentType.objects.get(code="threats-violence")
    incident = log_report(
        call_handler, types=[threats], reported_at=friday, occurred_at=friday - timedelta(hours=1)
    )
    assert incident.case.priority == Priority.HIGH
    assert incident.case.next_deadline.isoformat() == "2026-11-16"  # the Monday

    hate = log_report(
        call_handler, hate_motivated=True, hate_strands=[HateStrand.objects.get(code="race")]
    )
    assert hate.case.priority == Priority.HIGH
    assert hate.case.hate_motivated
    assert list(hate.hate_strands.values_list("code", flat=True)) == ["race"]


def test_personal_category_defaults_to_medium_priority(call_handler, django_assert_max_num_queries):
    from tandem.incidents.models import Category

    incident = log_report(call_handler, category=Category.objects.get(code="personal"))
    assert incident.case.priority == Priority.MEDIUM


def test_adding_to_an_existing_case_raises_priority_and_keeps_one_case(call_handler):
    first = log_report(call_handler)
    threats = IncidentType.objects.get(code="threats-violence")
    second = log_report(call_handler, case=first.case, types=[threats])

    assert second.case_id == first.case_id
    case = Case.objects.get(pk=first.case_id)
    assert case.priority == Priority.HIGH
    assert case.incidents.count() == 2
    assert CaseEvent.objects.filter(case=case, kind="incident_added").count() == 1


def test_an_existing_person_is_reused_not_duplicated(call_handler):
    first = log_report(call_handler)
    known = first.involvements.get().person
    second = log_report(
        call_handler,
        people=[
            PersonInvolved(role="victim", details=PersonDetails("Jane", "Example"), existing=known)
        ],
    )
    assert second.involvements.get().person == known
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurred_at": timezone.now() + timedelta(days=2)}, "occurred_at"),
        ({"reported_at": timezone.now() + timedelta(days=2)}, "reported_at"),
        ({"types": []}, "types"),
        ({"hate_motivated": True, "hate_strands": []}, "hate_strands"),
    ],
)
def test_invalid_reports_are_refused_and_leave_nothing_behind(call_handler, overrides, field):
    before = counts()
    with pytest.raises(ValidationError) as error:
        log_report(call_handler, **overrides)
    assert field in error.value.message_dict
    assert counts() == before


def test_occurring_after_it_was_reported_is_refused(call_handler):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        log_report(
            call_handler, occurred_at=now - timedelta(hours=1), reported_at=now - timedelta(hours=2)
        )
    assert "occurred_at" in error.value.message_dict


def test_a_closed_case_cannot_take_new_reports(call_handler):
    incident = log_report(call_handler)
    Case.objects.filter(pk=incident.case_id).update(
        status=CaseStatus.CLOSED, closed_at=timezone.now()
    )
    incident.case.refresh_from_db()
    before = counts()
    with pytest.raises(ValidationError) as error:
        log_report(call_handler, case=incident.case)
    assert "case" in error.value.message_dict
    assert counts() == before


def test_a_failure_part_way_stores_nothing(call_handler, monkeypatch):
    """The whole report is one transaction: a failing write after the case undoes the case."""
    from tandem.incidents import services

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_involve_people", explode)
    before = counts()
    with pytest.raises(RuntimeError):
        log_report(call_handler)
    assert counts() == before
