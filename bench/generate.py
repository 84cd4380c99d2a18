"""Generate a national-scale Tandem data set in PostgreSQL, fast.

    uv run python -m bench.generate --people 2000000 --incidents 5000000 --years 10 \\
        --database-url postgres://postgres@127.0.0.1:5432/tandem_bench

Drops and recreates the database, runs ``tandem migrate`` on it, seeds the partnerships (areas,
wards, postcodes, agencies, staff) with the ORM, then streams people, cases, incidents, their
types and hate strands, involvements, case timelines and audit events with ``COPY`` (psycopg 3),
one connection per table so the server ingests while Python generates. Indexes, unique and
foreign-key constraints of the big tables are dropped before the load and recreated (and so
checked) after it; then ``ANALYZE``.

About 1 % of people are recorded twice (a typo or a nickname, same birth date and address), most
of those merged by a supervisor (``merged_into`` and ``PersonMerge``); 5 % have vulnerability
factors. Everything is invented and deterministic for a given ``--seed``, sizes and ``--end-date``
(default: today). People's normalised key columns are computed by the project's own code
(``tandem.people.services.person_refresh_keys``, and any key function ``tandem.people.matching``
exposes), so matching sees exactly what production would store. Columns the generator does not
know about (added by later migrations) get their model default, or the run stops and says which.
"""

from __future__ import annotations

import argparse
import itertools
import random
import subprocess
import sys
import time
import zlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg
from psycopg import sql

from bench import names
from bench.common import (
    DEFAULT_DATABASE_URL,
    Buffered,
    Clock,
    checked_url,
    copy_value,
    database_name,
    django_setup,
    maintenance_url,
    text,
)
from bench.keys import PERSON_DETAILS, incident_key_function, person_key_function

BIG_TABLES = (
    "people_person",
    "cases_case",
    "cases_caseevent",
    "incidents_incident",
    "incidents_incident_types",
    "incidents_incident_hate_strands",
    "incidents_incidentperson",
    "audit_auditevent",
)
DISTRICTS_PER_PARTNERSHIP = 8
WARDS_PER_DISTRICT = 8
POSTCODES_PER_WARD = 20
STREETS_PER_WARD = 40
PEOPLE_PER_PARTNERSHIP = 51_200
INCIDENTS_PER_CASE = 1.5
DUPLICATE_SHARE = 0.01  # people recorded twice (a typo, a nickname) ...
MERGED_SHARE = 0.6  # ... of whom this share have been merged by a supervisor
VULNERABLE_SHARE = 0.05  # people with vulnerability factors recorded
_INWARD_SECOND = "ABDEFGHJLNPQRSTUWXYZ"
_AREA_FIRST = "ABCDEFGHJKLMNOPRSTUWYZ"
_AREA_SECOND = "ABCDEFGHKLMNOPRSTUWY"
REFERENCE_SPACE = 32**5
REFERENCE_MULTIPLIER = 0x1F3A5B7  # odd, so multiplying permutes 0 .. 32**5 - 1


