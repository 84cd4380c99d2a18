"""Length, not composition; no common passwords; no words guessable from where you work."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def problems(password: str, user=None) -> str:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@pytest.mark.parametrize(
    "password",
    [
        "correct-horse-battery-staple",
        "alllowercaseandlongenough",  # no composition rules
        "x" * 128,
        "sunflower harbour 7 lanterns",
    ],
)
def test_long_passwords_without_local_words_are_fine(password, officer):
    assert problems(password, officer) == ""


def test_at_least_12_characters(officer):
    assert "too short" in problems("eleven-char", officer)
    assert problems("twelve-chars", officer) == ""


def test_up_to_256(officer):
    assert problems("a-long-passphrase " * 14, officer) == ""  # 252
    assert "256 characters or fewer" in problems("x" * 257, officer)


def test_common_passwords_are_refused(officer):
    assert "too common" in problems("qwerty123456", officer)


@pytest.mark.parametrize(
    ("password", "word"),
    [
        ("TANDEM-rides-again-2026", "Tandem"),
        ("i-love-kent-in-spring", "Kent"),  # a word of the partnership's name
        ("visiting-medway-by-boat", "Medway"),
        ("test-council-rules-ok", "Test Council"),  # an agency's name
        ("my-testpolice-secret", "Test Police"),
        ("xx-TESTCOUNCIL-xx", "Test Council"),  # or code
        ("olive-branches-grow", "Olive"),  # the user's own name
        ("my-officer-password", "officer"),  # and username
        ("sunny-maidstone-days", "Maidstone"),  # a district
    ],
)
def test_local_words_are_refused(password, word, officer, other_agency):
    DistrictFactory(name="Maidstone")
    assert f"must not include “{word}”" in problems(password, officer)


def test_ward_names_and_short_words_are_allowed(officer, ward):
    # Ward names are too often ordinary words ("Bridge"); three letters turn up by chance.
    assert problems("bridge-over-quiet-water", officer) == ""


def test_extra_words_from_the_environment(officer, settings):
    settings.TANDEM_PASSWORD_LOCAL_WORDS = ["Invicta"]
    assert "must not include “Invicta”" in problems("invicta-forever-and-ever", officer)


def test_without_a_user(db):
    assert "Tandem" in problems("tandem-tandem-tandem")
    assert problems("violet-harbour-lantern-nine") == ""


def test_create_user_applies_the_policy(agency):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must not include"):
        call_command(
            "create_user",
            "new.officer",
            "--agency",
            "TESTCOUNCIL",
            "--role",
            "case_officer",
            stdin=__import__("io").StringIO("tandem-for-everyone-here\n"),
        )
