from __future__ import annotations

import pytest

from tandem.people.keys import name_key, phone_key

pytestmark = pytest.mark.django_db


def test_keys_fold_case_punctuation_and_prefixes():
    assert name_key("Seán", "O'Brien-Smith") == "sean obriensmith"
    assert phone_key("+44 7700 900123") == "07700900123"
    assert phone_key("0044 7700 900123") == "07700900123"