# ---------------------------------------------------------------------------------------------
# Command line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--incidents", type=int, default=50_000)
    parser.add_argument("--years", type=float, default=10)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=None,
        help="Last day of the history (default: today), so the last 12 months are recent.",
    )
    parser.add_argument(
        "--partnerships",
        type=int,
        default=0,
        help=f"Partnerships (police force areas), each {DISTRICTS_PER_PARTNERSHIP} districts of "
        f"{WARDS_PER_DISTRICT} wards; default one per {PEOPLE_PER_PARTNERSHIP:,} people.",
    )
    parser.add_argument(
        "--no-audit", action="store_true", help="Skip the audit events of the history."
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    url = checked_url(args.database_url)
    clock = Clock()
    print(
        f"Generating {args.people:,} people and {args.incidents:,} incidents over "
        f"{args.years:g} years into {database_name(url)}",
        flush=True,
    )
    recreate_database(url)
    clock.step(f"dropped and created database {database_name(url)}")
    migrate(url)
    clock.step("migrated (tandem migrate)")
    django_setup(url)
    Generator(args=args, url=url, clock=clock).run()
    print(f"Generated in {clock.total:.0f} s ({clock.total / 60:.1f} min).", flush=True)


def recreate_database(url: str) -> None:
    name = database_name(url)
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def migrate(url: str) -> None:
    """``tandem migrate`` in a child process with ``DATABASE_URL`` set."""
    import os

    env = {**os.environ, "DATABASE_URL": url, "TANDEM_LOG_LEVEL": "WARNING"}
    subprocess.run(
        [sys.executable, "-m", "tandem.manage", "migrate", "--no-input", "-v", "0"],
        env=env,
        check=True,
    )


# ---------------------------------------------------------------------------------------------
# In-memory shape of the partnerships


@dataclass
class AgencyInfo:
    id: int
    code: str
    name: str
    kind: str
    handlers: list[tuple[int, str]] = field(default_factory=list)  # (user id, display name)
    officers: list[tuple[int, str]] = field(default_factory=list)
    supervisors: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class WardInfo:
    id: int
    district: int  # index into Generator.districts
    town: str
    streets: list[str]
    postcodes: list[tuple[str, str, str]]  # (postcode, latitude, longitude) as text


@dataclass
class DistrictInfo:
    partnership: int
    wards: list[int]
    agencies: list[AgencyInfo] = field(default_factory=list)  # who receives reports here
    cum_weights: list[float] = field(default_factory=list)


@dataclass
class Column:
    """A column of a table being loaded; ``constant`` is its COPY text when the generator does
    not set it row by row."""

    name: str
    constant: str | None = None


def timestamp(epoch: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(epoch))


def day(epoch: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(epoch))


def reference(prefix: str, year: int, number: int) -> str:
    """A unique, random-looking reference in the application's format (``ASB-2026-7K3QX``)."""
    from tandem.core.references import ALPHABET

    value = (number * REFERENCE_MULTIPLIER) % REFERENCE_SPACE
    chars = []
    for _ in range(5):
        value, digit = divmod(value, 32)
        chars.append(ALPHABET[digit])
    return f"{prefix}-{year}-{''.join(chars)}"


# ---------------------------------------------------------------------------------------------
# The generator


class Generator:
    def __init__(self, *, args: argparse.Namespace, url: str, clock: Clock) -> None:
        self.args = args
        self.url = url
        self.clock = clock
        self.rng = random.Random(args.seed)
        end = args.end_date or datetime.now(UTC).date()
        self.end = datetime(end.year, end.month, end.day, tzinfo=UTC).timestamp()
        self.start = self.end - args.years * 365.25 * 86400
        self.partnership_count = args.partnerships or max(
            1, round(args.people / PEOPLE_PER_PARTNERSHIP)
        )
        self.districts: list[DistrictInfo] = []
        self.wards: list[WardInfo] = []
        self.agencies: list[AgencyInfo] = []
        self.counts: dict[str, int] = {}
        self.merged_into: dict[int, int] = {}  # duplicate's index -> the original's index

    # ---- orchestration ----------------------------------------------------------------------

    def run(self) -> None:
        self.seed_partnerships()
        self.clock.step(
            f"partnerships: {self.partnership_count} partnerships, {len(self.districts)} "
            f"districts, {len(self.wards)} wards, "
            f"{sum(len(w.postcodes) for w in self.wards):,} postcodes, "
            f"{len(self.agencies)} agencies, {self.counts['accounts_user']:,} staff"
        )
        saved = self.drop_indexes()
        self.clock.step(f"dropped {len(saved)} indexes and constraints of the big tables")
        self.make_people()
        self.clock.step(f"invented {self.args.people:,} people")
        self.load_history()
        self.clock.step(
            f"loaded {self.counts['cases_case']:,} cases, "
            f"{self.counts['incidents_incident']:,} incidents, "
            f"{self.counts['incidents_incidentperson']:,} involvements, "
            f"{self.counts['cases_caseevent']:,} case events, "
            f"{self.counts.get('audit_auditevent', 0):,} audit events"
        )
        self.load_people()
        self.clock.step(
            f"loaded {self.counts['people_person']:,} people with their keys, "
            f"{len(self.merged_into):,} of them merged duplicates, "
            f"{self.counts.get('people_person_vulnerability_factors', 0):,} vulnerability factors"
        )
        self.restore_indexes(saved)
        self.analyze()

    # ---- partnerships, with the ORM --------------------------------------------------------

    def seed_partnerships(self) -> None:
        from django.contrib.auth.hashers import make_password
        from django.db import transaction

        from tandem.accounts.models import Agency, AgencyKind, Role, User
        from tandem.geography.models import Area, AreaKind, Postcode

        rng = self.rng
        place_names = names.PLACE_NAMES[:]
        rng.shuffle(place_names)
        places = iter(place_names)
        area_codes = [a + b for a, b in itertools.product(_AREA_FIRST, _AREA_SECOND)]
        rng.shuffle(area_codes)
        unusable = make_password(None)  # staff here never sign in with a password
        with transaction.atomic():
            partnerships = Area.objects.bulk_create(
                Area(
                    name=f"{next(places)}shire",
                    kind=AreaKind.PARTNERSHIP,
                    ons_code=f"E109{number:05d}",
                )
                for number in range(self.partnership_count)
            )
            district_rows = []
            for p_index, partnership in enumerate(partnerships):
                for d_index in range(DISTRICTS_PER_PARTNERSHIP):
                    number = p_index * DISTRICTS_PER_PARTNERSHIP + d_index
                    district_rows.append(
                        Area(
                            name=next(places),
                            kind=AreaKind.DISTRICT,
                            ons_code=f"E079{number:05d}",
                            parent=partnership,
                        )
                    )
            districts = Area.objects.bulk_create(district_rows)
            ward_rows = []
            ward_boxes = []
            for number, district in enumerate(districts):
                p_index, d_index = divmod(number, DISTRICTS_PER_PARTNERSHIP)
                for w_index in range(WARDS_PER_DISTRICT):
                    box = ward_box(p_index, d_index, w_index)
                    ward_boxes.append(box)
                    ward_rows.append(
                        Area(
                            name=f"{district.name} {ward_suffix(w_index, rng)}",
                            kind=AreaKind.WARD,
                            ons_code=f"E059{len(ward_rows):05d}",
                            parent=district,
                            boundary=box_geojson(box),
                        )
                    )
            wards = Area.objects.bulk_create(ward_rows)
            postcode_rows = []
            for number, ward in enumerate(wards):
                d_number, w_index = divmod(number, WARDS_PER_DISTRICT)
                p_index, d_index = divmod(d_number, DISTRICTS_PER_PARTNERSHIP)
                area = area_codes[p_index % len(area_codes)]
                south, west, north, east = ward_boxes[number]
                ward_postcodes = []
                for slot in range(POSTCODES_PER_WARD):
                    serial = w_index * POSTCODES_PER_WARD + slot  # 0 .. 159 in the district
                    outward = f"{area}{d_index * 3 + serial // 60 + 1}"
                    inward = f"9{'XYZ'[serial % 60 // 20]}{_INWARD_SECOND[serial % 20]}"
                    latitude = Decimal(f"{south + (north - south) * rng.uniform(0.1, 0.9):.6f}")
                    longitude = Decimal(f"{west + (east - west) * rng.uniform(0.1, 0.9):.6f}")
                    postcode_rows.append(
                        Postcode(
                            postcode=f"{outward} {inward}",
                            ward=ward,
                            latitude=latitude,
                            longitude=longitude,
                        )
                    )
                    ward_postcodes.append((f"{outward} {inward}", str(latitude), str(longitude)))
                streets = rng.sample(names.STREET_NAMES, STREETS_PER_WARD)
                self.wards.append(
                    WardInfo(
                        id=ward.pk,
                        district=d_number,
                        town=districts[d_number].name,
                        streets=streets,
                        postcodes=ward_postcodes,
                    )
                )
            Postcode.objects.bulk_create(postcode_rows, batch_size=5000)
            for number in range(len(districts)):
                self.districts.append(
                    DistrictInfo(
                        partnership=number // DISTRICTS_PER_PARTNERSHIP,
                        wards=list(
                            range(number * WARDS_PER_DISTRICT, (number + 1) * WARDS_PER_DISTRICT)
                        ),
                    )
                )

            # Agencies: the force and county-wide partners of each partnership, and a council
            # for each district. Weights are each one's share of the reports in a district.
            agency_rows: list[tuple[Agency, float, int | None]] = []  # (agency, weight, district)
            for p_index, partnership in enumerate(partnerships):
                label = partnership.name.removesuffix("shire")
                prefix = f"{p_index:03d}"
                for code, name, kind, weight in (
                    (f"POL{prefix}", f"{label} Police", AgencyKind.POLICE, 35),
                    (f"FRS{prefix}", f"{label} Fire and Rescue", AgencyKind.FIRE, 1),
                    (f"CSP{prefix}", f"{partnership.name} County Council", AgencyKind.COUNCIL, 4),
                    (f"HSA{prefix}", f"{label} Homes", AgencyKind.HOUSING, 8),
                    (f"HSB{prefix}", f"{label} Housing Trust", AgencyKind.HOUSING, 4),
                    (f"PRB{prefix}", f"Probation Service ({label})", AgencyKind.PROBATION, 1),
                    (f"YOS{prefix}", f"{label} Youth Justice", AgencyKind.YOUTH_OFFENDING, 1),
                    (f"NHS{prefix}", f"NHS {label}", AgencyKind.HEALTH, 1),
                    (f"VSP{prefix}", f"Victim Support ({label})", AgencyKind.VOLUNTARY, 1),
                    (f"SOC{prefix}", f"{label} Adult Social Care", AgencyKind.SOCIAL_CARE, 1),
                ):
                    agency_rows.append(
                        (Agency(code=code, name=name, kind=kind, area=partnership), weight, None)
                    )
            for number, district in enumerate(districts):
                agency_rows.append(
                    (
                        Agency(
                            code=f"CNL{number:05d}",
                            name=f"{district.name} Borough Council",
                            kind=AgencyKind.COUNCIL,
                            area=district,
                        ),
                        43,
                        number,
                    )
                )
            created = Agency.objects.bulk_create([row[0] for row in agency_rows])
            for agency in created:
                self.agencies.append(
                    AgencyInfo(id=agency.pk, code=agency.code, name=agency.name, kind=agency.kind)
                )
            by_partnership: dict[int, list[tuple[AgencyInfo, float]]] = {}
            for (agency, weight, district_number), info in zip(
                agency_rows, self.agencies, strict=True
            ):
                if district_number is None:
                    p_index = int(agency.code[3:])
                    by_partnership.setdefault(p_index, []).append((info, weight))
            for (_agency, weight, district_number), info in zip(
                agency_rows, self.agencies, strict=True
            ):
                if district_number is not None:
                    district_info = self.districts[district_number]
                    pairs = [*by_partnership[district_info.partnership], (info, weight)]
                    district_info.agencies = [pair[0] for pair in pairs]
                    district_info.cum_weights = list(
                        itertools.accumulate(pair[1] for pair in pairs)
                    )

            # Staff: call handlers, case officers and a supervisor in every agency.
            staff = {
                AgencyKind.POLICE: (4, 12, 2),
                AgencyKind.COUNCIL: (2, 4, 1),
                AgencyKind.HOUSING: (1, 3, 1),
            }
            user_rows = []
            owners: list[tuple[AgencyInfo, str]] = []
            first_names = [*names.MALE_NAMES, *names.FEMALE_NAMES]
            for info in self.agencies:
                handlers, officers, supervisors = staff.get(info.kind, (0, 1, 1))  # type: ignore[call-overload]
                for role, count in (
                    (Role.CALL_HANDLER, handlers),
                    (Role.CASE_OFFICER, officers),
                    (Role.SUPERVISOR, supervisors),
                ):
                    for n in range(count):
                        first = rng.choice(first_names)
                        last = rng.choice(names.SURNAMES)
                        username = f"{info.code.lower()}.{role.value.replace('_', '')}{n + 1}"
                        user_rows.append(
                            User(
                                username=username,
                                password=unusable,
                                first_name=first,
                                last_name=last,
                                email=f"{username}@example.invalid",
                                agency_id=info.id,
                                role=role,
                            )
                        )
                        owners.append((info, role))
            users = User.objects.bulk_create(user_rows, batch_size=5000)
            for user, (info, role) in zip(users, owners, strict=True):
                entry = (user.pk, f"{user.first_name} {user.last_name}")
                if role == Role.CALL_HANDLER:
                    info.handlers.append(entry)
                elif role == Role.CASE_OFFICER:
                    info.officers.append(entry)
                else:
                    info.supervisors.append(entry)
            self.counts["accounts_user"] = len(users)

        from tandem.incidents.models import Category, HateStrand, IncidentType

        self.category_ids = dict(Category.objects.values_list("code", "id"))
        self.category_priority = dict(Category.objects.values_list("code", "default_priority"))
        self.type_ids = dict(IncidentType.objects.values_list("code", "id"))
        self.type_serious = dict(IncidentType.objects.values_list("code", "serious"))
        self.strand_ids = dict(HateStrand.objects.values_list("code", "id"))

    # ---- indexes ----------------------------------------------------------------------------

    def connect(self) -> psycopg.Connection[Any]:
        conn = psycopg.connect(self.url, autocommit=True)
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '1GB'")
        return conn

    def drop_indexes(self) -> list[tuple[str, str]]:
        """Drop every index and constraint (but NOT NULL and CHECK) of the big tables, and
        every foreign key pointing at them; return the statements that recreate them."""
        saved: list[tuple[str, str]] = []  # (kind, statement); restored in this order
        with self.connect() as conn:
            tables = list(BIG_TABLES)
            foreign = conn.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' "
                "AND (conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[])) "
                "ORDER BY 1, 2",
                [tables, tables],
            ).fetchall()
            keys = conn.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype IN ('p', 'u', 'x') "
                "AND conrelid = ANY(%s::regclass[]) ORDER BY contype, 1, 2",
                [tables],
            ).fetchall()
            indexes = conn.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
                "AND c.contype IN ('p', 'u', 'x')) ORDER BY 1",
                [tables],
            ).fetchall()
            for table, name, _definition in foreign:
                conn.execute(
                    sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                        sql.Identifier(table), sql.Identifier(name)
                    )
                )
            for table, name, definition in keys:
                conn.execute(
                    sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                        sql.Identifier(table), sql.Identifier(name)
                    )
                )
                saved.append(("key", add_constraint(table, name, definition)))
            for name, definition in indexes:
                conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
                saved.append(("index", definition))
            for table, name, definition in foreign:
                saved.append(("foreign key", add_constraint(table, name, definition)))
        return saved

    def restore_indexes(self, saved: list[tuple[str, str]]) -> None:
        with self.connect() as conn:
            for kind in ("key", "index", "foreign key"):
                started = time.perf_counter()
                statements = [statement for k, statement in saved if k == kind]
                for statement in statements:
                    conn.execute(statement)  # type: ignore[arg-type]
                self.clock.step(
                    f"recreated {len(statements)} {kind}"
                    + ("es" if kind == "index" else "s")
                    + (" (checked)" if kind != "index" else "")
                    + f" in {time.perf_counter() - started:.0f} s"
                )

    def analyze(self) -> None:
        with self.connect() as conn:
            for table in BIG_TABLES:
                conn.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence({}, 'id'), "
                        "coalesce(max(id), 0) + 1, false) FROM {}"
                    ).format(sql.Literal(table), sql.Identifier(table))
                )
            conn.execute("VACUUM ANALYZE")
            conn.execute("CHECKPOINT")
            size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            row = size.fetchone()
        self.clock.step(
            f"set sequences, VACUUM ANALYZE, CHECKPOINT; database is {row[0] if row else '?'}"
        )

    # ---- people -----------------------------------------------------------------------------

    def make_people(self) -> None:
        """Invent everyone, in memory, grouped by the ward they live in (ids rise ward by
        ward), so incidents can pick their neighbours."""
        rng = self.rng
        total = self.args.people
        ward_count = len(self.wards)
        base, extra = divmod(total, ward_count)
        self.ward_start = array("q")
        self.ward_size = array("q")
        start = 0
        for index in range(ward_count):
            size = base + (1 if index < extra else 0)
            self.ward_start.append(start)
            self.ward_size.append(size)
            start += size

        male = names.MALE_NAMES
        female = names.FEMALE_NAMES
        male_cum = list(itertools.accumulate(names.rank_weights(len(male), 0.5)))
        female_cum = list(itertools.accumulate(names.rank_weights(len(female), 0.5)))
        real = names.SURNAMES
        invented = names.INVENTED_SURNAMES
        real_cum = list(itertools.accumulate(names.rank_weights(len(real), 0.5)))
        channels = ("", "", "telephone", "telephone", "text", "letter", "in_person")
        end_day = date.fromtimestamp(self.end)
        random_ = rng.random
        choices = rng.choices
        randrange = rng.randrange

        people: list[tuple[Any, ...]] = []
        append = people.append
        for index in range(ward_count):
            ward = self.wards[index]
            streets = ward.streets
            postcodes = ward.postcodes
            for _ in range(self.ward_size[index]):
                pid = len(people)
                if random_() < 0.5:
                    first = choices(male, cum_weights=male_cum)[0]
                else:
                    first = choices(female, cum_weights=female_cum)[0]
                if random_() < 0.45:
                    last = choices(real, cum_weights=real_cum)[0]
                else:
                    last = invented[randrange(len(invented))]
                if random_() < 0.03:
                    last = f"{last}-{real[randrange(len(real))]}"
                born = None
                if random_() < 0.95:
                    age = 10 + 85 * random_() ** 1.3
                    born = end_day - timedelta(days=int(age * 365.25))
                house = randrange(1, 180)
                street = streets[randrange(STREETS_PER_WARD)]
                if random_() < 0.12:
                    block = names.FLAT_BLOCKS[randrange(len(names.FLAT_BLOCKS))]
                    address = f"Flat {house % 40 + 1}, {block}, {street}, {ward.town}"
                else:
                    address = f"{house} {street}, {ward.town}"
                postcode = postcodes[randrange(POSTCODES_PER_WARD)][0] if random_() < 0.93 else ""
                phone = ""
                if random_() < 0.75:
                    digits = f"{(pid * 738_219_361 + 104_729_113) % 1_000_000_000:09d}"
                    form = random_()
                    if form < 0.7:
                        phone = f"06{digits[:3]} {digits[3:]}"
                    elif form < 0.85:
                        phone = f"+44 6{digits[:3]} {digits[3:]}"
                    else:
                        phone = f"06{digits}"
                email = ""
                if random_() < 0.4:
                    local = f"{fold(first)}.{fold(last)}{pid}"
                    email = f"{local}@example.invalid"
                channel = channels[randrange(len(channels))]
                if channel == "" and email and random_() < 0.3:
                    channel = "email"
                in_ward = pid - self.ward_start[index]
                if in_ward > 10 and random_() < DUPLICATE_SHARE:
                    # Someone already on record, recorded again with the details slightly off.
                    original = self.ward_start[index] + randrange(in_ward)
                    first, last, born, address, postcode, phone, email, channel = people[original]
                    first = names.nickname_or_typo(rng, first) if random_() < 0.6 else first
                    last = names.typo(rng, last) if random_() < 0.5 else last
                    phone = phone if random_() < 0.5 else ""
                    email = ""
                    if random_() < MERGED_SHARE:
                        self.merged_into[pid] = original
                append((first, last, born, address, postcode, phone, email, channel))
        self.people = people
        self.first_seen = array("d", [0.0]) * total

    def load_people(self) -> None:
        """COPY everyone, with every key column computed by the application's own code."""
        from tandem.people.models import Person

        computed, keys_of, how = person_key_function()
        print(f"    person key columns ({how}): {', '.join(computed)}", flush=True)
        fields = {f.attname for f in Person._meta.concrete_fields}
        merges = "merged_into_id" in fields
        columns = table_columns(
            Person,
            provided=[
                "id",
                *PERSON_DETAILS,
                *computed,
                "created_at",
                "updated_at",
                *(["merged_into_id"] if merges else []),
            ],
        )
        constant_text = "".join("\t" + c.constant for c in columns if c.constant is not None)
        ordered = [c.name for c in columns if c.constant is None] + [
            c.name for c in columns if c.constant is not None
        ]

        rng = random.Random(self.args.seed + 1)
        span = self.end - self.start
        null = "\\N"
        with self.connect() as conn, conn.transaction():
            conn.execute("TRUNCATE people_person")
            with conn.cursor().copy(copy_statement("people_person", ordered)) as copy:
                out = Buffered(copy)
                for pid, row in enumerate(self.people):
                    first, last, born, address, postcode, phone, email, channel = row
                    seen = self.first_seen[pid] or self.start + span * rng.random()
                    created = timestamp(seen)
                    merged = ""
                    if merges:
                        original = self.merged_into.get(pid)
                        merged = f"\t{original + 1}" if original is not None else "\t" + null
                    out.write(
                        f"{pid + 1}\t{text(first)}\t{text(last)}\t"
                        f"{born.isoformat() if born else null}\t{text(address)}\t"
                        f"{postcode}\t{phone}\t{text(email)}\t{channel}\t"
                        + "\t".join(copy_value(value) for value in keys_of(row))
                        + f"\t{created}\t{created}{merged}{constant_text}\n"
                    )
                    if pid % 250_000 == 249_999:
                        print(f"    people: {pid + 1:,} at {self.clock.elapsed:.0f} s", flush=True)
                out.flush()
        self.counts["people_person"] = len(self.people)
        if merges:
            self.load_merges()
        self.load_vulnerability()

    def load_merges(self) -> None:
        """The supervisors' merge records for the duplicates merged above."""
        from tandem.people.models import PersonMerge

        rng = random.Random(self.args.seed + 3)
        supervisors = [user for agency in self.agencies for user in agency.supervisors]
        fields = {f.attname for f in PersonMerge._meta.concrete_fields}
        given = ["id", "survivor_id", "duplicate_id", "reason", "merged_by_id", "merged_at"]
        if not set(given) <= fields:
            print("    (person merges not loaded: PersonMerge has changed)", flush=True)
            return
        columns = table_columns(PersonMerge, provided=given)
        constant_text = "".join("\t" + c.constant for c in columns if c.constant is not None)
        ordered = [c.name for c in columns if c.constant is None] + [
            c.name for c in columns if c.constant is not None
        ]
        with self.connect() as conn, conn.transaction():
            table = PersonMerge._meta.db_table
            with conn.cursor().copy(copy_statement(table, ordered, freeze=False)) as copy:
                out = Buffered(copy)
                for number, (duplicate, original) in enumerate(sorted(self.merged_into.items())):
                    seen = max(self.first_seen[duplicate], self.first_seen[original])
                    at = min(self.end - 3600, (seen or self.start) + 86400 * rng.uniform(1, 60))
                    supervisor = supervisors[rng.randrange(len(supervisors))]
                    out.write(
                        f"{number + 1}\t{original + 1}\t{duplicate + 1}\tSame date of birth and "
                        f"address; name misspelt\t{supervisor[0]}\t{timestamp(at)}"
                        f"{constant_text}\n"
                    )
                out.flush()
            conn.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({}, 'id'), coalesce(max(id), 0) + 1, "
                    "false) FROM {}"
                ).format(sql.Literal(table), sql.Identifier(table))
            )
        self.counts[PersonMerge._meta.db_table] = len(self.merged_into)

    def load_vulnerability(self) -> None:
        """Vulnerability factors recorded on some people (special-category data)."""
        from tandem.people.models import Person, VulnerabilityFactor

        through = getattr(getattr(Person, "vulnerability_factors", None), "through", None)
        factor_ids = list(VulnerabilityFactor.objects.values_list("id", flat=True))
        if through is None or not factor_ids:
            return
        rng = random.Random(self.args.seed + 4)
        table = through._meta.db_table
        columns = table_columns(through, provided=["id", "person_id", "vulnerabilityfactor_id"])
        constant_text = "".join("\t" + c.constant for c in columns if c.constant is not None)
        ordered = [c.name for c in columns if c.constant is None] + [
            c.name for c in columns if c.constant is not None
        ]
        rows = 0
        with self.connect() as conn, conn.transaction():
            with conn.cursor().copy(copy_statement(table, ordered, freeze=False)) as copy:
                out = Buffered(copy)
                for pid in range(len(self.people)):
                    if rng.random() >= VULNERABLE_SHARE:
                        continue
                    for factor in rng.sample(factor_ids, 1 if rng.random() < 0.7 else 2):
                        rows += 1
                        out.write(f"{rows}\t{pid + 1}\t{factor}{constant_text}\n")
                out.flush()
            conn.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({}, 'id'), coalesce(max(id), 0) + 1, "
                    "false) FROM {}"
                ).format(sql.Literal(table), sql.Identifier(table))
            )
        self.counts[table] = rows

    # ---- cases, incidents and everything hanging off them ----------------------------------

    def load_history(self) -> None:
        """Cases in time order, each with 1 or more incidents (1.5 on average), their people,
        types, hate strands, timeline entries and audit events, streamed to one COPY per table."""
        from tandem.audit.models import AuditEvent
        from tandem.cases.models import Case, CaseEvent
        from tandem.core.demo import HATE_DESCRIPTIONS, HATE_TYPES, TYPE_PROFILES
        from tandem.incidents.models import Incident, IncidentPerson

        incident_keys, incident_keys_of = incident_key_function()
        incident_fields = {f.attname for f in Incident._meta.concrete_fields}
        happened_before = "happened_before" in incident_fields
        if incident_keys:
            print(f"    incident key columns: {', '.join(incident_keys)}", flush=True)
        tables = {
            "cases_case": table_columns(
                Case,
                provided=[
                    "id",
                    "reference",
                    "lead_agency_id",
                    "officer_id",
                    "status",
                    "priority",
                    "category_id",
                    "ward_id",
                    "address",
                    "postcode",
                    "hate_motivated",
                    "next_deadline",
                    "opened_at",
                    "updated_at",
                    "closed_at",
                ],
            ),
            "incidents_incident": table_columns(
                Incident,
                provided=[
                    "id",
                    "reference",
                    "case_id",
                    "occurred_at",
                    "reported_at",
                    "channel",
                    "receiving_agency_id",
                    "category_id",
                    "description",
                    "address",
                    "postcode",
                    "ward_id",
                    "latitude",
                    "longitude",
                    "hate_motivated",
                    "domestic_abuse",
                    "crime_reference",
                    "created_by_id",
                    "created_at",
                    *incident_keys,
                    *(["happened_before"] if happened_before else []),
                ],
            ),
            "incidents_incident_types": table_columns(
                Incident.types.through, provided=["id", "incident_id", "incidenttype_id"]
            ),
            "incidents_incident_hate_strands": table_columns(
                Incident.hate_strands.through, provided=["id", "incident_id", "hatestrand_id"]
            ),
            "incidents_incidentperson": table_columns(
                IncidentPerson, provided=["id", "incident_id", "person_id", "role"]
            ),
            "cases_caseevent": table_columns(
                CaseEvent, provided=["id", "case_id", "kind", "occurred_at", "actor_id", "summary"]
            ),
        }
        if not self.args.no_audit:
            tables["audit_auditevent"] = table_columns(
                AuditEvent,
                provided=[
                    "id",
                    "occurred_at",
                    "actor_id",
                    "actor_agency_id",
                    "action",
                    "object_type",
                    "object_id",
                    "case_reference",
                    "detail",
                    "ip_address",
                ],
            )
        suffix = {
            table: "".join("\t" + c.constant for c in columns if c.constant is not None) + "\n"
            for table, columns in tables.items()
        }

        connections = {table: self.connect() for table in tables}
        copies = {}
        streams: dict[str, Buffered] = {}
        try:
            for table, conn in connections.items():
                conn.execute("BEGIN")
                conn.execute(sql.SQL("TRUNCATE {}").format(sql.Identifier(table)))
                columns = tables[table]
                ordered = [c.name for c in columns if c.constant is None] + [
                    c.name for c in columns if c.constant is not None
                ]
                copies[table] = conn.cursor().copy(copy_statement(table, ordered))
                streams[table] = Buffered(copies[table].__enter__())
            self._history(
                streams=streams,
                suffix=suffix,
                type_profiles=TYPE_PROFILES,
                hate_types=HATE_TYPES,
                hate_descriptions=HATE_DESCRIPTIONS,
                incident_keys_of=incident_keys_of if incident_keys else None,
                happened_before=happened_before,
            )
            for table, stream in streams.items():
                stream.flush()
                copies[table].__exit__(None, None, None)
                connections[table].execute("COMMIT")
                self.counts[table] = stream.rows
        finally:
            for conn in connections.values():
                conn.close()

    def _history(
        self,
        *,
        streams: dict[str, Buffered],
        suffix: dict[str, str],
        type_profiles: dict[str, Any],
        hate_types: tuple[str, ...],
        hate_descriptions: dict[str, str],
        incident_keys_of: Callable[[str, str], list[Any]] | None,
        happened_before: bool,
    ) -> None:
        rng = random.Random(self.args.seed + 2)
        random_ = rng.random
        randrange = rng.randrange
        choices = rng.choices
        expovariate = rng.expovariate

        target = self.args.incidents
        case_estimate = max(1, round(target / INCIDENTS_PER_CASE))
        start, end = self.start, self.end
        span = end - start
        ward_count = len(self.wards)
        wards = self.wards
        districts = self.districts
        ward_start, ward_size = self.ward_start, self.ward_size
        people = self.people
        first_seen = self.first_seen
        cursor = array("q", [0]) * ward_count
        slots = array("q", [0]) * ward_count
        slots_per_case = 1.3  # a first guess; replaced by what the run has seen

        type_codes = list(type_profiles)
        type_cum = list(itertools.accumulate(type_profiles[c].weight for c in type_codes))
        strand_codes = list(self.strand_ids)
        channels_by_kind = {
            "police": ("phone", "phone", "phone", "web", "in_person"),
            "council": ("phone", "web", "web", "email", "in_person"),
            "housing": ("phone", "email", "in_person", "web"),
        }
        other_channels = ("phone", "email", "partner_referral", "other")
        status_labels = {
            "open": "Open",
            "in_progress": "In progress",
            "on_hold": "On hold",
            "closed": "Closed",
        }

        cases = streams["cases_case"]
        incidents = streams["incidents_incident"]
        types_out = streams["incidents_incident_types"]
        strands_out = streams["incidents_incident_hate_strands"]
        involvements = streams["incidents_incidentperson"]
        events = streams["cases_caseevent"]
        audit = streams.get("audit_auditevent")
        s_case = suffix["cases_case"]
        s_incident = suffix["incidents_incident"]
        s_type = suffix["incidents_incident_types"]
        s_strand = suffix["incidents_incident_hate_strands"]
        s_person = suffix["incidents_incidentperson"]
        s_event = suffix["cases_caseevent"]
        s_audit = suffix.get("audit_auditevent", "\n")

        ids = {"incident": 0, "type": 0, "strand": 0, "person": 0, "event": 0, "audit": 0}
        year_numbers: dict[tuple[str, int], int] = {}
        total_slots = 0

        def next_reference(prefix: str, epoch: float) -> str:
            year = time.gmtime(epoch).tm_year
            key = (prefix, year)
            number = year_numbers.get(key, 0)
            year_numbers[key] = number + 1
            return reference(prefix, year, number)

        def pick(ward: int, at: float, expected: float) -> int:
            """A resident of the ward: someone new while there are people not yet involved
            (at the rate that uses everyone by the end), otherwise someone seen before, most
            often one of the ward's frequent callers."""
            used = cursor[ward]
            size = ward_size[ward]
            remaining = expected - slots[ward]
            slots[ward] += 1
            if used < size and (
                used == 0 or remaining <= size - used or random_() * remaining < size - used
            ):
                cursor[ward] = used + 1
                pid = ward_start[ward] + used
                first_seen[pid] = at
                return pid
            return ward_start[ward] + int(used * random_() ** 2.5)

        def audit_row(
            at: float,
            actor: tuple[int, str],
            agency: int,
            action: str,
            object_type: str,
            object_id: str,
            case_ref: str,
            detail: str,
        ) -> None:
            if audit is None:
                return
            ids["audit"] += 1
            audit.write(
                f"{ids['audit']}\t{timestamp(at)}\t{actor[0]}\t{agency}\t{action}\t"
                f"{object_type}\t{object_id}\t{case_ref}\t{detail}\t\\N{s_audit}"
            )

        case_id = 0
        written = 0
        report_every = max(1, target // 10)
        next_report = report_every
        while written < target:
            case_id += 1
            opened = start + span * (case_id - 1 + random_()) / case_estimate
            if opened >= end:
                opened = end - 3600 * random_()
            ward_index = randrange(ward_count)
            ward = wards[ward_index]
            district = districts[ward.district]
            agency = choices(district.agencies, cum_weights=district.cum_weights)[0]

            type_code = choices(type_codes, cum_weights=type_cum)[0]
            profile = type_profiles[type_code]
            category = profile.categories[0]
            if len(profile.categories) > 1 and random_() < 0.25:
                category = profile.categories[1]
            case_types = [type_code]
            if profile.companions and random_() < 0.3:
                case_types.append(profile.companions[randrange(len(profile.companions))])
            hate: list[str] = []
            if category == "personal" and random_() < 0.06:
                hate = [strand_codes[randrange(len(strand_codes))]]
                if random_() < 0.1:
                    other = strand_codes[randrange(len(strand_codes))]
                    if other not in hate:
                        hate.append(other)
                case_types = [hate_types[randrange(len(hate_types))]]
            domestic = category == "personal" and not hate and random_() < 0.04

            count = 1
            while random_() < 1 / 3 and count < 30:
                count += 1
            count = min(count, target - written)

            # The people of the case: victims (the same in each of its incidents), an alleged
            # perpetrator, sometimes a witness to one incident.
            expected = slots_per_case * case_estimate / ward_count
            victims: list[int] = []
            if category != "environmental" or random_() < 0.4:
                victims.append(pick(ward_index, opened, expected))
                if random_() < 0.08:
                    other = pick(ward_index, opened, expected)
                    if other not in victims:
                        victims.append(other)
            perpetrator = -1
            if random_() < profile.perpetrator_chance * 0.7 or domestic:
                home = ward_index
                if random_() < 0.1:
                    home = district.wards[randrange(len(district.wards))]
                perpetrator = pick(home, opened, expected)
            total_slots += len(victims) + (perpetrator >= 0)

            serious = bool(hate) or any(self.type_serious[c] for c in case_types)
            priority = 1 if serious or domestic else self.category_priority[category]

            # Where: the victim's home for neighbour problems, otherwise a street in the ward;
            # the point is the postcode's, moved up to ~50 m by the address (the same address
            # always gets the same point).
            if victims and category != "environmental" and random_() < 0.7:
                home = people[victims[0]]
                address, postcode = home[3], home[4]
                centre = next(
                    ((lat, lon) for code, lat, lon in ward.postcodes if code == postcode), None
                )
            else:
                street = ward.streets[randrange(STREETS_PER_WARD)]
                address = (
                    f"{randrange(1, 180)} {street}, {ward.town}"
                    if random_() < 0.6
                    else f"Land near {street}, {ward.town}"
                )
                postcode, lat, lon = ward.postcodes[randrange(POSTCODES_PER_WARD)]
                centre = (lat, lon)
            if centre is None:
                lat_lon = ("\\N", "\\N")
            else:
                spread = zlib.crc32(address.encode())
                lat_lon = (
                    f"{float(centre[0]) + ((spread & 0xFFFF) / 0xFFFF - 0.5) * 0.0009:.6f}",
                    f"{float(centre[1]) + ((spread >> 16) / 0xFFFF - 0.5) * 0.0014:.6f}",
                )
            place_keys = (
                "".join("\t" + copy_value(v) for v in incident_keys_of(address, postcode))
                if incident_keys_of
                else ""
            )
            address = text(address)

            case_ref = next_reference("ASB", opened)
            lead = agency
            actor = pick_actor(lead, random_, randrange)
            times = [opened]
            at = opened
            for _ in range(count - 1):
                at = min(at + 3600 + expovariate(1 / (18 * 86400)), end - 60)
                times.append(at)
            last = times[-1]

            # Status follows the age of the latest report.
            age_days = (end - last) / 86400
            draw = random_()
            if age_days < 10:
                status = "open" if draw < 0.6 else "in_progress"
            elif age_days < 21:
                status = "open" if draw < 0.2 else "in_progress"
            elif age_days < 90:
                status = (
                    "open"
                    if draw < 0.05
                    else "in_progress"
                    if draw < 0.65
                    else "on_hold"
                    if draw < 0.8
                    else "closed"
                )
            elif age_days < 180:
                status = "in_progress" if draw < 0.3 else "on_hold" if draw < 0.45 else "closed"
            else:
                status = "in_progress" if draw < 0.03 else "on_hold" if draw < 0.05 else "closed"
            officer: tuple[int, str] | None = None
            if lead.officers and not (status == "open" and random_() < 0.4):
                officer = lead.officers[randrange(len(lead.officers))]
            if officer is None:
                status = "open"
            closed_at = None
            started = min(opened + 86400 * (1 + 4 * random_()), end - 7200)
            if status == "closed":
                closed_at = max(min(last + 86400 * (14 + 76 * random_()), end - 3600), started)
                deadline = "\\N"
                updated = closed_at
            else:
                deadline = day(end + 86400 * (randrange(-10, 25)))
                updated = max(last, started if status != "open" else last)

            cases.write(
                f"{case_id}\t{case_ref}\t{lead.id}\t{officer[0] if officer else chr(92) + 'N'}\t"
                f"{status}\t{priority}\t{self.category_ids[category]}\t{ward.id}\t{address}\t"
                f"{postcode}\t{'t' if hate else 'f'}\t{deadline}\t{timestamp(opened)}\t"
                f"{timestamp(updated)}\t{timestamp(closed_at) if closed_at else chr(92) + 'N'}"
                f"{s_case}"
            )
            ids["event"] += 1
            opened_summary = f"Case opened by {actor[1]} ({text(lead.name)})"
            if officer is not None:
                opened_summary += f"; officer {officer[1]}"
            events.write(
                f"{ids['event']}\t{case_id}\topened\t{timestamp(opened)}\t{actor[0]}\t"
                f"{opened_summary}{s_event}"
            )
            audit_row(opened, actor, lead.id, "create", "case", case_ref, case_ref, "{}")

            category_id = self.category_ids[category]
            for number, reported in enumerate(times):
                receiving = lead
                if number and random_() < 0.3:
                    receiving = choices(district.agencies, cum_weights=district.cum_weights)[0]
                creator = actor if number == 0 else pick_actor(receiving, random_, randrange)
                ids["incident"] += 1
                incident_id = ids["incident"]
                incident_ref = next_reference("INC", reported)
                occurred = reported - min(expovariate(1 / 21600), 20 * 86400)
                channel_pool = channels_by_kind.get(receiving.kind, other_channels)
                channel = channel_pool[randrange(len(channel_pool))]
                crime = ""
                if receiving.kind == "police" and random_() < (0.8 if serious else 0.35):
                    crime = f"{receiving.code}/{time.gmtime(reported).tm_year}/{incident_id:07d}"
                profile_here = type_profiles.get(case_types[0], profile)
                description = (
                    hate_descriptions.get(hate[0], profile.descriptions[0])
                    if hate
                    else profile_here.descriptions[randrange(len(profile_here.descriptions))]
                )
                if number:
                    description = "Further report: " + description[0].lower() + description[1:]
                asked = ""
                if happened_before:
                    # Asked of victims since the question arrived (the last 18 months here).
                    if victims and end - reported < 548 * 86400:
                        asked = "\tyes" if number else "\t" + ("no", "yes", "unknown")[randrange(3)]
                    else:
                        asked = "\t"
                incidents.write(
                    f"{incident_id}\t{incident_ref}\t{case_id}\t{timestamp(occurred)}\t"
                    f"{timestamp(reported)}\t{channel}\t{receiving.id}\t{category_id}\t"
                    f"{text(description)}\t{address}\t{postcode}\t{ward.id}\t{lat_lon[0]}\t"
                    f"{lat_lon[1]}\t{'t' if hate else 'f'}\t{'t' if domestic else 'f'}\t{crime}\t"
                    f"{creator[0]}\t{timestamp(reported)}{place_keys}{asked}{s_incident}"
                )
                for code in case_types:
                    ids["type"] += 1
                    types_out.write(f"{ids['type']}\t{incident_id}\t{self.type_ids[code]}{s_type}")
                for code in hate:
                    ids["strand"] += 1
                    strands_out.write(
                        f"{ids['strand']}\t{incident_id}\t{self.strand_ids[code]}{s_strand}"
                    )
                involved = [(pid, "victim") for pid in victims]
                if perpetrator >= 0 and perpetrator not in victims:
                    involved.append((perpetrator, "alleged_perpetrator"))
                if random_() < 0.1:
                    witness = pick(ward_index, reported, expected)
                    total_slots += 1
                    if witness not in victims and witness != perpetrator:
                        involved.append((witness, "witness"))
                for pid, role in involved:
                    ids["person"] += 1
                    involvements.write(
                        f"{ids['person']}\t{incident_id}\t{pid + 1}\t{role}{s_person}"
                    )
                    if not first_seen[pid]:
                        first_seen[pid] = reported
                audit_row(
                    reported,
                    creator,
                    receiving.id,
                    "create",
                    "incident",
                    incident_ref,
                    case_ref,
                    f'{{"channel": "{channel}", "people": {len(involved)}}}',
                )
                if number:
                    ids["event"] += 1
                    events.write(
                        f"{ids['event']}\t{case_id}\tincident_added\t{timestamp(reported)}\t"
                        f"{creator[0]}\tIncident {incident_ref} added by {creator[1]}{s_event}"
                    )
                    audit_row(
                        reported,
                        creator,
                        receiving.id,
                        "update",
                        "case",
                        case_ref,
                        case_ref,
                        f'{{"fields": [], "incident": "{incident_ref}"}}',
                    )

            # The timeline of the case's progress.
            if status != "open" and officer is not None:
                steps = [("in_progress", started)]
                if status == "on_hold":
                    steps.append(("on_hold", started + (end - started) * random_()))
                elif status == "closed" and closed_at is not None:
                    steps.append(("closed", closed_at))
                previous = "open"
                for new, at in steps:
                    ids["event"] += 1
                    events.write(
                        f"{ids['event']}\t{case_id}\tstatus_changed\t{timestamp(at)}\t"
                        f"{officer[0]}\tStatus changed from {status_labels[previous]} to "
                        f"{status_labels[new]} by {officer[1]}{s_event}"
                    )
                    audit_row(
                        at,
                        officer,
                        lead.id,
                        "update",
                        "case",
                        case_ref,
                        case_ref,
                        f'{{"fields": ["status"], "status": "{new}"}}',
                    )
                    previous = new

            written += count
            slots_per_case = total_slots / case_id if case_id > 1000 else slots_per_case
            if written >= next_report:
                print(
                    f"    incidents: {written:,} ({case_id:,} cases, "
                    f"{ids['person']:,} involvements) at {self.clock.elapsed:.0f} s",
                    flush=True,
                )
                next_report += report_every
        unused = sum(ward_size[w] - cursor[w] for w in range(ward_count))
        print(f"    people never involved in an incident: {unused:,}", flush=True)


# ---------------------------------------------------------------------------------------------
# Helpers


def fold(value: str) -> str:
    return "".join(ch for ch in value.lower() if "a" <= ch <= "z")


def pick_actor(
    agency: AgencyInfo, random_: Callable[[], float], randrange: Callable[[int], int]
) -> tuple[int, str]:
    if agency.handlers and random_() < 0.75:
        return agency.handlers[randrange(len(agency.handlers))]
    pool = agency.officers or agency.supervisors
    return pool[randrange(len(pool))]


def ward_box(partnership: int, district: int, ward: int) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a ward: partnerships on a grid over England and Wales,
    districts 4 by 2 inside each, wards 4 by 2 inside each district, with gaps between."""
    row, column = divmod(partnership, 8)
    south = 50.6 + row * 0.5
    west = -4.5 + column * 0.7
    d_row, d_column = divmod(district, 4)
    south += d_row * 0.25
    west += d_column * 0.175
    w_row, w_column = divmod(ward, 4)
    south += w_row * 0.125 + 0.002
    west += w_column * 0.04375 + 0.002
    return south, west, south + 0.121, west + 0.0398


def box_geojson(box: tuple[float, float, float, float]) -> dict[str, Any]:
    south, west, north, east = box
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


_WARD_SUFFIXES = (
    "Central",
    "North",
    "South",
    "East",
    "West",
    "Park",
    "Green",
    "Vale",
    "Hill",
    "Riverside",
    "Heath",
    "Fields",
    "Town",
    "Castle",
    "Abbey",
    "Meadows",
)


def ward_suffix(index: int, rng: random.Random) -> str:
    return _WARD_SUFFIXES[(index + rng.randrange(len(_WARD_SUFFIXES))) % len(_WARD_SUFFIXES)]


def add_constraint(table: str, name: str, definition: str) -> str:
    return (
        sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ")
        .format(sql.Identifier(table), sql.Identifier(name))
        .as_string(None)
        + definition
    )


def copy_statement(table: str, columns: list[str], *, freeze: bool = True) -> sql.Composed:
    """``COPY ... FROM STDIN``; ``FREEZE`` (rows written frozen, no later rewrite by VACUUM) needs
    the table truncated in the same transaction."""
    return sql.SQL("COPY {} ({}) FROM STDIN" + (" (FREEZE)" if freeze else "")).format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )


def table_columns(model: Any, *, provided: list[str]) -> list[Column]:
    """The model's columns: those the generator provides (in its order), then every other
    one with its default as a constant. Stops if a required column has no default."""
    from django.db import connection

    by_name = {f.attname: f for f in model._meta.concrete_fields}
    missing = [name for name in provided if name not in by_name]
    if missing:
        raise SystemExit(f"{model._meta.db_table} has no column(s) {missing}: update bench/")
    columns = [Column(by_name[name].column) for name in provided]
    for name, model_field in by_name.items():
        if name in provided:
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value: Any = datetime.now(UTC)
        elif model_field.has_default() or model_field.null or model_field.empty_strings_allowed:
            value = model_field.get_db_prep_save(model_field.get_default(), connection)
        elif model_field.db_default is not models_not_provided():
            continue  # the database fills it
        else:
            raise SystemExit(
                f"{model._meta.db_table}.{model_field.column} is required and has no default: "
                "teach bench/generate.py what to put in it"
            )
        if value is None and not model_field.null:
            raise SystemExit(
                f"{model._meta.db_table}.{model_field.column} is NOT NULL without a default: "
                "teach bench/generate.py what to put in it"
            )
        columns.append(Column(model_field.column, constant=copy_value(value)))
    return columns


def models_not_provided() -> Any:
    from django.db.models.fields import NOT_PROVIDED

    return NOT_PROVIDED


if __name__ == "__main__":
    main()
