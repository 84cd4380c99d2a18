"""Reads of powers."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.cases.models import Case
from tandem.incidents.models import IncidentPerson
from tandem.people.models import Person
from tandem.powers.models import PowerUse


def case_power_uses(case: Case) -> QuerySet[PowerUse]:
    return PowerUse.objects.filter(case=case).select_related(
        "power", "respondent_person", "recorded_by"
    )


def case_people(case: Case) -> list[Person]:
    """Everyone named on the case's incidents, once each."""
    people: dict[int, Person] = {}
    for involvement in (
        IncidentPerson.objects.filter(incident__case=case)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "id")
    ):
        people.setdefault(involvement.person_id, involvement.person)
    return list(people.values())
