"""Finding a person already known, despite typos, nicknames, swapped names and changed details.

Two stages, so the search stays fast on millions of people:

1. **Blocking**: a handful of indexed equality lookups on the normalised keys stored on
   ``Person`` (see ``keys.py``), each with a ``LIMIT``: the same date of birth and one phonetic
   name key; the same phonetic surname and forename (any nickname of the forename, either way round); the same phone
   or email; the same address. Nothing else touches the database.
2. **Scoring** in Python with rapidfuzz: each name part and each identifier adds or takes away
   weight (a Fellegi-Sunter style sum of evidence), mapped to a confidence between 0 and 1.

Records merged into another are never offered: they lead to the record that survived, scored on
the best of its own details and those of the records merged into it. Nothing here merges or
links anyone; it only offers candidates with their reasons.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from tandem.core.config_cache import config_cached
from tandem.people.keys import (
    address_key,
    email_key,
    fold,
    phone_key,
    phonetic_key,
    postcode_key,
)
from tandem.people.models import MatchingSettings, Nickname, Person
from tandem.people.services import PersonDetails

# Human words for why a candidate matches (also used by the API).
SAME_NAME = "same name"
SIMILAR_NAME = "similar name"
SIMILAR_FIRST_NAME = "similar first name"  # the surname differs: a new married name, perhaps
NICKNAME = "nickname"
NAMES_SWAPPED = "names swapped"
SAME_BIRTH_DATE = "same date of birth"
SAME_PHONE = "same phone"
SAME_EMAIL = "same email"
SAME_ADDRESS = "same address"
SAME_POSTCODE = "same postcode"
IDENTIFYING_REASONS = frozenset({SAME_BIRTH_DATE, SAME_PHONE, SAME_EMAIL})

# Names recur (Smith, Jones, Sarah): their phonetic keys are worth keeping between searches.
_phonetic = lru_cache(maxsize=50_000)(phonetic_key)

# How many rows each block may return; a block that fills up is a very common value.
BIRTH_DATE_BLOCK = 100
NAME_BLOCK = 50
CONTACT_BLOCK = 30
ADDRESS_BLOCK = 40
MIN_PHONE_DIGITS = 6

# Evidence weights (log-odds-like). Agreeing identifiers weigh most; a different birth date is
# strong evidence of a different person; a new phone or address is not evidence either way.
WEIGHT_BIRTH_DATE = 5.0
WEIGHT_BIRTH_DATE_DIFFERS = -6.0
WEIGHT_PHONE = 5.0
WEIGHT_EMAIL = 5.0
WEIGHT_ADDRESS = 3.5
WEIGHT_POSTCODE = 1.0
WEIGHT_SURNAME_SAME = 3.5
WEIGHT_FORENAME_SAME = 3.0
WEIGHT_NICKNAME = 2.5
WEIGHT_NAME_DIFFERS = -3.0
# (similarity at least, weight) for names that are not the same: typos and spelling variants.
SURNAME_TIERS = ((0.94, 2.5), (0.90, 2.0), (0.85, 1.0), (0.80, 0.0))
FORENAME_TIERS = ((0.94, 2.5), (0.90, 2.0), (0.85, 1.0), (0.80, 0.0))
# Names that sound alike (same phonetic key) count as at least this similar.
PHONETIC_SIMILARITY = 0.93
# Swapped first and last names are preferred only when clearly better than as written.
SWAP_MARGIN = 1.0

# The weight of evidence is mapped to a confidence by a logistic curve fixed by two points: a
# weight of 5 (e.g. the same name and nothing else known) is 0.6 and a weight of 8.5 is 0.9.
_LOGIT_OFFER, _LOGIT_CONFIDENT = math.log(0.6 / 0.4), math.log(0.9 / 0.1)
CURVE_SLOPE = (_LOGIT_CONFIDENT - _LOGIT_OFFER) / (8.5 - 5.0)
CURVE_MIDPOINT = 5.0 - _LOGIT_OFFER / CURVE_SLOPE
# Whatever else agrees, a different first name is someone else (a relative at the same address,
# sharing a landline) and a different birth date is never a confident match.
CAP_FORENAME_DIFFERS = 0.5
CAP_BIRTH_DATE_DIFFERS = 0.75


@dataclass(frozen=True)
class Thresholds:
    offer: float = 0.6
    confident: float = 0.9
    repeat_location_metres: int = 50


def matching_thresholds() -> Thresholds:
    """The configured thresholds (``MatchingSettings``, edited in admin), or the defaults."""
    return config_cached("matching-thresholds", _load_thresholds)


def _load_thresholds() -> Thresholds:
    row = MatchingSettings.objects.filter(pk=1).first()
    if row is None:
        return Thresholds()
    return Thresholds(
        offer=float(row.offer_threshold),
        confident=float(row.confident_threshold),
        repeat_location_metres=row.repeat_location_metres,
    )


@dataclass(frozen=True)
class Candidate:
    """A known person who may be the one described, how sure we are, and why."""

    person: Person
    confidence: float
    reasons: tuple[str, ...]

    @property
    def strong(self) -> bool:
        """The name is the same or similar and a birth date, phone or email is the same."""
        named = SAME_NAME in self.reasons or SIMILAR_NAME in self.reasons
        return named and bool(IDENTIFYING_REASONS.intersection(self.reasons))

    @property
    def percent(self) -> int:
        """For people: a match is never shown as certain."""
        return min(99, round(self.confidence * 100))


@dataclass(frozen=True)
class Probe:
    """The details searched for, folded and keyed once."""

    first: str
    last: str
    last_parts: tuple[str, ...]
    date_of_birth: date | None
    phone_key: str
    email_key: str
    address_key: str
    postcode_key: str
    first_variants: frozenset[str]
    last_variants: frozenset[str]

    @classmethod
    def from_details(cls, details: PersonDetails, nicknames: dict[str, set[str]]) -> Probe:
        first, last = fold(details.first_name), fold(details.last_name)
        phone = phone_key(details.phone)
        return cls(
            first=first,
            last=last,
            last_parts=surname_parts(details.last_name),
            date_of_birth=details.date_of_birth,
            phone_key=phone if len(phone) >= MIN_PHONE_DIGITS else "",
            email_key=email_key(details.email),
            address_key=address_key(details.address, details.postcode),
            postcode_key=postcode_key(details.postcode),
            first_variants=frozenset(nicknames.get(first, set())),
            last_variants=frozenset(nicknames.get(last, set())),
        )


def find_candidates(
    details: PersonDetails,
    *,
    limit: int = 10,
    exclude_ids: Iterable[int] = (),
    thresholds: Thresholds | None = None,
    min_confidence: float | None = None,
) -> list[Candidate]:
    """Known people who may be the person described, most likely first.

    Only candidates at or above the offer threshold (or ``min_confidence``) are returned; merged
    records are replaced by the record they were merged into; ``exclude_ids`` are left out.
    """
    thresholds = thresholds or matching_thresholds()
    floor = thresholds.offer if min_confidence is None else min_confidence
    if not (fold(details.first_name) or fold(details.last_name)):
        return []
    probe = Probe.from_details(details, nickname_variants([details.first_name, details.last_name]))
    records = _block(probe)
    excluded = {pk for pk in exclude_ids if pk}
    best: dict[int, tuple[float, tuple[str, ...]]] = {}
    roots = _resolve_merged(records)
    for record in records.values():
        root = roots[record.pk]
        if root.pk in excluded or record.pk in excluded:
            continue
        confidence, reasons = score(probe, record)
        if confidence >= floor and confidence > best.get(root.pk, (-1.0, ()))[0]:
            best[root.pk] = (confidence, reasons)
    people = {root.pk: root for root in roots.values()}
    candidates = [
        Candidate(person=people[pk], confidence=confidence, reasons=reasons)
        for pk, (confidence, reasons) in best.items()
    ]
    candidates.sort(key=lambda c: (-c.confidence, c.person.pk))
    return candidates[:limit]


# --------------------------------------------------------------------------------------------
# Nicknames


def nickname_variants(names: Iterable[str]) -> dict[str, set[str]]:
    """For each name (folded), the other forms it is known by.

    Bob → {robert}; Robert → {bob, rob, …}; Kate → {katherine, catherine, …, kathy, katie}
    (a short form's full names and their other short forms). Samuel and Samantha are not
    variants of each other, although both are Sam.
    """
    folded = {fold(name) for name in names} - {""}
    if not folded:
        return {}
    table = config_cached("nicknames", _load_nicknames)
    variants: dict[str, set[str]] = {}
    for name in folded:
        full_names = set(table.full_names.get(name, ()))
        if name in table.short_forms:
            full_names.add(name)
        found: set[str] = set()
        for full in full_names:
            found.add(full)
            found.update(table.short_forms.get(full, ()))
        found.discard(name)
        variants[name] = found
    return variants


@dataclass(frozen=True)
class NicknameTable:
    short_forms: dict[str, frozenset[str]]
    """Each full name's short forms (robert → bob, rob, …)."""
    full_names: dict[str, frozenset[str]]
    """Each short form's full names (kate → katherine, catherine, …)."""


def _load_nicknames() -> NicknameTable:
    short_forms: dict[str, set[str]] = {}
    full_names: dict[str, set[str]] = {}
    for name, variant in Nickname.objects.values_list("name", "variant"):
        short_forms.setdefault(name, set()).add(variant)
        full_names.setdefault(variant, set()).add(name)
    return NicknameTable(
        short_forms={k: frozenset(v) for k, v in short_forms.items()},
        full_names={k: frozenset(v) for k, v in full_names.items()},
    )


# --------------------------------------------------------------------------------------------
# Blocking

SCORING_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "date_of_birth",
    "postcode",
    "phone_key",
    "email_key",
    "address_key",
    "merged_into",
)


