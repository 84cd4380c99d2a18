"""Benchmark logging a report, with matching and repeat detection, on the generated data set.

    uv run python -m bench.intake --database-url postgres://postgres@127.0.0.1:5432/tandem_bench \\
        --requests 500

Measures, against PostgreSQL on 127.0.0.1, in this one process and one run:

(a) **intake**: ``POST /api/v1/incidents/`` through DRF's ``APIClient`` (in-process: the whole
    Django stack, middleware, token authentication, serializers, matching, the service and its
    commit; no HTTP server or network), by call handlers of the victim's partnership. The victim
    is an existing person (with a typo, a nickname, names swapped, no date of birth, a new phone
    or a new address, or exactly as recorded) or someone new, half and half;
(b) **candidate search**: ``tandem.people.matching.find_candidates`` alone, for probes drawn the
    same way;
(c) **baseline**: a plain indexed lookup on the same table,
    ``Person.objects.filter(phone_key=...).first()``, and the bare SQL of it through a cursor,
    interleaved with (b), so the ratios (b)/(c) compare them under the same conditions;

and, when the application has them, the repeat counts the intake adds
(``tandem.people.intake.intake_people``). Each is warmed up first; loops are bounded by the
counts given. The intake writes real reports into the bench database (as a call centre would).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from unittest import mock

from bench import names
from bench.common import (
    DEFAULT_DATABASE_URL,
    checked_url,
    django_setup,
    machine,
    wait_for_quiet,
)
from bench.names import typo

TARGETS_MS = {"intake": 50.0, "candidate search": 20.0}
BIG_TABLES = (
    "people_person",
    "cases_case",
    "incidents_incident",
    "incidents_incidentperson",
    "incidents_incident_types",
    "cases_caseevent",
    "audit_auditevent",
)


# What an intake reads at random: the candidate search and the repeat counts (tables and
# indexes); and the indexes its inserts go into (a random reference lands on any leaf page).
HOT_TABLES = ("people_person", "incidents_incidentperson", "incidents_incident")
WRITTEN_TABLES = (
    "cases_case",
    "cases_caseevent",
    "audit_auditevent",
    "incidents_incident_types",
    "standards_casedeadline",
)


def prewarm(tables: tuple[str, ...], indexes_of: tuple[str, ...]) -> None:
    """Read ``tables`` and their indexes, and the indexes of ``indexes_of``, into shared
    buffers (the pg_prewarm extension)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cursor.execute(
            "SELECT sum(pg_prewarm(c.oid)) FROM pg_class c WHERE c.oid IN ("
            " SELECT t::regclass FROM unnest(%s::text[]) AS t"
            " UNION SELECT indexrelid FROM pg_index WHERE indrelid::regclass::text = ANY(%s))",
            [list(tables), [*tables, *indexes_of]],
        )
        (blocks,) = cursor.fetchone()
    print(
        f"  prewarmed {', '.join(tables)} and their indexes, and the indexes of "
        f"{', '.join(indexes_of)}: {blocks:,} blocks in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--requests", type=int, default=500, help="Timed intake requests.")
    parser.add_argument(
        "--searches",
        type=int,
        default=0,
        help="Timed candidate searches (default twice --requests).",
    )
    parser.add_argument("--warmup", type=int, default=50, help="Untimed runs of each first.")
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="Seed of the probes (default: the highest person id, so a run after another logs "
        "new people rather than the ones the last run created).",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=30,
        help="Extra, untimed intake requests whose SQL is captured to show where time goes.",
    )
    parser.add_argument("--json", help="Also write the figures to this file.")
    parser.add_argument(
        "--prewarm",
        action="store_true",
        help="Load the people, incident and involvement tables and their indexes into "
        "PostgreSQL's shared buffers first (pg_prewarm), as a server that has been answering "
        "calls for a while has them; needs shared_buffers large enough to hold them.",
    )
    parser.add_argument(
        "--migrate",
        action="store_true",
        help="Apply migrations added since the data set was generated (tandem migrate) first.",
    )
    parser.add_argument(
        "--quiet-below",
        type=float,
        default=0.0,
        help="Before timing, wait until the 1-minute load average is below this (the machine "
        "is shared; other work inflates every figure). 0: don't wait.",
    )
    parser.add_argument(
        "--quiet-wait", type=int, default=1800, help="Wait at most this many seconds for it."
    )
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# Statistics


