"""Normalised forms of a person's details, used to find the same person again.

Every ``*_key`` column on ``Person`` (and ``Incident.address_key``) is computed here, so the
services, the data migrations, the test factories and the benchmark generator agree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import jellyfish

PHONETIC_KEY_LENGTH = 12
ADDRESS_KEY_LENGTH = 120


def fold(value: str) -> str:
    """Lower-case ASCII letters only: ``O'Brien-Smith`` → ``obriensmith``, ``Seán`` → ``sean``.

    Apostrophes, hyphens and spaces vanish, so O'Brien, OBrien and O Brien (and Smith-Jones and
    Smith Jones) fold to the same string.
    """
    ascii_only = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_only.lower())


def name_key(first_name: str, last_name: str) -> str:
    """Both names folded: ``Seán``, ``O'Brien-Smith`` → ``sean obriensmith``."""
    return f"{fold(first_name)} {fold(last_name)}".strip()


def phonetic_key(name: str) -> str:
    """Metaphone of the folded name: Smith and Smyth, Catherine and Katherine share a key."""
    folded = fold(name)
    if not folded:
        return ""
    return jellyfish.metaphone(folded)[:PHONETIC_KEY_LENGTH].upper()


def phone_key(value: str) -> str:
    """Digits only, UK international prefix made national: ``+44 7700 900123`` → ``07700900123``."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    return digits[:20]


def email_key(value: str) -> str:
    return (value or "").strip().lower()


def postcode_key(value: str) -> str:
    """``me14 1aa`` → ``ME141AA``."""
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


_ADDRESS_NOISE = re.compile(r"\b(flat|apartment|apt|unit|house|no|number)\b")


def address_key(address: str, postcode: str) -> str:
    """The same dwelling however it is written: postcode plus the house and flat numbers.

    ``Flat 3, 12 Acacia Road`` at ME14 1AA → ``ME141AA:3-12``. Without numbers the folded
    address stands in (``ME141AA:rosecottage``); without a postcode the whole folded address
    does, so ``12 Acacia Rd`` and ``12 Acacia Road`` differ then (a postcode makes them agree).
    Blank when there is no address at all.
    """
    text = unicodedata.normalize("NFKD", address or "").encode("ascii", "ignore").decode().lower()
    code = postcode_key(postcode)
    numbers = re.findall(r"\d+[a-z]?\b", text)
    if code and numbers:
        key = f"{code}:{'-'.join(numbers)}"
    elif code and text.strip():
        key = f"{code}:{re.sub(r'[^a-z]', '', _ADDRESS_NOISE.sub('', text))[:40]}"
    elif text.strip():
        key = ":" + re.sub(r"[^a-z0-9]", "", text)
    else:
        key = ""
    return key[:ADDRESS_KEY_LENGTH]


@dataclass(frozen=True)
class PersonKeys:
    """The blocking and comparison keys of one person's details."""

    name_key: str
    surname_key: str
    forename_key: str
    phone_key: str
    email_key: str
    address_key: str

    def as_dict(self) -> dict[str, str]:
        return {
            "name_key": self.name_key,
            "surname_key": self.surname_key,
            "forename_key": self.forename_key,
            "phone_key": self.phone_key,
            "email_key": self.email_key,
            "address_key": self.address_key,
        }


def person_keys(
    *,
    first_name: str,
    last_name: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    postcode: str = "",
) -> PersonKeys:
    """All of a person's keys; use this when bulk-creating people without the services."""
    return PersonKeys(
        name_key=name_key(first_name, last_name),
        surname_key=phonetic_key(last_name),
        forename_key=phonetic_key(first_name),
        phone_key=phone_key(phone),
        email_key=email_key(email),
        address_key=address_key(address, postcode),
    )