def _keys(names: Iterable[str]) -> list[str]:
    return sorted({key for key in (_phonetic(name) for name in names) if key})


def _block(probe: Probe) -> dict[int, Person]:
    """The people sharing at least one blocking key with the probe, by id.

    Each block is an indexed lookup with its own ``LIMIT``; they go to the database as one
    ``UNION ALL`` statement (one round trip). Written as SQL because it runs on every report and
    building it through the ORM cost more than running it.
    """
    surname_keys = _keys([probe.last, *probe.last_parts])
    forename_keys = _keys([probe.first, *probe.first_variants])
    swapped_surname_keys = _keys([probe.first])
    swapped_forename_keys = _keys([probe.last, *probe.last_variants])

    blocks = _BlockQuery()
    if probe.date_of_birth is not None:
        # Born the same day and sharing a phonetic surname or forename (as written or swapped):
        # a typo or nickname in one name keeps the other's key, and a common birth date is not
        # read in full (indexes person_birth_block and person_birth_forename_block).
        blocks.add(
            f"date_of_birth = %s AND ({_in('surname_key', surname_keys + swapped_surname_keys)}"
            f" OR {_in('forename_key', forename_keys + swapped_forename_keys)})",
            [
                probe.date_of_birth,
                *surname_keys,
                *swapped_surname_keys,
                *forename_keys,
                *swapped_forename_keys,
            ],
            BIRTH_DATE_BLOCK,
        )
    by_name, name_params = [], []
    for surnames, forenames in (
        (surname_keys, forename_keys),
        (swapped_surname_keys, swapped_forename_keys),
    ):
        if surnames and forenames:
            by_name.append(f"({_in('surname_key', surnames)} AND {_in('forename_key', forenames)})")
            name_params += [*surnames, *forenames]
    if by_name:
        blocks.add(" OR ".join(by_name), name_params, NAME_BLOCK)
    contacts = [("phone_key", probe.phone_key), ("email_key", probe.email_key)]
    known_contacts = [(column, value) for column, value in contacts if value]
    if known_contacts:
        blocks.add(
            " OR ".join(f"{column} = %s" for column, _ in known_contacts),
            [value for _, value in known_contacts],
            CONTACT_BLOCK,
        )
    if probe.address_key:
        blocks.add("address_key = %s", [probe.address_key], ADDRESS_BLOCK)
    return {person.pk: person for person in blocks.run()}


