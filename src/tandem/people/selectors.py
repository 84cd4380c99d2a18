from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

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
