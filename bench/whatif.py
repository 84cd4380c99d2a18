"""Measure proposed changes to the application before anyone makes them.

    uv run python -m bench.whatif --database-url postgres://postgres@127.0.0.1:5432/tandem_bench \\
        [--searches 600] [--requests 300]

Each experiment swaps one function of the application for a variant *in this process only*
(``unittest.mock.patch``; nothing in ``src/`` changes) and times the current code and the variant
alternately, request by request, on the same probes, so load on the machine hits both alike:

``narrow-birth-block``
    ``find_candidates`` with the same-birth-date block of ``matching._block`` narrowed to people
    who also share a phonetic surname or forename key (either way round), instead of the first
    100 people born that day, with an index on ``(date_of_birth, forename_key)`` created in the
    bench database for the run (``--no-index`` to see it without). Reports how many existing
    people each variant finds, on the same probes.
``priority-once``
    The intake with ``case_priority_refresh`` skipped straight after ``case_open`` for a new case:
    the most that deciding a new case's priority up front (from what the intake already knows)
    can save. It changes behaviour (repeat victims do not raise a new case's priority here), so
    it is an upper bound, not a drop-in.

The variants copy the current code's logic; if ``matching._block`` changes, update this file.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import random
from typing import Any
from unittest import mock

from bench.common import DEFAULT_DATABASE_URL, checked_url, django_setup, wait_for_quiet
from bench.intake import Series, print_table, timed

# The index narrow-birth-block needs (created for the run, dropped after): with the existing
# (date_of_birth, surname_key) index it makes the narrowed block two index scans and a heap fetch
# of only the rows that match, instead of every person born that day.
INDEX = "bench_whatif_birth_forename"


def narrowed_block(probe: Any) -> dict[int, Any]:
    """``matching._block`` with the birth-date block narrowed by the phonetic name keys."""
    from django.db import connection
    from django.db.models import Q

    from tandem.people import matching as m

    surname_keys = m._keys([probe.last, *probe.last_parts])
    forename_keys = m._keys([probe.first, *probe.first_variants])
    swapped_surname_keys = m._keys([probe.first])
    swapped_forename_keys = m._keys([probe.last, *probe.last_variants])
    blocks = []
    if probe.date_of_birth is not None:
        blocks.append(
            m._people().filter(
                Q(surname_key__in=surname_keys + swapped_surname_keys)
                | Q(forename_key__in=forename_keys + swapped_forename_keys),
                date_of_birth=probe.date_of_birth,
            )[: m.BIRTH_DATE_BLOCK]
        )
    by_name = Q(pk__in=[])
    if surname_keys and forename_keys:
        by_name |= Q(surname_key__in=surname_keys, forename_key__in=forename_keys)
    if swapped_surname_keys and swapped_forename_keys:
        by_name |= Q(surname_key__in=swapped_surname_keys, forename_key__in=swapped_forename_keys)
    blocks.append(m._people().filter(by_name)[: m.NAME_BLOCK])
    by_contact = Q(pk__in=[])
    if probe.phone_key:
        by_contact |= Q(phone_key=probe.phone_key)
    if probe.email_key:
        by_contact |= Q(email_key=probe.email_key)
    if probe.phone_key or probe.email_key:
        blocks.append(m._people().filter(by_contact)[: m.CONTACT_BLOCK])
    if probe.address_key:
        blocks.append(m._people().filter(address_key=probe.address_key)[: m.ADDRESS_BLOCK])
    if connection.features.supports_slicing_ordering_in_compound and len(blocks) > 1:
        rows = list(blocks[0].union(*blocks[1:], all=True))
    else:
        rows = [person for block in blocks for person in block]
    return {person.pk: person for person in rows}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--searches", type=int, default=600)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--seed", type=int, default=None, help="As for bench.intake.")
    parser.add_argument("--quiet-below", type=float, default=0.0, help="As for bench.intake.")
    parser.add_argument("--quiet-wait", type=int, default=1800)
    parser.add_argument(
        "--no-index",
        action="store_true",
        help=f"Don't create the index {INDEX} on (date_of_birth, forename_key) for the run.",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
    django_setup(checked_url(args.database_url))

    from bench.intake import Intake, ProbeMaker
    from tandem.people.matching import find_candidates

    if args.seed is None:
        from tandem.people.models import Person

        args.seed = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rng = random.Random(args.seed)
    maker = ProbeMaker(rng, 4 * args.searches + args.requests + 4 * args.warmup + 50)
    intake = Intake(rng)
    wait_for_quiet(args.quiet_below, args.quiet_wait)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    from django.db import connection

    from tandem.people import matching

    if not args.no_index:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person (date_of_birth, forename_key)"
            )
            cursor.execute("ANALYZE people_person")
    try:
        run(args, maker, intake, matching, find_candidates)
    finally:
        if not args.no_index:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def run(
    args: argparse.Namespace, maker: Any, intake: Any, matching: Any, find_candidates: Any
) -> None:

    cached_key = functools.lru_cache(maxsize=65536)(matching.phonetic_key)
    variants: dict[str, list[Any]] = {
        "current": [],
        "narrow-birth-block": [mock.patch("tandem.people.matching._block", narrowed_block)],
        "narrow-birth-block + cached-phonetic": [
            mock.patch("tandem.people.matching._block", narrowed_block),
            mock.patch("tandem.people.matching.phonetic_key", cached_key),
        ],
    }

    def search(name: str, probe: Any) -> Any:
        with contextlib.ExitStack() as stack:
            for patch in variants[name]:
                stack.enter_context(patch)
            return find_candidates(probe.details())

    for _ in range(args.warmup):
        probe = maker.make()
        for name in variants:
            search(name, probe)

    # Each variant gets its own probes (drawn alike), so none runs on pages another just read.
    series = {name: Series(f"find_candidates, {name}") for name in variants}
    names = list(variants)
    for index in range(args.searches):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            probe = maker.make()
            timed(series[name], lambda name=name, probe=probe: search(name, probe))

    # Does a variant lose anyone the current code finds? Same probes, untimed.
    found = dict.fromkeys(variants, 0)
    existing = 0
    for _ in range(args.searches // 2):
        probe = maker.make()
        if probe.person_id is None:
            continue
        existing += 1
        for name in names:
            found[name] += any(c.person.pk == probe.person_id for c in search(name, probe))

    skip = mock.patch("tandem.incidents.services.case_priority_refresh", return_value=None)
    for _ in range(args.warmup):
        intake.post(maker.make())
        with skip:
            intake.post(maker.make())
    post = Series("intake, current")
    post_variant = Series("intake, priority-once (upper bound)")
    for index in range(args.requests):
        probe = maker.make()
        if index % 2:
            with skip:
                timed(post_variant, lambda probe=probe: intake.post(probe))
        else:
            timed(post, lambda probe=probe: intake.post(probe))

    print()
    print_table([*(s.row() for s in series.values()), post.row(), post_variant.row()])
    print()
    print(
        "existing people found: "
        + ", ".join(f"{name} {hits}/{existing}" for name, hits in found.items())
    )
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
