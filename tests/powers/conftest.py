from __future__ import annotations

from datetime import date

import pytest

from tandem.incidents.models import IncidentPerson, PersonRole
from tests.factories import PersonFactory
from tests.helpers import log_report


@pytest.fixture
def case(officer):
    return log_report(officer).case


@pytest.fixture
def respondent(case):
    """A perpetrator of a given age (on the date the test issues the power) added to the case."""

    def make(age: int | None, on: date = date(2026, 6, 1)):
        born = None if age is None else date(on.year - age, 1, 1)
        person = PersonFactory(date_of_birth=born)
        IncidentPerson.objects.create(
            incident=case.incidents.first(), person=person, role=PersonRole.ALLEGED_PERPETRATOR
        )
        return person

    return make
