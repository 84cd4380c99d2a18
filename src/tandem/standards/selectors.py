from __future__ import annotations

from datetime import date

from django.db.models import Q

from tandem.accounts.models import Agency
from tandem.standards.models import ServiceStandard
from tandem.standards.working_days import add_working_days


def standards_for(agency: Agency) -> list[ServiceStandard]:
    """The standards in force for an agency: its own rows, else the partnership defaults."""
    rows = ServiceStandard.objects.filter(Q(agency=agency) | Q(agency__isnull=True), active=True)
    chosen: dict[str, ServiceStandard] = {}
    for row in rows:
        if row.code not in chosen or row.agency_id is not None:
            chosen[row.code] = row
    return sorted(chosen.values(), key=lambda standard: standard.code)


def first_deadline(*, agency: Agency, reported_on: date, serious: bool) -> date | None:
    """The earliest service-standard deadline a new case starts with."""
    due_dates = [
        add_working_days(reported_on, standard.working_days)
        for standard in standards_for(agency)
        if serious or not standard.serious_only
    ]
    return min(due_dates, default=None)