@dataclass
class Series:
    name: str
    samples: list[float] = field(default_factory=list)  # wall-clock milliseconds
    cpu: list[float] = field(default_factory=list)  # this process's CPU milliseconds

    def add(self, seconds: float, cpu_seconds: float | None = None) -> None:
        self.samples.append(seconds * 1000)
        if cpu_seconds is not None:
            self.cpu.append(cpu_seconds * 1000)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    def row(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "count": len(self.samples),
            "median_ms": round(self.median, 2),
            "p95_ms": round(self.percentile(0.95), 2),
            "p99_ms": round(self.percentile(0.99), 2),
            "max_ms": round(max(self.samples), 2) if self.samples else None,
            "cpu_median_ms": round(statistics.median(self.cpu), 2) if self.cpu else None,
        }


def timed(series: Series, function: Callable[[], Any]) -> Any:
    cpu = time.process_time()
    started = time.perf_counter()
    result = function()
    series.add(time.perf_counter() - started, time.process_time() - cpu)
    return result


# ---------------------------------------------------------------------------------------------
# Probes: how callers describe someone


@dataclass(frozen=True)
class Probe:
    kind: str  # "new" or the variation of an existing person
    person_id: int | None
    first_name: str
    last_name: str
    date_of_birth: date | None
    address: str
    postcode: str
    phone: str
    email: str
    partnership: int | None

    def details(self) -> Any:
        from tandem.people.services import PersonDetails

        return PersonDetails(
            first_name=self.first_name,
            last_name=self.last_name,
            date_of_birth=self.date_of_birth,
            address=self.address,
            postcode=self.postcode,
            phone=self.phone,
            email=self.email,
        )


VARIATIONS = (
    ("surname typo", 20),
    ("forename typo", 15),
    ("as recorded", 15),
    ("no date of birth", 15),
    ("nickname", 10),
    ("new phone", 10),
    ("moved house", 10),
    ("names swapped", 5),
)