def _in(column: str, values: list[str]) -> str:
    """``column IN (%s, …)`` for ``values`` (never empty: an empty list matches nothing)."""
    if not values:
        return "FALSE"
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


class _BlockQuery:
    """Blocks of people, each ``SELECT``ed with its own limit, run as one ``UNION ALL``."""

    COLUMNS = ", ".join(
        field.column for field in Person._meta.concrete_fields if field.name in SCORING_FIELDS
    )

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[object] = []

    def add(self, where: str, params: Sequence[object], limit: int) -> None:
        # Each block is wrapped as a derived table so its LIMIT applies to it alone (SQLite
        # and PostgreSQL alike). Anonymised records have no details left to match on and are
        # never offered. Only column names and placeholders written in this module are
        # interpolated; every value goes as a parameter.
        self.parts.append(
            f"SELECT * FROM (SELECT {self.COLUMNS} FROM {Person._meta.db_table} "  # noqa: S608  # nosec B608
            f"WHERE anonymised_at IS NULL AND ({where}) LIMIT %s) AS block_{len(self.parts)}"
        )
        self.params += [*params, limit]

    def run(self) -> list[Person]:
        if not self.parts:
            return []
        return list(Person.objects.raw(" UNION ALL ".join(self.parts), self.params))


def _resolve_merged(records: dict[int, Person]) -> dict[int, Person]:
    """Each record's surviving record (itself unless it was merged), fetching what is missing."""
    known = dict(records)
    for _ in range(10):  # merge chains are short; the bound guards against a cycle
        missing = {
            p.merged_into_id
            for p in known.values()
            if p.merged_into_id is not None and p.merged_into_id not in known
        }
        if not missing:
            break
        known.update(
            (p.pk, p)
            for p in Person.objects.order_by().only(*SCORING_FIELDS).filter(pk__in=missing)
        )
    roots: dict[int, Person] = {}
    for pk in records:
        person = known[pk]
        for _ in range(10):
            if person.merged_into_id is None or person.merged_into_id not in known:
                break
            person = known[person.merged_into_id]
        roots[pk] = person
    return roots


