from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from tandem.people.keys import email_key, name_key, phone_key
from tandem.people.models import Person
from tandem.people.services import PersonDetails


@dataclass(frozen=True)
class ExactMatch:
    person: Person
    reasons: tuple[str, ...]

    @property
    def strong(self) -> bool:
        """Name and something that identifies the person (birth date, phone or email) agree."""
        return "name" in self.reasons and len(self.reasons) > 1


def exact_matches(details: PersonDetails, *, limit: int = 10) -> list[ExactMatch]:
    """People already known who share this person's name and date of birth, phone or email.

    Exact comparison of normalised keys only; spelling-tolerant matching is a later stage.
    """
    key = name_key(details.first_name, details.last_name)
    phone = phone_key(details.phone)
    email = email_key(details.email)
    conditions = Q(pk__in=[])
    if key and details.date_of_birth:
        conditions |= Q(name_key=key, date_of_birth=details.date_of_birth)
    if len(phone) >= 6:
        conditions |= Q(phone_key=phone)
    if email:
        conditions |= Q(email_key=email)
    matches = []
    for person in Person.objects.filter(conditions).order_by("id")[:limit]:
        reasons = []
        if person.name_key == key:
            reasons.append("name")
        if details.date_of_birth and person.date_of_birth == details.date_of_birth:
            reasons.append("date of birth")
        if phone and person.phone_key == phone:
            reasons.append("phone")
        if email and person.email_key == email:
            reasons.append("email")
        matches.append(ExactMatch(person=person, reasons=tuple(reasons)))
    return sorted(matches, key=lambda match: (-len(match.reasons), match.person.pk))


@dataclass(frozen=True)
class RepeatSummary:
    """How often a person has been a victim recently, across every agency.

    Counts only: no case details, so it is safe to show to any agency's staff.
    """

    incidents_last_12_months: int
    agencies_involved: int

    @property
    def is_repeat(self) -> bool:
        return self.incidents_last_12_months > 1


REPEAT_WINDOW_DAYS = 365


def repeat_victim_summary(
    person_ids: Iterable[int], *, as_of: datetime | None = None
) -> RepeatSummary:
    """Incidents in the 12 months before ``as_of`` where any of ``person_ids`` was the victim.

    Deliberately not limited by visibility: repeat victims must be recognised whichever agency
    took the earlier calls. Only counts leave this function.
    """
    from tandem.incidents.models import IncidentPerson, PersonRole

    ids = [pk for pk in person_ids if pk]
    if not ids:
        return RepeatSummary(incidents_last_12_months=0, agencies_involved=0)
    until = as_of or timezone.now()
    since = until - timedelta(days=REPEAT_WINDOW_DAYS)
    rows = IncidentPerson.objects.filter(
        person_id__in=ids,
        role=PersonRole.VICTIM,
        incident__reported_at__gt=since,
        incident__reported_at__lte=until,
    ).aggregate(
        incidents=Count("incident_id", distinct=True),
        agencies=Count("incident__receiving_agency_id", distinct=True),
    )
    return RepeatSummary(
        incidents_last_12_months=rows["incidents"], agencies_involved=rows["agencies"]
    )