class ProbeMaker:
    """Existing people (sampled at random from the database) described the way callers do,
    and invented new people, half and half."""

    def __init__(self, rng: random.Random, count: int) -> None:
        from django.db import connection

        self.rng = rng
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.postcode, d.parent_id FROM geography_postcode p "
                "JOIN geography_area w ON w.id = p.ward_id "
                "JOIN geography_area d ON d.id = w.parent_id"
            )
            self.partnership_of: dict[str, int | None] = dict(cursor.fetchall())
            self.postcodes = sorted(self.partnership_of)
            cursor.execute("SELECT max(id) FROM people_person")
            row = cursor.fetchone()
            highest = row[0] if row else 0
            if not highest:
                raise SystemExit("The database has no people: run bench.generate first")
            ids = sorted({rng.randrange(1, highest + 1) for _ in range(count * 2)})
            cursor.execute(
                "SELECT id, first_name, last_name, date_of_birth, address, postcode, phone, email "
                "FROM people_person WHERE id = ANY(%s) AND merged_into_id IS NULL"
                if _has_column("people_person", "merged_into_id")
                else "SELECT id, first_name, last_name, date_of_birth, address, postcode, phone, "
                "email FROM people_person WHERE id = ANY(%s)",
                [ids],
            )
            self.people = cursor.fetchall()
            rng.shuffle(self.people)
        self.next_person = 0
        self.variation_names = [name for name, _ in VARIATIONS]
        self.variation_weights = [weight for _, weight in VARIATIONS]
        self.reverse_nicknames: dict[str, list[str]] = defaultdict(list)
        for full, shorts in names.NICKNAMES.items():
            for short in shorts:
                self.reverse_nicknames[short].append(full)

    def make(self) -> Probe:
        if self.rng.random() < 0.5:
            return self.new_person()
        return self.existing_person()

    def _phone(self) -> str:
        return f"06{self.rng.randrange(10**9):09d}"

    def _place(self) -> tuple[str, str]:
        rng = self.rng
        postcode = rng.choice(self.postcodes)
        street = rng.choice(names.STREET_NAMES)
        return f"{rng.randrange(1, 200)} {street}, {rng.choice(names.PLACE_NAMES)}", postcode

    def new_person(self) -> Probe:
        rng = self.rng
        first = rng.choice(names.MALE_NAMES if rng.random() < 0.5 else names.FEMALE_NAMES)
        last = rng.choice(names.SURNAMES if rng.random() < 0.5 else names.INVENTED_SURNAMES)
        born = None
        if rng.random() < 0.8:
            born = date.today() - timedelta(days=rng.randrange(16 * 365, 90 * 365))
        address, postcode = self._place()
        email = f"{fold(first)}.{fold(last)}{rng.randrange(10**6)}@example.invalid"
        return Probe(
            kind="new",
            person_id=None,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            address=address,
            postcode=postcode,
            phone=self._phone() if rng.random() < 0.6 else "",
            email=email if rng.random() < 0.2 else "",
            partnership=self.partnership_of.get(postcode),
        )

    def existing_person(self) -> Probe:
        rng = self.rng
        row = self.people[self.next_person % len(self.people)]
        self.next_person += 1
        pid, first, last, born, address, postcode, phone, email = row
        kind = rng.choices(self.variation_names, self.variation_weights)[0]
        if kind == "surname typo":
            last = typo(rng, last)
        elif kind == "forename typo":
            first = typo(rng, first)
        elif kind == "no date of birth":
            born = None
            if rng.random() < 0.5:
                last = typo(rng, last)
        elif kind == "nickname":
            options = names.NICKNAMES.get(first) or self.reverse_nicknames.get(first)
            first = rng.choice(options) if options else typo(rng, first)
        elif kind == "new phone":
            phone = self._phone()
        elif kind == "moved house":
            address, postcode = self._place()
        elif kind == "names swapped":
            first, last = last, first
        # What the caller gives: not always everything on record.
        if kind != "no date of birth" and rng.random() < 0.15:
            born = None
        if phone and kind != "new phone" and rng.random() < 0.4:
            phone = ""
        if email and rng.random() < 0.5:
            email = ""
        return Probe(
            kind=kind,
            person_id=pid,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            address=address,
            postcode=postcode,
            phone=phone,
            email=email,
            partnership=self.partnership_of.get(postcode),
        )


def fold(value: str) -> str:
    return "".join(ch for ch in value.lower() if "a" <= ch <= "z")


def _has_column(table: str, column: str) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [table, column],
        )
        return cursor.fetchone() is not None


# ---------------------------------------------------------------------------------------------
# The intake through the API


REPORTS = (
    (
        "personal",
        ["harassment-intimidation"],
        "Neighbour shouts abuse whenever the caller goes out.",
    ),
    ("nuisance", ["noise"], "Loud music from the flat above every night after midnight."),
    ("personal", ["nuisance-neighbours", "noise"], "Ongoing dispute with the neighbours."),
    ("nuisance", ["rowdy-behaviour"], "Group gathering outside the shops, shouting at passers-by."),
    ("personal", ["threats-violence"], "Caller threatened by a neighbour during an argument."),
)


class Intake:
    """Call handlers of each partnership, signed in with API tokens, logging reports."""

    def __init__(self, rng: random.Random) -> None:
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        from tandem.accounts.models import Role, User

        self.rng = rng
        handlers = list(
            User.objects.filter(role=Role.CALL_HANDLER, is_active=True, agency__isnull=False)
            .select_related("agency__area")
            .order_by("id")
        )
        if not handlers:
            raise SystemExit("No call handlers in the database: run bench.generate first")
        self.by_partnership: dict[int | None, list[APIClient]] = defaultdict(list)
        self.everyone: list[APIClient] = []
        for user in handlers:
            token, _ = Token.objects.get_or_create(user=user)
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
            area = user.agency.area if user.agency else None
            partnership = (
                area.parent_id if area is not None and area.parent_id else (area and area.pk)
            )
            self.by_partnership[partnership].append(client)
            self.everyone.append(client)

    def post(self, probe: Probe) -> tuple[int, dict[str, Any]]:
        from django.utils import timezone

        rng = self.rng
        clients = self.by_partnership.get(probe.partnership) or self.everyone
        client = rng.choice(clients)
        category, types, description = rng.choice(REPORTS)
        now = timezone.now()
        victim: dict[str, Any] = {
            "role": "victim",
            "first_name": probe.first_name,
            "last_name": probe.last_name,
            "address": probe.address,
            "postcode": probe.postcode,
            "phone": probe.phone,
            "email": probe.email,
        }
        if probe.date_of_birth is not None:
            victim["date_of_birth"] = probe.date_of_birth.isoformat()
        payload = {
            "occurred_at": (now - timedelta(hours=rng.uniform(0.5, 30))).isoformat(),
            "reported_at": (now - timedelta(minutes=1)).isoformat(),
            "channel": "phone",
            "category": category,
            "types": types,
            "description": description,
            "location": {"address": probe.address, "postcode": probe.postcode},
            "people": [victim],
        }
        response = client.post("/api/v1/incidents/", payload, format="json")
        try:
            body = response.json()
        except ValueError:
            body = {}
        return response.status_code, body


