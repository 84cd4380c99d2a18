"""Building reports for tests through the same input the forms and API use."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tandem.accounts.models import User
from tandem.incidents.models import Category, IncidentType
from tandem.incidents.services import IncidentReport, PersonInvolved, incident_log
from tandem.people.services import PersonDetails


def make_report(actor: User, **overrides: Any) -> IncidentReport:
    now = timezone.now()
    values: dict[str, Any] = {
        "occurred_at": now - timedelta(days=1),
        "reported_at": now - timedelta(minutes=5),
        "channel": "phone",
        "receiving_agency": actor.agency,
        "category": Category.objects.get(code="nuisance"),
        "types": [IncidentType.objects.get(code="noise")],
        "description": "Loud music every night after midnight.",
        "address": "12 Acacia Road",
        "postcode": "ME14 1AA",
        "people": [
            PersonInvolved(
                role="victim",
                details=PersonDetails(first_name="Jane", last_name="Example", phone="07700 900123"),
            )
        ],
    }
    values.update(overrides)
    return IncidentReport(**values)


def log_report(actor: User, **overrides: Any):
    return incident_log(actor=actor, report=make_report(actor, **overrides))