# --------------------------------------------------------------------------------------------
# Scoring


def _tiered(similarity: float, tiers: tuple[tuple[float, float], ...]) -> float | None:
    for floor, weight in tiers:
        if similarity >= floor:
            return weight
    return None


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    similarity = JaroWinkler.normalized_similarity(a, b)
    if similarity < PHONETIC_SIMILARITY and _phonetic(a) == _phonetic(b):
        similarity = PHONETIC_SIMILARITY
    return float(similarity)


@dataclass(frozen=True)
class NameComparison:
    weight: float
    exact: bool
    nickname: bool
    forename_differs: bool
    surname_differs: bool


def _compare_names(
    first: str,
    last: str,
    first_variants: frozenset[str],
    last_parts: tuple[str, ...],
    other_first: str,
    other_last: str,
    other_last_parts: tuple[str, ...],
) -> NameComparison:
    nickname = False
    if first == other_first:
        forename = WEIGHT_FORENAME_SAME
    elif other_first in first_variants:
        forename, nickname = WEIGHT_NICKNAME, True
    elif (
        len(first) >= 3
        and len(other_first) >= 3
        and (first.startswith(other_first) or other_first.startswith(first))
    ):
        forename, nickname = WEIGHT_NICKNAME - 0.5, True  # Chris / Christopher, Jon / Jonathan
    else:
        tier = _tiered(_similarity(first, other_first), FORENAME_TIERS)
        if tier is None and OSA.distance(first, other_first) <= 1:
            tier = 0.0  # one slip in a short name (Lee, Lwe) is not a different name
        forename = WEIGHT_NAME_DIFFERS if tier is None else tier

    if last == other_last:
        surname = WEIGHT_SURNAME_SAME
    elif other_last in last_parts or last in other_last_parts:
        surname = SURNAME_TIERS[1][1]  # Smith and Smith-Jones
    else:
        tier = _tiered(_similarity(last, other_last), SURNAME_TIERS)
        surname = WEIGHT_NAME_DIFFERS if tier is None else tier
    return NameComparison(
        weight=forename + surname,
        exact=first == other_first and last == other_last,
        nickname=nickname,
        forename_differs=forename == WEIGHT_NAME_DIFFERS,
        surname_differs=surname == WEIGHT_NAME_DIFFERS,
    )


