"""Opaque, human-friendly public references such as ``ASB-2026-7K3QX``.

Random rather than sequential, so a reference reveals nothing about case volumes and cannot be
guessed from another. The alphabet leaves out letters that are misread over the phone (I, L, O, U).
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 5


def new_reference(prefix: str, year: int) -> str:
    suffix = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{prefix}-{year}-{suffix}"
