from __future__ import annotations

import re
from decimal import Decimal

from shapely.geometry import Point, shape

from tandem.geography.models import Area, AreaKind, Postcode

# The UK postcode format (GOV.UK's pattern, including GIR 0AA); the space is optional on entry.
_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]"
    r"([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def postcode_normalise(value: str) -> str:
    """``me141xx`` → ``ME14 1XX``; returns the input upper-cased if it is not a postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_is_valid(value: str) -> bool:
    return bool(_POSTCODE.match(postcode_normalise(value)))


def ward_by_code(code: str) -> Area | None:
    return Area.objects.filter(kind=AreaKind.WARD, ons_code=code.strip().upper()).first()


def ward_containing(latitude: Decimal | float, longitude: Decimal | float) -> Area | None:
    """The ward whose boundary contains the point, if any. Wards are few enough to scan."""
    point = Point(float(longitude), float(latitude))
    for ward in Area.objects.filter(kind=AreaKind.WARD, boundary__isnull=False).only(
        "id", "boundary", "name", "ons_code", "parent_id"
    ):
        if shape(ward.boundary).covers(point):
            return ward
    return None


def ward_for_location(
    *,
    postcode: str = "",
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
) -> Area | None:
    """Resolve a location to its ward: the postcode directory first, then the boundaries."""
    if postcode:
        match = (
            Postcode.objects.select_related("ward")
            .filter(postcode=postcode_normalise(postcode))
            .first()
        )
        if match is not None:
            return match.ward
    if latitude is not None and longitude is not None:
        return ward_containing(latitude, longitude)
    return None


def wards() -> list[Area]:
    return list(
        Area.objects.filter(kind=AreaKind.WARD)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
