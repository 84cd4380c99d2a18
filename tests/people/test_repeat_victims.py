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