def surname_parts(last_name: str) -> tuple[str, ...]:
    """The folded halves of a double-barrelled surname (``Smith-Jones`` → smith, jones)."""
    parts = tuple(part for part in (fold(p) for p in re.split(r"[\s\-]+", last_name)) if part)
    return parts if len(parts) > 1 else ()


def score(probe: Probe, person: Person) -> tuple[float, tuple[str, ...]]:
    """How likely ``person`` is the one described (0 to 1), and the reasons in words."""
    first, last = fold(person.first_name), fold(person.last_name)
    parts = surname_parts(person.last_name)
    direct = _compare_names(
        probe.first, probe.last, probe.first_variants, probe.last_parts, first, last, parts
    )
    swapped = _compare_names(probe.last, probe.first, probe.last_variants, (), first, last, parts)
    names, is_swapped = direct, False
    if swapped.weight > direct.weight + SWAP_MARGIN:
        names, is_swapped = swapped, True

    weight = names.weight
    reasons: list[str] = []
    if names.exact:
        reasons.append(SAME_NAME)
    elif not (names.forename_differs or names.surname_differs):
        reasons.append(SIMILAR_NAME)
    elif not names.forename_differs:
        reasons.append(SIMILAR_FIRST_NAME)
    if names.nickname:
        reasons.append(NICKNAME)
    if is_swapped and not names.forename_differs:
        reasons.append(NAMES_SWAPPED)

    birth_date_differs = False
    if probe.date_of_birth is not None and person.date_of_birth is not None:
        if probe.date_of_birth == person.date_of_birth:
            weight += WEIGHT_BIRTH_DATE
            reasons.append(SAME_BIRTH_DATE)
        elif not _day_and_month_swapped(probe.date_of_birth, person.date_of_birth):
            weight += WEIGHT_BIRTH_DATE_DIFFERS
            birth_date_differs = True
    if probe.phone_key and probe.phone_key == person.phone_key:
        weight += WEIGHT_PHONE
        reasons.append(SAME_PHONE)
    if probe.email_key and probe.email_key == person.email_key:
        weight += WEIGHT_EMAIL
        reasons.append(SAME_EMAIL)
    if probe.address_key and probe.address_key == person.address_key:
        weight += WEIGHT_ADDRESS
        reasons.append(SAME_ADDRESS)
    elif probe.postcode_key and probe.postcode_key == postcode_key(person.postcode):
        weight += WEIGHT_POSTCODE
        reasons.append(SAME_POSTCODE)

    confidence = 1.0 / (1.0 + math.exp(-CURVE_SLOPE * (weight - CURVE_MIDPOINT)))
    if names.forename_differs:
        confidence = min(confidence, CAP_FORENAME_DIFFERS)
    if birth_date_differs:
        confidence = min(confidence, CAP_BIRTH_DATE_DIFFERS)
    return round(confidence, 3), tuple(reasons)


def _day_and_month_swapped(one: date, other: date) -> bool:
    """31/03 written as 03/31 cannot happen, but 04/03 and 03/04 are easy to confuse."""
    return one.year == other.year and one.day == other.month and one.month == other.day
