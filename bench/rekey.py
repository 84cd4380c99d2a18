"""Recompute the normalised key columns of a generated data set with the application's current
key functions, without generating it again.

    uv run python -m bench.rekey --database-url postgres://postgres@127.0.0.1:5432/tandem_bench \\
        [--incidents]

For when ``tandem.people.keys`` (or a new ``*_key`` column, after ``tandem migrate``) changes:
reads every person's details, computes the key columns as ``bench.generate`` does
(``bench.keys``), ``COPY``s them into a temporary table and updates only the rows whose keys
differ (``UPDATE ... FROM``), then ``VACUUM ANALYZE``. ``--incidents`` does the same for the
incidents' key columns (``address_key``).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql

from bench.common import DEFAULT_DATABASE_URL, Buffered, checked_url, copy_value, django_setup
from bench.keys import PERSON_DETAILS, incident_key_function, person_key_function

BATCH = 50_000


def rekey(
    conn: psycopg.Connection[Any],
    reader: psycopg.Connection[Any],
    *,
    table: str,
    source: list[str],
    keys: list[str],
    compute: Callable[[tuple[Any, ...]], list[Any]],
) -> int:
    """Recompute ``keys`` of ``table`` from its ``source`` columns; return the rows changed.

    ``reader`` streams the rows (a server-side cursor) while ``conn``, in ``COPY`` mode, takes
    the keys into its temporary table: one connection cannot do both at once."""
    if not keys:
        return 0
    started = time.perf_counter()
    temporary = sql.Identifier(f"rekey_{table}")
    conn.execute(
        sql.SQL("CREATE TEMPORARY TABLE {} (id bigint PRIMARY KEY, {}) ON COMMIT DROP").format(
            temporary,
            sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(k)) for k in keys),
        )
    )
    read = reader.cursor(name=f"read_{table}")
    read.itersize = BATCH
    read.execute(
        sql.SQL("SELECT id, {} FROM {} ORDER BY id").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in source), sql.Identifier(table)
        )
    )
    writer = conn.cursor()
    rows = 0
    with writer.copy(
        sql.SQL("COPY {} (id, {}) FROM STDIN").format(
            temporary, sql.SQL(", ").join(sql.Identifier(k) for k in keys)
        )
    ) as copy:
        out = Buffered(copy)
        for row in read:
            values = compute(tuple(row[1:]))
            out.write(f"{row[0]}\t" + "\t".join(copy_value(v) for v in values) + "\n")
            rows += 1
        out.flush()
    read.close()
    changed = conn.execute(
        sql.SQL(
            "UPDATE {table} AS t SET {sets} FROM {temporary} AS k WHERE t.id = k.id AND ({differ})"
        ).format(
            table=sql.Identifier(table),
            temporary=temporary,
            sets=sql.SQL(", ").join(
                sql.SQL("{} = k.{}").format(sql.Identifier(c), sql.Identifier(c)) for c in keys
            ),
            differ=sql.SQL(" OR ").join(
                sql.SQL("t.{} IS DISTINCT FROM k.{}").format(sql.Identifier(c), sql.Identifier(c))
                for c in keys
            ),
        )
    ).rowcount
    print(
        f"  {table}: {rows:,} rows read, {changed:,} updated "
        f"({', '.join(keys)}) in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return changed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--incidents", action="store_true", help="Incidents' keys as well.")
    args = parser.parse_args(argv)
    url = checked_url(args.database_url)
    django_setup(url)

    person_keys, person_compute, how = person_key_function()
    print(f"Person keys ({how}): {', '.join(person_keys)}", flush=True)
    changed: dict[str, int] = {}
    with psycopg.connect(url) as conn, psycopg.connect(url) as reader:
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET work_mem = '256MB'")
        changed["people_person"] = rekey(
            conn,
            reader,
            table="people_person",
            source=list(PERSON_DETAILS),
            keys=person_keys,
            compute=person_compute,  # type: ignore[arg-type]
        )
        if args.incidents:
            incident_keys, incident_compute = incident_key_function()
            changed["incidents_incident"] = rekey(
                conn,
                reader,
                table="incidents_incident",
                source=["address", "postcode"],
                keys=incident_keys,
                compute=lambda row: incident_compute(row[0], row[1]),
            )
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        for table, count in changed.items():
            if count:
                conn.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))
    print("Done.", flush=True)


if __name__ == "__main__":
    main()
