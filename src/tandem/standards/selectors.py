from __future__ import annotations

from tandem.accounts.models import Agency
from tandem.core.config_cache import config_cached
from tandem.standards.models import ServiceStandard


def standards_for(agency: Agency) -> list[ServiceStandard]:
    """The standards in force for an agency: its own rows, else the partnership defaults."""
    chosen: dict[str, ServiceStandard] = {}
    for row in config_cached("service-standards", _active_standards):
        if row.agency_id not in (None, agency.pk):
            continue
        if row.code not in chosen or row.agency_id is not None:
            chosen[row.code] = row
    return sorted(chosen.values(), key=lambda standard: standard.code)


def _active_standards() -> list[ServiceStandard]:
    """Every agency's active standards and the defaults: a short table, read whole."""
    return list(ServiceStandard.objects.filter(active=True))
