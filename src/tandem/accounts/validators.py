"""Password validators for the NCSC's advice: length, not composition; no guessable words.

Listed in ``AUTH_PASSWORD_VALIDATORS`` with Django's minimum length (12) and common-password
validators. ``tandem seed-demo`` gives the demo accounts a published password without these
checks: demo data only, never a live service.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

# Shorter words are too likely to turn up by chance inside a long passphrase.
MINIMUM_WORD_LENGTH = 4


class MaximumLengthValidator:
    """Long passphrases are welcome; only absurd lengths are refused."""

    def __init__(self, max_length: int = 256) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                "Password must be %(max_length)d characters or fewer",
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return f"Your password can be up to {self.max_length} characters long."


def squash(text: str) -> str:
    """Lower case, letters and digits only: "Kent & Medway" and "kent-medway" both become
    "kentmedway"."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


class LocalWordsValidator:
    """Refuse passwords containing words someone could guess from where the user works.

    The words: "tandem", the partnership's name and each word of it, every agency's name and
    code, the names of the partnership and district areas (ward names are too often ordinary
    words), the user's username and names, and any in ``TANDEM_PASSWORD_LOCAL_WORDS``.
    """

    def validate(self, password: str, user: Any = None) -> None:
        squashed = squash(password)
        for word, shown in local_words(user):
            if word in squashed:
                raise ValidationError(
                    "Password must not include %(word)s or other words people could guess "
                    "from where you work or who you are",
                    code="password_local_word",
                    params={"word": f"“{shown}”"},
                )

    def get_help_text(self) -> str:
        return (
            "Your password must not include the name of this service, your partnership, "
            "agency or area, or your own name or username."
        )


def local_words(user: Any = None) -> list[tuple[str, str]]:
    """(squashed word, word as written) pairs, longest first so the message names the most
    telling match."""
    from tandem.accounts.models import Agency
    from tandem.geography.models import Area, AreaKind

    partnership = settings.TANDEM_PARTNERSHIP_NAME
    candidates = ["Tandem", partnership, *partnership.split()]
    for name, code in Agency.objects.values_list("name", "code"):
        candidates += [name, code]
    candidates += Area.objects.filter(
        kind__in=[AreaKind.PARTNERSHIP, AreaKind.DISTRICT]
    ).values_list("name", flat=True)
    if user is not None:
        candidates += [
            getattr(user, "username", "") or "",
            getattr(user, "first_name", "") or "",
            getattr(user, "last_name", "") or "",
        ]
    candidates += list(getattr(settings, "TANDEM_PASSWORD_LOCAL_WORDS", []))

    words: dict[str, str] = {}
    for candidate in candidates:
        word = squash(candidate)
        if len(word) >= MINIMUM_WORD_LENGTH:
            words.setdefault(word, candidate.strip())
    return sorted(words.items(), key=lambda item: -len(item[0]))
