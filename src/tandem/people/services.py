from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tandem.people.keys import email_key, name_key, phone_key
from tandem.people.models import Person


@dataclass(frozen=True)
class PersonDetails:
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    preferred_channel: str = ""


def person_create(*, details: PersonDetails) -> Person:
    person = Person(
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        date_of_birth=details.date_of_birth,
        address=details.address.strip(),
        postcode=details.postcode,
        phone=details.phone.strip(),
        email=details.email.strip(),
        preferred_channel=details.preferred_channel,
    )
    person_refresh_keys(person=person)
    person.full_clean()
    person.save()
    return person


def person_refresh_keys(*, person: Person) -> None:
    person.name_key = name_key(person.first_name, person.last_name)
    person.phone_key = phone_key(person.phone)
    person.email_key = email_key(person.email)
