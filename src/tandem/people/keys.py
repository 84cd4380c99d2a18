"""Normalised forms of a person's details, used to find the same person again."""

from __future__ import annotations

import re
import unicodedata


def name_key(first_name: str, last_name: str) -> str:
    """Lower case, accents, punctuation and spacing folded: ``O'Brien-Smith`` → ``obriensmith``."""
    return f"{_fold(first_name)} {_fold(last_name)}".strip()


def _fold(value: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_only.lower())


def phone_key(value: str) -> str:
    """Digits only, UK international prefix made national: ``+44 7700 900123`` → ``07700900123``."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    return digits


def email_key(value: str) -> str:
    return (value or "").strip().lower()
