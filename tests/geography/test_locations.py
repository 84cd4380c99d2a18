from __future__ import annotations

import pytest

from tandem.geography.selectors import (
    postcode_is_valid,
    postcode_normalise,
    ward_for_location,
)
from tests.factories import WardFactory


@pytest.mark.parametrize(
    "raw",
    ["ME14 1XX", "me141xx", " ct1  2ab ", "DA1 1AA", "SW1A 1AA", "GIR 0AA", "W1A 0AX", "EC1A 1BB"],
)
def test_real_postcode_shapes_are_accepted(raw):
    assert postcode_is_valid(raw)


@pytest.mark.parametrize("raw", ["", "ME14", "12345", "NOT A CODE", "ME14 1X", "QQ1 1AA"])
def test_other_text_is_not_a_postcode(raw):
    assert not postcode_is_valid(raw)


def test_postcodes_are_normalised():
    assert postcode_normalise("me141xx") == "ME14 1XX"
    assert postcode_normalise("  ct1 2ab") == "CT1 2AB"


@pytest.mark.django_db
def test_ward_is_found_by_postcode_then_by_boundary(postcode):
    assert ward_for_location(postcode="me14 1aa") == postcode.ward
    square = {
        "type": "Polygon",
        "coordinates": [[[0.5, 51.2], [0.6, 51.2], [0.6, 51.3], [0.5, 51.3], [0.5, 51.2]]],
    }
    boxed = WardFactory(boundary=square)
    assert ward_for_location(postcode="ZZ9 9ZZ", latitude=51.25, longitude=0.55) == boxed
    assert ward_for_location(latitude=50.0, longitude=0.0) is None
    assert ward_for_location() is None
