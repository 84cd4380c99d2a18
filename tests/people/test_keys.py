from __future__ import annotations

import pytest

from tandem.people.keys import address_key, fold, person_keys, phonetic_key, postcode_key


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("O'Brien", "obrien"),
        ("OBrien", "obrien"),
        ("O Brien", "obrien"),
        ("Smith-Jones", "smithjones"),
        ("Smith Jones", "smithjones"),
        ("Seán", "sean"),
        ("  ZOË ", "zoe"),
    ],
)
def test_fold_drops_case_accents_apostrophes_hyphens_and_spaces(written, folded):
    assert fold(written) == folded


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Smith", "Smyth"),
        ("Catherine", "Katherine"),
        ("Jonathan", "Jonathon"),
        ("Michael", "Micheal"),
        ("McDonald", "Macdonald"),
        ("O'Brien", "O Brien"),
        ("Stephen", "Steven"),
    ],
)
def test_spelling_variants_share_a_phonetic_key(one, other):
    assert phonetic_key(one) == phonetic_key(other) != ""


def test_different_names_have_different_phonetic_keys():
    assert phonetic_key("Smith") != phonetic_key("Jones")
    assert phonetic_key("") == ""


def test_address_key_is_postcode_and_house_numbers():
    assert address_key("12 Acacia Road", "me14 1aa") == "ME141AA:12"
    assert address_key("12, Acacia Rd.", "ME14 1AA") == "ME141AA:12"
    assert address_key("Flat 3, 12 Acacia Road", "ME14 1AA") == "ME141AA:3-12"
    assert address_key("Rose Cottage, Mill Lane", "ME14 1AA") == "ME141AA:rosecottagemilllane"
    assert address_key("12 Acacia Road", "") == ":12acaciaroad"
    assert address_key("", "") == ""
    assert postcode_key("me14 1aa") == "ME141AA"


def test_person_keys_bundle_every_key():
    keys = person_keys(
        first_name="Seán",
        last_name="O'Brien",
        phone="+44 7700 900123",
        email=" Sean@Example.COM",
        address="12 Acacia Road",
        postcode="ME14 1AA",
    )
    assert keys.as_dict() == {
        "name_key": "sean obrien",
        "surname_key": phonetic_key("obrien"),
        "forename_key": phonetic_key("sean"),
        "phone_key": "07700900123",
        "email_key": "sean@example.com",
        "address_key": "ME141AA:12",
    }
