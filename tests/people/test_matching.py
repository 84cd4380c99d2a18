"""Person matching: each kind of variation the brief names, the reasons given, and the rules
around merged records and thresholds."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from tandem.people.keys import person_keys
from tandem.people.matching import (
    Candidate,
    Probe,
    Thresholds,
    find_candidates,
    matching_thresholds,
    nickname_variants,
    score,
)
from tandem.people.models import MatchingSettings, Nickname, Person
from tandem.people.services import PersonDetails, person_create
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BORN = date(1980, 5, 1)


@pytest.fixture
def known() -> Person:
    return person_create(
        details=PersonDetails(
            first_name="Robert",
            last_name="O'Brien-Smith",
            date_of_birth=BORN,
            address="12 Acacia Road",
            postcode="ME14 1AA",
            phone="07700 900111",
            email="rob@example.org",
        )
    )


def only(candidates: list[Candidate]) -> Candidate:
    assert len(candidates) == 1, candidates
    return candidates[0]


def test_the_same_details_are_a_confident_strong_match(known):
    found = only(
        find_candidates(
            PersonDetails("Robert", "O'Brien-Smith", date_of_birth=BORN, phone="07700900111")
        )
    )
    assert found.person == known
    assert found.confidence >= 0.9
    assert found.reasons == ("same name", "same date of birth", "same phone")
    assert found.strong


@pytest.mark.parametrize(
    ("first", "last", "reason"),
    [
        ("Robret", "O'Brien-Smith", "similar name"),  # a typo
        ("Robert", "OBrien Smith", "same name"),  # apostrophe and hyphen dropped
        ("Robert", "O Brien-Smith", "same name"),
        ("Bob", "O'Brien-Smith", "nickname"),
        ("Rob", "O'Brien-Smith", "nickname"),
        ("O'Brien-Smith", "Robert", "names swapped"),
        ("ROBERT", "o'brien-smith", "same name"),
        ("Robert", "O'Brien", "similar name"),  # half of a double-barrelled surname
    ],
)
def test_name_variations_are_found_with_the_birth_date(known, first, last, reason):
    found = only(find_candidates(PersonDetails(first, last, date_of_birth=BORN)))
    assert found.person == known
    assert reason in found.reasons
    assert "same date of birth" in found.reasons
    assert found.confidence >= 0.9


def test_missing_birth_date_is_carried_by_the_phone(known):
    found = only(find_candidates(PersonDetails("Bob", "OBrien-Smith", phone="+44 7700 900111")))
    assert found.person == known
    assert found.reasons == ("similar name", "nickname", "same phone")
    assert found.confidence >= 0.9


def test_new_phone_and_house_move_are_carried_by_the_birth_date(known):
    found = only(
        find_candidates(
            PersonDetails(
                "Robert",
                "O'Brien-Smith",
                date_of_birth=BORN,
                phone="07700 900999",
                address="3 Mill Lane",
                postcode="CT1 1AA",
            )
        )
    )
    assert found.person == known
    assert found.reasons == ("same name", "same date of birth")
    assert found.confidence >= 0.9


def test_a_name_alone_is_offered_but_not_confident(known):
    found = only(find_candidates(PersonDetails("Robert", "O'Brien-Smith")))
    assert found.person == known
    assert 0.6 <= found.confidence < 0.9
    assert not found.strong


def test_the_same_address_and_a_similar_name_without_birth_date(known):
    found = only(
        find_candidates(
            PersonDetails("Robret", "O'Brien-Smith", address="12 Acacia Rd", postcode="me141aa")
        )
    )
    assert found.reasons == ("similar name", "same address")
    assert found.confidence >= 0.9
    assert not found.strong  # an address is not an identifier: nothing links automatically


def test_relatives_and_namesakes_are_not_confident(known):
    # A relative at the same address, sharing the landline, with another first name and birth
    # date; and a namesake born on another day.
    relative = find_candidates(
        PersonDetails(
            "Margaret",
            "O'Brien-Smith",
            date_of_birth=date(1952, 2, 3),
            address="12 Acacia Road",
            postcode="ME14 1AA",
            phone="07700 900111",
        ),
        min_confidence=0.0,
    )
    assert all(c.confidence < 0.6 for c in relative)
    namesake = find_candidates(
        PersonDetails("Robert", "O'Brien-Smith", date_of_birth=date(1999, 9, 9)),
        min_confidence=0.0,
    )
    assert all(c.confidence < 0.9 for c in namesake)


def test_a_shared_phone_with_another_name_is_not_offered(known):
    assert find_candidates(PersonDetails("Jo", "Jones", phone="07700900111")) == []


def test_day_and_month_swapped_is_not_held_against_a_match(known):
    found = only(
        find_candidates(PersonDetails("Robert", "O'Brien-Smith", date_of_birth=date(1980, 1, 5)))
    )
    assert found.person == known
    assert "same date of birth" not in found.reasons


def test_a_nickname_added_in_admin_is_used_at_once(client, django_user_model):
    person = PersonFactory(first_name="Hamish", last_name="Grant", date_of_birth=BORN)
    assert (
        find_candidates(PersonDetails("Jamie", "Grant", date_of_birth=BORN), min_confidence=0.9)
        == []
    )
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    response = client.post("/admin/people/nickname/add/", {"name": "Hamish", "variant": "Jamie"})
    assert response.status_code == 302
    found = only(find_candidates(PersonDetails("Jamie", "Grant", date_of_birth=BORN)))
    assert found.person == person
    assert "nickname" in found.reasons


def test_nickname_variants_go_through_the_full_names_but_not_across_them():
    variants = nickname_variants(["Kate", "Samuel", "Sam"])
    assert {"katherine", "catherine", "kathy", "katie"} <= variants["kate"]
    assert "sam" in variants["samuel"]
    assert "samantha" not in variants["samuel"]  # both are Sam, but not each other
    assert {"samuel", "samantha"} <= variants["sam"]


def test_merged_records_lead_to_the_survivor(known, django_user_model):
    from tandem.accounts.models import Role
    from tandem.people.services import person_merge
    from tests.factories import UserFactory

    supervisor = UserFactory(role=Role.SUPERVISOR)
    old = person_create(
        details=PersonDetails("Bobby", "O'Brien Smith", phone="01622 123456", postcode="ME14 1AA")
    )
    person_merge(survivor=known, duplicate=old, actor=supervisor, reason="Same person")

    # Found through the old record's phone: the survivor is offered, never the duplicate.
    found = only(find_candidates(PersonDetails("Robert", "O'Brien-Smith", phone="01622 123456")))
    assert found.person == known
    assert "same phone" in found.reasons
    assert all(c.person != old for c in find_candidates(PersonDetails("Bobby", "O'Brien Smith")))


def test_excluded_people_are_left_out(known):
    details = PersonDetails("Robert", "O'Brien-Smith", date_of_birth=BORN)
    assert find_candidates(details, exclude_ids=[known.pk]) == []


def test_thresholds_are_configuration():
    assert matching_thresholds() == Thresholds(offer=0.6, confident=0.9, repeat_location_metres=50)
    MatchingSettings.objects.filter(pk=1).update(offer_threshold="0.80", confident_threshold="0.95")
    assert matching_thresholds().offer == 0.8
    PersonFactory(first_name="Ada", last_name="Lovelace")
    # A name alone (about 0.76) is no longer offered.
    assert find_candidates(PersonDetails("Ada", "Lovelace")) == []


def test_the_search_is_a_few_queries_whatever_is_found(known):
    for n in range(30):
        PersonFactory(first_name="Robert", last_name="O'Brien-Smith", phone=f"0770090{n:04d}")
    details = PersonDetails(
        "Robert",
        "O'Brien-Smith",
        date_of_birth=BORN,
        phone="07700900111",
        email="rob@example.org",
        address="12 Acacia Road",
        postcode="ME14 1AA",
    )
    thresholds = matching_thresholds()
    with CaptureQueriesContext(connection) as queries:
        found = find_candidates(details, thresholds=thresholds)
    # Nicknames; then the four blocks (birth date, names, phone or email, address) as one
    # UNION ALL, on every database.
    assert len(queries) == 2
    assert queries[1]["sql"].count("UNION ALL") == 3
    assert found[0].person == known
    assert len(found) == 10


# --------------------------------------------------------------------------------------------
# Scoring on its own (no database)


names = st.sampled_from(
    [
        "Robert",
        "Bob",
        "Robret",
        "Margaret",
        "Peggy",
        "O'Brien",
        "OBrien",
        "Smith",
        "Smyth",
        "Lee",
        "",
    ]
)
dates = st.one_of(
    st.none(), st.sampled_from([date(1980, 5, 1), date(1980, 1, 5), date(1999, 9, 9)])
)
phones = st.sampled_from(["", "07700900111", "07700900222"])


def stored(details: PersonDetails) -> Person:
    keys = person_keys(
        first_name=details.first_name,
        last_name=details.last_name,
        phone=details.phone,
        email=details.email,
        address=details.address,
        postcode=details.postcode,
    )
    return Person(
        first_name=details.first_name,
        last_name=details.last_name,
        date_of_birth=details.date_of_birth,
        postcode=details.postcode,
        **keys.as_dict(),
    )


NICKNAMES = {"bob": {"robert"}, "robert": {"bob", "rob"}, "peggy": {"margaret"}}


@given(names, names, dates, phones, names, names, dates, phones)
def test_confidence_is_a_fraction_and_agreeing_more_never_lowers_it(
    first, last, born, phone, other_first, other_last, other_born, other_phone
):
    probe_details = PersonDetails(first or "X", last or "Y", date_of_birth=born, phone=phone)
    person = stored(
        PersonDetails(
            other_first or "X", other_last or "Y", date_of_birth=other_born, phone=other_phone
        )
    )
    probe = Probe.from_details(probe_details, NICKNAMES)
    confidence, reasons = score(probe, person)
    assert 0.0 <= confidence <= 1.0
    assert len(set(reasons)) == len(reasons)
    if phone:  # the same phone as well can only add to the evidence
        same_phone = stored(
            PersonDetails(
                other_first or "X", other_last or "Y", date_of_birth=other_born, phone=phone
            )
        )
        assert score(probe, same_phone)[0] >= confidence


def test_scores_in_words():
    probe = Probe.from_details(
        PersonDetails("Bob", "OBrien", date_of_birth=BORN, phone="07700900111"), NICKNAMES
    )
    person = stored(PersonDetails("Robert", "O'Brien", date_of_birth=BORN, phone="07700 900111"))
    confidence, reasons = score(probe, person)
    assert reasons == ("similar name", "nickname", "same date of birth", "same phone")
    assert confidence > 0.99

    swapped = Probe.from_details(PersonDetails("OBrien", "Robert", date_of_birth=BORN), NICKNAMES)
    assert score(swapped, person)[1] == ("same name", "names swapped", "same date of birth")

    married = Probe.from_details(
        PersonDetails("Robert", "Jones", date_of_birth=BORN, phone="07700900111"), NICKNAMES
    )
    confidence, reasons = score(married, person)
    assert reasons == ("similar first name", "same date of birth", "same phone")
    assert confidence >= 0.9
    assert not Candidate(person=person, confidence=confidence, reasons=reasons).strong


def test_nicknames_are_folded_and_checked_in_admin(client, django_user_model):
    admin_user = django_user_model.objects.create_superuser(
        "root", "root@example.org", "pw-12345678901"
    )
    client.force_login(admin_user)
    response = client.post("/admin/people/nickname/add/", {"name": "Hamish", "variant": "Jamie"})
    assert response.status_code == 302
    assert Nickname.objects.filter(name="hamish", variant="jamie").exists()
    again = client.post("/admin/people/nickname/add/", {"name": "HAMISH", "variant": "jamie"})
    assert again.status_code == 200  # refused: the pair exists already
    assert Nickname.objects.filter(name="hamish").count() == 1
    assert client.get("/admin/people/matchingsettings/1/change/").status_code == 200