# ---------------------------------------------------------------------------------------------
# Where the time goes


_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def sql_shape(statement: str) -> str:
    shape = _LITERALS.sub("?", statement)
    shape = re.sub(r"\(\?(?:, \?)*\)", "(…)", shape)
    return re.sub(r"\s+", " ", shape)[:160]


def profile_intake(intake: Intake, maker: ProbeMaker, count: int) -> dict[str, Any]:
    """Run ``count`` more intake requests, timing every SQL statement (``execute_wrapper``)."""
    from django.db import connection

    per_request: list[int] = []
    totals: dict[str, list[float]] = defaultdict(list)
    request_ms: list[float] = []

    def clock(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            totals[sql_shape(sql)].append((time.perf_counter() - started) * 1000)
            per_request[-1] += 1

    commits: list[float] = []
    original_commit = connection._commit

    def timed_commit() -> Any:
        started = time.perf_counter()
        try:
            return original_commit()
        finally:
            commits.append((time.perf_counter() - started) * 1000)

    for _ in range(count):
        per_request.append(0)
        probe = maker.make()
        started = time.perf_counter()
        with (
            connection.execute_wrapper(clock),
            mock.patch.object(connection, "_commit", timed_commit),
        ):
            intake.post(probe)
        request_ms.append((time.perf_counter() - started) * 1000)
    if commits:
        totals["COMMIT"] = commits
    sql_ms = sum(sum(times) for times in totals.values()) / max(count, 1)
    top = sorted(totals.items(), key=lambda item: -sum(item[1]))[:15]
    return {
        "requests": count,
        "request_ms_median": round(statistics.median(request_ms), 2) if request_ms else 0,
        "sql_ms_per_request": round(sql_ms, 2),
        "queries_per_request_median": statistics.median(per_request) if per_request else 0,
        "queries_per_request_max": max(per_request, default=0),
        "top": [
            {
                "sql": shape,
                "calls_per_request": round(len(times) / count, 1),
                "total_ms_per_request": round(sum(times) / count, 3),
                "median_ms": round(statistics.median(times), 3),
                "max_ms": round(max(times), 3),
            }
            for shape, times in top
        ],
    }


# ---------------------------------------------------------------------------------------------
# Reporting


def environment() -> dict[str, Any]:
    from django.db import connection

    info: dict[str, Any] = {"machine": machine()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        info["postgresql"] = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute(
            "SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', "
            "'work_mem', 'effective_cache_size', 'synchronous_commit', 'random_page_cost', "
            "'max_parallel_workers_per_gather', 'jit')"
        )
        info["settings"] = {
            name: f"{setting}{' x ' + unit if unit else ''}" for name, setting, unit in cursor
        }
        counts = {}
        for table in BIG_TABLES:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - our own constants
            counts[table] = cursor.fetchone()[0]
        info["rows"] = counts
        cursor.execute(
            "SELECT pg_database_size(current_database()), "
            "pg_size_pretty(pg_database_size(current_database()))"
        )
        size, pretty = cursor.fetchone()
        info["database_bytes"], info["database_size"] = size, pretty
        cursor.execute(
            "SELECT min(reported_at)::date, max(reported_at)::date FROM incidents_incident"
        )
        first, last = cursor.fetchone()
        info["history"] = f"{first} to {last}"
    return info


def print_table(rows: list[dict[str, Any]]) -> None:
    header = (
        f"{'measure':<52} {'count':>6} {'median':>9} {'p95':>9} {'p99':>9} {'max':>9} "
        f"{'own CPU':>9}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['name']:<52} {row['count']:>6} {row['median_ms']:>7.2f}ms "
            f"{row['p95_ms']:>7.2f}ms {row['p99_ms']:>7.2f}ms {row['max_ms']:>7.2f}ms "
            + (f"{row['cpu_median_ms']:>7.2f}ms" if row["cpu_median_ms"] is not None else "")
        )


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    url = checked_url(args.database_url)
    # Production keeps connections (or a pool); don't let a reconnect every 60 s add noise.
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
    if args.migrate:
        from bench.generate import migrate

        migrate(url)
    django_setup(url)
    check_migrations()

    from tandem.people.models import Person

    try:
        from tandem.people.matching import find_candidates
    except ImportError as error:
        raise SystemExit(
            f"tandem.people.matching.find_candidates is not there yet: {error}"
        ) from None
    try:
        from tandem.people.intake import intake_people
    except ImportError:
        intake_people = None

    searches = args.searches or 2 * args.requests
    if args.seed is None:
        args.seed = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    print(f"  probe seed: {args.seed}", flush=True)
    rng = random.Random(args.seed)
    print("Tandem intake and matching benchmark", flush=True)
    info = environment()
    for key, value in info["machine"].items():
        print(f"  {key}: {value}")
    print(f"  PostgreSQL: {info['postgresql']}")
    print(f"  settings: {', '.join(f'{k}={v}' for k, v in info['settings'].items())}")
    print(f"  data: {', '.join(f'{t}={n:,}' for t, n in info['rows'].items())}")
    print(f"  database size: {info['database_size']}; incidents {info['history']}", flush=True)

    maker = ProbeMaker(rng, args.warmup * 2 + args.requests + searches + args.profile + 50)
    intake = Intake(rng)
    phone_keys = list(
        Person.objects.exclude(phone_key="")
        .filter(pk__in=[row[0] for row in maker.people[:2000]])
        .values_list("phone_key", flat=True)
    )

    def baseline(key: str) -> Any:
        return Person.objects.filter(phone_key=key).first()

    from django.db import connection

    def bare(key: str) -> Any:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, first_name, last_name, date_of_birth FROM people_person "
                "WHERE phone_key = %s LIMIT 1",
                [key],
            )
            return cursor.fetchone()

    if args.prewarm:
        prewarm(HOT_TABLES, WRITTEN_TABLES)

    # Warm up every path (plans, caches, imports) before timing anything.
    for _ in range(args.warmup):
        probe = maker.make()
        find_candidates(probe.details())
        baseline(rng.choice(phone_keys))
        bare(rng.choice(phone_keys))
        intake.post(maker.make())

    wait_for_quiet(args.quiet_below, args.quiet_wait)
    load_before = os.getloadavg()
    print(f"  load average before: {' '.join(f'{x:.2f}' for x in load_before)}", flush=True)

    # (b) and (c), interleaved, order alternating.
    search = Series("candidate search (find_candidates)")
    plain = Series("baseline: Person by phone_key (.first())")
    raw = Series("baseline: bare SQL by phone_key (cursor)")
    by_kind: dict[str, Series] = {}
    found_self = 0
    existing = 0
    for index in range(searches):
        probe = maker.make()
        key = phone_keys[index % len(phone_keys)]
        if index % 2:
            timed(plain, lambda key=key: baseline(key))
            timed(raw, lambda key=key: bare(key))
        candidates = timed(search, lambda probe=probe: find_candidates(probe.details()))
        if not index % 2:
            timed(raw, lambda key=key: bare(key))
            timed(plain, lambda key=key: baseline(key))
        kind = by_kind.setdefault(probe.kind, Series(f"  search: {probe.kind}"))
        kind.add(search.samples[-1] / 1000, search.cpu[-1] / 1000)
        if probe.person_id is not None:
            existing += 1
            found_self += any(c.person.pk == probe.person_id for c in candidates)

    repeat = Series("matching + repeat counts (intake_people)")
    if intake_people is not None:
        for _ in range(min(searches, args.requests)):
            probe = maker.make()
            timed(repeat, lambda probe=probe: intake_people([("victim", probe.details())]))

    # (a) the whole intake through the API.
    post = Series("intake: POST /api/v1/incidents/")
    statuses: dict[int, int] = defaultdict(int)
    flagged = {"possible_matches": 0, "matched_existing": 0, "repeat_victim": 0}
    failures: list[dict[str, Any]] = []
    for _ in range(args.requests):
        probe = maker.make()
        status, body = timed(post, lambda probe=probe: intake.post(probe))
        statuses[status] += 1
        if status != 201:
            if len(failures) < 3:
                failures.append(body)
            continue
        for person in body.get("people", []):
            flagged["possible_matches"] += bool(person.get("possible_matches"))
            flagged["matched_existing"] += bool(person.get("matched_existing"))
            flagged["repeat_victim"] += bool((person.get("repeat_victim") or {}).get("is_repeat"))

    profile = profile_intake(intake, maker, args.profile) if args.profile else None

    load_after = os.getloadavg()
    rows = [
        post.row(),
        search.row(),
        *(s.row() for s in sorted(by_kind.values(), key=lambda s: s.name)),
        plain.row(),
        raw.row(),
    ]
    if repeat.samples:
        rows.insert(2, repeat.row())
    print()
    print_table(rows)
    ratio_median = search.median / plain.median
    ratio_p95 = search.percentile(0.95) / plain.percentile(0.95)
    raw_median = search.median / raw.median
    raw_p95 = search.percentile(0.95) / raw.percentile(0.95)
    print()
    print(
        f"candidate search / plain indexed lookup (ORM): median {ratio_median:.1f}x, "
        f"p95 {ratio_p95:.1f}x; / bare SQL: median {raw_median:.1f}x, p95 {raw_p95:.1f}x"
    )
    print(
        f"existing people found among the candidates: {found_self}/{existing} "
        f"({100 * found_self / max(existing, 1):.0f}%)"
    )
    print(f"intake responses: {dict(statuses)}; people with {flagged}")
    print(
        "load average before / after: "
        f"{' '.join(f'{x:.2f}' for x in load_before)} / {' '.join(f'{x:.2f}' for x in load_after)}"
        " (other work on the machine slows every figure)"
    )
    for body in failures:
        print(f"  failed: {json.dumps(body)[:300]}")
    verdicts = {
        "intake": post.percentile(0.95) <= TARGETS_MS["intake"],
        "candidate search": search.percentile(0.95) <= TARGETS_MS["candidate search"],
    }
    for name, met in verdicts.items():
        print(f"target p95 ≤ {TARGETS_MS[name]:.0f} ms for {name}: {'met' if met else 'MISSED'}")
    if profile:
        print()
        print(
            f"SQL of {profile['requests']} more intake requests (median "
            f"{profile['request_ms_median']:.1f} ms each, of which SQL "
            f"{profile['sql_ms_per_request']:.1f} ms): {profile['queries_per_request_median']} "
            f"queries per request (median), {profile['queries_per_request_max']} at most; "
            "the costliest:"
        )
        for item in profile["top"]:
            print(
                f"  {item['total_ms_per_request']:6.2f} ms/request {item['calls_per_request']:4.1f} "
                f"calls  median {item['median_ms']:.2f} ms  max {item['max_ms']:.2f} ms  "
                f"{item['sql']}"
            )
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(
                {
                    "date": date.today().isoformat(),
                    "environment": info,
                    "rows": rows,
                    "ratio_median": ratio_median,
                    "ratio_p95": ratio_p95,
                    "ratio_bare_sql_median": raw_median,
                    "ratio_bare_sql_p95": raw_p95,
                    "found_existing": [found_self, existing],
                    "statuses": statuses,
                    "flagged": flagged,
                    "targets_met": verdicts,
                    "profile": profile,
                    "load_average": [load_before, load_after],
                },
                handle,
                indent=2,
                default=str,
            )


def check_migrations() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        pending = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan)
        raise SystemExit(
            f"The bench database lacks migrations ({pending}): run `DATABASE_URL=... tandem "
            "migrate` (or regenerate with bench.generate) first"
        )


if __name__ == "__main__":
    main()
