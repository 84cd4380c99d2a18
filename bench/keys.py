"""The application's own normalised keys, computed for rows loaded without the services.

Whatever key columns ``Person`` and ``Incident`` have when the generator (or ``bench.rekey``)
runs are filled by the project's functions: ``tandem.people.keys.person_keys`` when it gives
exactly what ``tandem.people.services.person_refresh_keys`` stores (the fast path), otherwise
``person_refresh_keys`` itself on an unsaved ``Person`` (plus any key function
``tandem.people.matching`` exposes).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

# The details the generator gives a person; everything else the services compute or default.
PERSON_DETAILS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "preferred_channel",
)
PersonRow = tuple[str, str, date | None, str, str, str, str, str]  # in PERSON_DETAILS order


def _refreshers() -> list[Callable[..., Any]]:
    from tandem.people import services

    functions: list[Callable[..., Any]] = [services.person_refresh_keys]
    try:
        from tandem.people import matching
    except ImportError:
        return functions
    for name in ("person_refresh_keys", "refresh_keys", "person_set_keys", "set_keys"):
        function = getattr(matching, name, None)
        if callable(function) and function not in functions:
            functions.append(function)
    return functions


def _person(row: PersonRow) -> Any:
    from tandem.people.models import Person

    return Person(**dict(zip(PERSON_DETAILS, row, strict=True)))


SAMPLES: list[PersonRow] = [
    (
        "Zoë",
        "O'Brien-Smith",
        date(1980, 1, 2),
        "Flat 3, Jubilee House, Acorn Close, Ashford",
        "AB1 9XA",
        "+44 6123 456789",
        "Zoe.OBrien@example.invalid",
        "email",
    ),
    ("Bob", "Da Silva", None, "", "", "", "", ""),
    ("Mohammed", "Khan", date(2001, 12, 31), "12 Mill Lane, Kingsford", "", "06123 456780", "", ""),
]


def person_key_function() -> tuple[list[str], Callable[[PersonRow], list[Any]], str]:
    """The ``Person`` columns the application computes from the details, a function giving
    their values for a row of details, and which way it computes them."""
    from tandem.people.models import Person

    refreshers = _refreshers()

    def refreshed(row: PersonRow) -> Any:
        person = _person(row)
        for function in refreshers:
            function(person=person)
        return person

    fixed = {"id", *PERSON_DETAILS, "created_at", "updated_at"}
    columns: list[str] = []
    for row in SAMPLES:
        blank = _person(row)
        person = refreshed(row)
        for field in Person._meta.concrete_fields:
            name = field.attname
            if name in fixed or name in columns:
                continue
            if getattr(person, name) != getattr(blank, name) or name.endswith("_key"):
                columns.append(name)
    columns.sort(key=[f.attname for f in Person._meta.concrete_fields].index)

    def slow(row: PersonRow) -> list[Any]:
        person = refreshed(row)
        return [getattr(person, name) for name in columns]

    try:
        from tandem.people.keys import person_keys
    except ImportError:
        return columns, slow, "person_refresh_keys on each Person"

    def fast(row: PersonRow) -> list[Any]:
        first, last, _born, address, postcode, phone, email, _channel = row
        keys = person_keys(
            first_name=first,
            last_name=last,
            phone=phone,
            email=email,
            address=address,
            postcode=postcode,
        ).as_dict()
        return [keys[name] for name in columns]

    try:
        agrees = all(fast(row) == slow(row) for row in SAMPLES)
    except (KeyError, TypeError):
        agrees = False
    if agrees:
        return columns, fast, "tandem.people.keys.person_keys (checked against person_refresh_keys)"
    return columns, slow, "person_refresh_keys on each Person"


def incident_key_function() -> tuple[list[str], Callable[[str, str], list[Any]]]:
    """The ``Incident`` key columns and a function of (address, postcode) giving them."""
    from tandem.incidents.models import Incident

    columns = [f.attname for f in Incident._meta.concrete_fields if f.attname.endswith("_key")]
    unknown = [name for name in columns if name != "address_key"]
    if unknown:
        raise SystemExit(f"Incident has key columns bench/ does not know: {unknown}")
    if not columns:
        return [], lambda address, postcode: []
    from tandem.people.keys import address_key

    return columns, lambda address, postcode: [address_key(address, postcode)]
