"""Request bodies and record counts shared by the API tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tandem.cases.models import Case
from tandem.incidents.models import Incident, IncidentPerson
from tandem.people.models import Person

INCIDENTS_URL = "/api/v1/incidents/"
CASES_URL = "/api/v1/cases/"


def report_payload(**overrides: Any) -> dict[str, Any]:
    """A valid report; keyword arguments replace top-level fields."""
    now = timezone.now()
    payload: dict[str, Any] = {
        "occurred_at": (now - timedelta(hours=3)).isoformat(),
        "reported_at": (now - timedelta(hours=1)).isoformat(),
        "channel": "phone",
        "category": "nuisance",
        "types": ["noise"],
        "description": "Loud music from the flat above every night after midnight.",
        "location": {"address": "1 High Street, Maidstone", "postcode": "me141aa"},
        "people": [
            {
                "role": "victim",
                "first_name": "Sam",
                "last_name": "Smith",
                "date_of_birth": "1980-01-02",
                "phone": "07700 900123",
                "email": "sam@example.org",
                "preferred_channel": "telephone",
            }
        ],
    }
    payload.update(overrides)
    return payload


def person_payload(**overrides: Any) -> dict[str, Any]:
    person: dict[str, Any] = {"role": "victim", "first_name": "Sam", "last_name": "Smith"}
    person.update(overrides)
    return person


def counts() -> tuple[int, int, int, int]:
    return (
        Incident.objects.count(),
        Case.objects.count(),
        Person.objects.count(),
        IncidentPerson.objects.count(),
    )
