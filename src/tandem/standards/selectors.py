from __future__ import annotations

from django.db.models import Q

from tandem.accounts.models import Agency
from tandem.core.config_cache import config_cached
from tandem.standards.models import ServiceStandard


def standards_for(agency: Agency) -> list[ServiceStandard]:
    """The standards in force for an agency: its own rows, else the partnership defaults."""
    return config_cached(f"standards:{agency.pk}", lambda: _load_standards(agency))


def _load_standards(agency: Agency) -> list[ServiceStandard]:
    rows = ServiceStandard.objects.filter(Q(agency=agency) | Q(agency__isnull=True), active=True)
    chosen: dict[str, ServiceStandard] = {}
    for row in rows:
        if row.code not in chosen or row.agency_id is not None:
            chosen[row.code] = row
    return sorted(chosen.values(), key=lambda standard: standard.code)
