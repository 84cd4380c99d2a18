from __future__ import annotations

from django.db.models import Q

from tandem.accounts.models import Agency
from tandem.standards.models import ServiceStandard


def standards_for(agency: Agency) -> list[ServiceStandard]:
    """The standards in force for an agency: its own rows, else the partnership defaults."""
    rows = ServiceStandard.objects.filter(Q(agency=agency) | Q(agency__isnull=True), active=True)
    chosen: dict[str, ServiceStandard] = {}
    for row in rows:
        if row.code not in chosen or row.agency_id is not None:
            chosen[row.code] = row
    return sorted(chosen.values(), key=lambda standard: standard.code)
