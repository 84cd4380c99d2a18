from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.incidents.services import PersonInvolved
from tandem.people.selectors import repeat_victim_summary
from tandem.people.services import PersonDetails
from tests.helpers import log_report

pytestmark = pytest.mark.django_db


def test_counts_a_victims_incidents_across_agencies_in_the_last_12_months(
    call_handler, other_officer
):
    first = log_report(call_handler)
    victim = first.involvements.get().person
    as_victim = [
        PersonInvolved(role="victim", details=PersonDetails("Jane", "Example"), existing=victim)
    ]
    log_report(other_officer, people=as_victim)
    long_ago = timezone.now() - timedelta(days=400)
    log_report(
        other_officer,
        people=as_victim,
        reported_at=long_ago,
        occurred_at=long_ago - timedelta(hours=1),
    )

    summary = repeat_victim_summary([victim.pk])
    assert summary.incidents_last_12_months == 2
    assert summary.agencies_involved == 2
    assert summary.is_repeat


def test_a_witness_is_not_a_repeat_victim(call_handler):
    first = log_report(call_handler)
    person = first.involvements.get().person
    log_report(
        call_handler,
        people=[
            PersonInvolved(
                role="witness", details=PersonDetails("Jane", "Example"), existing=person
            )
        ],
    )
    summary = repeat_victim_summary([person.pk])
    assert summary.incidents_last_12_months == 1
    assert not summary.is_repeat
    assert repeat_victim_summary([]).incidents_last_12_months == 0


def test_counts_include_records_merged_into_the_person(call_handler, other_officer, agency):
    from tandem.accounts.models import Role
    from tandem.people.services import person_merge
    from tests.factories import UserFactory

    survivor = log_report(call_handler).involvements.get().person
    duplicate = (
        log_report(
            other_officer,
            people=[PersonInvolved(role="victim", details=PersonDetails("Jayne", "Exampel"))],
        )
        .involvements.get()
        .person
    )
    supervisor = UserFactory(agency=agency, role=Role.SUPERVISOR)
    person_merge(survivor=survivor, duplicate=duplicate, actor=supervisor, reason="Same person")

    summary = repeat_victim_summary([survivor.pk])
    assert (summary.incidents_last_12_months, summary.agencies_involved) == (2, 2)
    # Asking for both records counts each incident once.
    assert repeat_victim_summary([survivor.pk, duplicate.pk]).incidents_last_12_months == 2


def test_perpetrators_and_locations_are_counted_across_agencies(call_handler, other_officer):
    from decimal import Decimal

    from tandem.people.selectors import repeat_location_summary, repeat_perpetrator_summary

    first = log_report(
        call_handler,
        people=[
            PersonInvolved(role="alleged_perpetrator", details=PersonDetails("Pat", "Perp")),
        ],
        latitude=Decimal("51.274500"),
        longitude=Decimal("0.522300"),
    )
    perpetrator = first.involvements.get().person
    log_report(
        other_officer,
        people=[
            PersonInvolved(
                role="alleged_perpetrator",
                details=PersonDetails("Pat", "Perp"),
                existing=perpetrator,
            )
        ],
        address="12, Acacia Rd",  # written differently, same postcode: the same address
    )
    # About 30 metres away, with no address in common.
    log_report(
        other_officer,
        people=[],
        address="Bus shelter, London Road",
        postcode="",
        latitude=Decimal("51.274700"),
        longitude=Decimal("0.522600"),
    )
    summary = repeat_perpetrator_summary([perpetrator.pk])
    assert (summary.incidents_last_12_months, summary.agencies_involved) == (2, 2)

    at_address = repeat_location_summary(address="12 Acacia Road", postcode="ME14 1AA")
    assert (at_address.incidents_last_12_months, at_address.agencies_involved) == (2, 2)
    assert at_address.metres == 0
    nearby = repeat_location_summary(
        address="12 Acacia Road",
        postcode="ME14 1AA",
        latitude=Decimal("51.274500"),
        longitude=Decimal("0.522300"),
    )
    assert nearby.incidents_last_12_months == 3
    assert nearby.metres == 50
    close_only = repeat_location_summary(
        address="", latitude=Decimal("51.274500"), longitude=Decimal("0.522300"), metres=10
    )
    assert close_only.incidents_last_12_months == 1


def test_distance_is_measured_on_the_sphere():
    from tandem.people.selectors import distance_metres

    # One thousandth of a degree of latitude is about 111 metres.
    assert distance_metres(51.0, 0.0, 51.001, 0.0) == pytest.approx(111.2, abs=0.5)
    assert distance_metres(51.0, 0.5, 51.0, 0.5) == 0
