from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from tandem.people.keys import address_key
from tandem.people.models import Person, PersonMerge
from tandem.people.services import PersonDetails

if TYPE_CHECKING:
    from tandem.accounts.models import User
    from tandem.cases.models import Case
    from tandem.incidents.models import IncidentPerson


def merged_families(person_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each person with every record merged into them, directly or through another merge.

    One query per level of merging (usually one query that finds nothing more).
    """
    roots = {pk for pk in person_ids if pk}
    children: dict[int, list[int]] = {}
    frontier, seen = set(roots), set(roots)
    for _ in range(10):  # merge chains are short; the bound guards against a cycle
        if not frontier:
            break
        rows = list(
            Person.objects.filter(merged_into_id__in=frontier).values_list("id", "merged_into_id")
        )
        frontier = set()
        for child, parent in rows:
            children.setdefault(parent, []).append(child)
            if child not in seen:
                seen.add(child)
                frontier.add(child)
    families: dict[int, set[int]] = {}
    for root in roots:
        family, stack = {root}, [root]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in family:
                    family.add(child)
                    stack.append(child)
        families[root] = family
    return families


def person_details(person: Person) -> PersonDetails:
    """A stored person's details in the form searches take."""
    return PersonDetails(
        first_name=person.first_name,
        last_name=person.last_name,
        date_of_birth=person.date_of_birth,
        address=person.address,
        postcode=person.postcode,
        phone=person.phone,
        email=person.email,
    )


def person_merges(person: Person) -> list[PersonMerge]:
    """The merges into and out of ``person``, newest first (for the merge page)."""
    return list(
        PersonMerge.objects.filter(Q(survivor=person) | Q(duplicate=person))
        .select_related("survivor", "duplicate", "merged_by", "undone_by")
        .order_by("-merged_at", "-id")
    )


# --------------------------------------------------------------------------------------------
# Repeat victims, perpetrators and locations: counts only, across every agency


@dataclass(frozen=True)
class RepeatSummary:
    """How often a person has been a victim recently, across every agency.

    Counts only: no case details, so it is safe to show to any agency's staff.
    """

    incidents_last_12_months: int
    agencies_involved: int
    # Which agencies, for adding an incident without counting again; never shown.
    agency_ids: frozenset[int] = field(default=frozenset(), compare=False, repr=False)

    @property
    def is_repeat(self) -> bool:
        return self.incidents_last_12_months > 1

    def including(self, *, agency_id: int, reported_at: datetime) -> RepeatSummary:
        """The counts once one more incident, received by ``agency_id`` and reported at
        ``reported_at``, is stored (unchanged if that falls outside the window)."""
        since, until = _window(None)
        if not since < reported_at <= until:
            return self
        agencies = self.agency_ids | {agency_id}
        return RepeatSummary(
            incidents_last_12_months=self.incidents_last_12_months + 1,
            agencies_involved=len(agencies),
            agency_ids=agencies,
        )


NO_INCIDENTS = RepeatSummary(incidents_last_12_months=0, agencies_involved=0)
REPEAT_WINDOW_DAYS = 365


def _window(as_of: datetime | None) -> tuple[datetime, datetime]:
    until = as_of or timezone.now()
    return until - timedelta(days=REPEAT_WINDOW_DAYS), until


def repeat_summaries(
    person_ids: Iterable[int], *, role: str, as_of: datetime | None = None
) -> dict[int, RepeatSummary]:
    """For each person, incidents in the 12 months before ``as_of`` where they (or anyone merged
    into them) had ``role``, and how many agencies received them. A fixed number of queries,
    however many people.

    Deliberately not limited by visibility: repeat victims must be recognised whichever agency
    took the earlier calls. Only counts leave this function.
    """
    from tandem.incidents.models import IncidentPerson

    families = merged_families(person_ids)
    if not families:
        return {}
    since, until = _window(as_of)
    members = set().union(*families.values())
    rows = IncidentPerson.objects.filter(
        person_id__in=members,
        role=role,
        incident__reported_at__gt=since,
        incident__reported_at__lte=until,
    ).values_list("person_id", "incident_id", "incident__receiving_agency_id")
    incidents: dict[int, set[int]] = {}
    agencies: dict[int, set[int]] = {}
    for person_id, incident_id, agency_id in rows:
        incidents.setdefault(person_id, set()).add(incident_id)
        agencies.setdefault(person_id, set()).add(agency_id)
    summaries = {}
    for root, family in families.items():
        found: set[int] = set()
        by: set[int] = set()
        for member in family:
            found |= incidents.get(member, set())
            by |= agencies.get(member, set())
        summaries[root] = RepeatSummary(
            incidents_last_12_months=len(found), agencies_involved=len(by), agency_ids=frozenset(by)
        )
    return summaries


def repeat_victim_summary(
    person_ids: Iterable[int], *, as_of: datetime | None = None
) -> RepeatSummary:
    """Incidents in the 12 months before ``as_of`` where any of ``person_ids`` (or anyone merged
    into them) was the victim, and how many agencies received them.

    Deliberately not limited by visibility: repeat victims must be recognised whichever agency
    took the earlier calls. Only counts leave this function.
    """
    from tandem.incidents.models import PersonRole

    return _combined(person_ids, role=PersonRole.VICTIM, as_of=as_of)


def repeat_perpetrator_summary(
    person_ids: Iterable[int], *, as_of: datetime | None = None
) -> RepeatSummary:
    """The same count for incidents naming the person as the alleged perpetrator."""
    from tandem.incidents.models import PersonRole

    return _combined(person_ids, role=PersonRole.ALLEGED_PERPETRATOR, as_of=as_of)


def _combined(person_ids: Iterable[int], *, role: str, as_of: datetime | None) -> RepeatSummary:
    from tandem.incidents.models import IncidentPerson

    families = merged_families(person_ids)
    if not families:
        return RepeatSummary(incidents_last_12_months=0, agencies_involved=0)
    since, until = _window(as_of)
    rows = set(
        IncidentPerson.objects.filter(
            person_id__in=set().union(*families.values()),
            role=role,
            incident__reported_at__gt=since,
            incident__reported_at__lte=until,
        ).values_list("incident_id", "incident__receiving_agency_id")
    )
    return RepeatSummary(
        incidents_last_12_months=len({incident for incident, _ in rows}),
        agencies_involved=len({agency for _, agency in rows}),
    )


@dataclass(frozen=True)
class LocationSummary:
    """Incidents at the same address or nearby in the last 12 months, across every agency."""

    incidents_last_12_months: int
    agencies_involved: int
    metres: int = 0

    @property
    def is_repeat(self) -> bool:
        return self.incidents_last_12_months > 1


EARTH_RADIUS_METRES = 6_371_000
METRES_PER_DEGREE = 111_320


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def repeat_location_summary(
    *,
    address: str,
    postcode: str = "",
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
    metres: int | None = None,
    as_of: datetime | None = None,
) -> LocationSummary:
    """Incidents in the 12 months before ``as_of`` at the same address (normalised, with the
    postcode) or, when coordinates are given, within ``metres`` (the configured distance).

    Two indexed lookups: the address key, and a latitude/longitude box around the point whose
    rows are then measured exactly. Counts only, whichever agency took them.
    """
    from tandem.incidents.models import Incident
    from tandem.people.matching import matching_thresholds

    if metres is None:
        metres = matching_thresholds().repeat_location_metres
    since, until = _window(as_of)
    in_window = Incident.objects.order_by().filter(reported_at__gt=since, reported_at__lte=until)
    found: dict[int, int] = {}
    key = address_key(address, postcode)
    if key:
        found.update(in_window.filter(address_key=key).values_list("id", "receiving_agency_id"))
    if latitude is not None and longitude is not None and metres > 0:
        lat, lon = float(latitude), float(longitude)
        dlat = metres / METRES_PER_DEGREE
        dlon = metres / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
        box = in_window.filter(
            latitude__gte=Decimal(f"{lat - dlat:.6f}"),
            latitude__lte=Decimal(f"{lat + dlat:.6f}"),
            longitude__gte=Decimal(f"{lon - dlon:.6f}"),
            longitude__lte=Decimal(f"{lon + dlon:.6f}"),
        ).values_list("id", "receiving_agency_id", "latitude", "longitude")
        for pk, agency_id, other_lat, other_lon in box:
            if other_lat is None or other_lon is None:  # pragma: no cover - filtered above
                continue
            if distance_metres(lat, lon, float(other_lat), float(other_lon)) <= metres:
                found[pk] = agency_id
    return LocationSummary(
        incidents_last_12_months=len(found),
        agencies_involved=len(set(found.values())),
        metres=metres if latitude is not None and longitude is not None else 0,
    )


# --------------------------------------------------------------------------------------------
# Vulnerability


def person_is_vulnerable(person: Person) -> bool:
    """Whether any vulnerability factor is recorded on the person or a record merged into them
    (for the case's priority; says nothing about which)."""
    return any_vulnerable([person.pk])


def any_vulnerable(person_ids: Iterable[int]) -> bool:
    """Whether any of the people (or a record merged into one of them) has a vulnerability
    factor recorded. Two queries, however many people."""
    families = merged_families(person_ids)
    members = set().union(*families.values()) if families else set()
    return bool(members) and (
        Person.vulnerability_factors.through.objects.filter(person_id__in=members).exists()
    )


# --------------------------------------------------------------------------------------------
# The case page's "Repeat and vulnerability" section


@dataclass(frozen=True)
class PersonPanelRow:
    person: Person
    roles: list[str]
    repeat_victim: RepeatSummary | None = None
    repeat_perpetrator: RepeatSummary | None = None
    merged_into: Person | None = None
    # Special-category data: None when the user may not see it.
    factors: list[str] | None = None
    hate_strands: list[str] | None = None
    notes: str | None = None


@dataclass(frozen=True)
class CasePeoplePanel:
    rows: list[PersonPanelRow] = field(default_factory=list)
    location: LocationSummary | None = None
    can_see_sensitive: bool = False
    can_record_sensitive: bool = False
    can_merge: bool = False


def case_people_panel(
    *, user: User, case: Case, involvements: Iterable[IncidentPerson], as_of: datetime | None = None
) -> CasePeoplePanel:
    """Repeat counts (across every agency, counts only) for the case's victims, alleged
    perpetrators and location, and vulnerability for those allowed to see it.

    ``involvements`` are the case's, already loaded with their people; a fixed number of
    queries whatever the number of people.
    """
    from tandem.incidents.models import PersonRole
    from tandem.people.policies import can_merge_people, can_record_sensitive, can_see_sensitive

    people: dict[int, Person] = {}
    roles: dict[int, list[str]] = {}
    for involvement in involvements:
        people.setdefault(involvement.person_id, involvement.person)
        label = PersonRole(involvement.role).label
        if label not in roles.setdefault(involvement.person_id, []):
            roles[involvement.person_id].append(label)
    role_ids = {
        role: [i.person_id for i in involvements if i.role == role]
        for role in (PersonRole.VICTIM, PersonRole.ALLEGED_PERPETRATOR)
    }
    victims = repeat_summaries(role_ids[PersonRole.VICTIM], role=PersonRole.VICTIM, as_of=as_of)
    perpetrators = repeat_summaries(
        role_ids[PersonRole.ALLEGED_PERPETRATOR], role=PersonRole.ALLEGED_PERPETRATOR, as_of=as_of
    )
    survivors = {
        p.pk: p
        for p in Person.objects.filter(
            pk__in={p.merged_into_id for p in people.values() if p.merged_into_id}
        )
    }
    sensitive = can_see_sensitive(user, case)
    factors: dict[int, list[str]] = {}
    strands: dict[int, list[str]] = {}
    notes: dict[int, str] = {}
    if sensitive and people:
        for person_id, name in Person.vulnerability_factors.through.objects.filter(
            person_id__in=people
        ).values_list("person_id", "vulnerabilityfactor__name"):
            factors.setdefault(person_id, []).append(name)
        for person_id, name in Person.hate_strands.through.objects.filter(
            person_id__in=people
        ).values_list("person_id", "hatestrand__name"):
            strands.setdefault(person_id, []).append(name)
        notes = dict(Person.objects.filter(pk__in=people).values_list("pk", "vulnerability_notes"))
    rows = [
        PersonPanelRow(
            person=person,
            roles=roles[pk],
            repeat_victim=victims.get(pk),
            repeat_perpetrator=perpetrators.get(pk),
            merged_into=survivors.get(person.merged_into_id or 0),
            factors=sorted(factors.get(pk, [])) if sensitive else None,
            hate_strands=sorted(strands.get(pk, [])) if sensitive else None,
            notes=notes.get(pk, "") if sensitive else None,
        )
        for pk, person in people.items()
    ]
    point = (
        case.incidents.order_by("-reported_at")
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("latitude", "longitude")
        .first()
    )
    location = None
    if case.address or point:
        location = repeat_location_summary(
            address=case.address,
            postcode=case.postcode,
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            as_of=as_of,
        )
    return CasePeoplePanel(
        rows=rows,
        location=location,
        can_see_sensitive=sensitive,
        can_record_sensitive=can_record_sensitive(user, case),
        can_merge=can_merge_people(user),
    )


def visible_person_ids(user: User, person_ids: Iterable[int]) -> set[int]:
    """Those of ``person_ids`` that the user may see: people who (or a record merged into whom)
    are involved in a case the user can see. People follow the cases they belong to. Two
    queries or so, whatever the number of people."""
    from tandem.cases.selectors import cases_visible_to
    from tandem.incidents.models import IncidentPerson

    families = merged_families(person_ids)
    if not families:
        return set()
    involved = set(
        IncidentPerson.objects.filter(
            person_id__in=set().union(*families.values()),
            incident__case__in=cases_visible_to(user),
        ).values_list("person_id", flat=True)
    )
    return {root for root, family in families.items() if family & involved}


def person_visible_to(user: User, person_id: int) -> Person:
    """A person involved in a case ``user`` may see, or 404 (whether missing or not theirs)."""
    from django.http import Http404

    from tandem.cases.selectors import cases_visible_to

    person = (
        Person.objects.filter(pk=person_id, involvements__incident__case__in=cases_visible_to(user))
        .distinct()
        .first()
    )
    if person is None:
        raise Http404("No such person")
    return person
