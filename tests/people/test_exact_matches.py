from __future__ import annotations

from datetime import date

import pytest

from tandem.people.keys import name_key, phone_key
from tandem.people.selectors import exact_matches
from tandem.people.services import PersonDetails, person_create

pytestmark = pytest.mark.django_db


def test_keys_fold_case_punctuation_and_prefixes():
    assert name_key("Seán", "O'Brien-Smith") == "sean obriensmith"
    assert phone_key("+44 7700 900123") == "07700900123"
    assert phone_key("0044 7700 900123") == "07700900123"


def test_matches_on_name_and_birth_date_phone_or_email():
    person = person_create(
        details=PersonDetails(
            "Sean",
            "O'Brien",
            date_of_birth=date(1980, 5, 1),
            phone="07700 900111",
            email="Sean@Example.com",
        )
    )

    by_birth = exact_matches(PersonDetails("SEAN", "obrien", date_of_birth=date(1980, 5, 1)))
    assert [m.person for m in by_birth] == [person]
    assert by_birth[0].reasons == ("name", "date of birth")
    assert by_birth[0].strong

    by_phone = exact_matches(PersonDetails("Someone", "Else", phone="+44 7700 900111"))
    assert by_phone[0].reasons == ("phone",)
    assert not by_phone[0].strong

    by_email = exact_matches(PersonDetails("Sean", "O'Brien", email="sean@example.com "))
    assert by_email[0].reasons == ("name", "email")


def test_a_name_alone_is_not_a_match():
    person_create(details=PersonDetails("Sam", "Smith", date_of_birth=date(1990, 1, 1)))
    assert exact_matches(PersonDetails("Sam", "Smith")) == []
    assert exact_matches(PersonDetails("Sam", "Smith", date_of_birth=date(1991, 1, 1))) == []
