"""Show PostgreSQL's plans for the reads of one intake, to see why a figure is what it is.

    uv run python -m bench.explain --database-url postgres://postgres@127.0.0.1:5432/tandem_bench \\
        [--probes 5] [--min-ms 0.5]

Logs reports through the API as ``bench.intake`` does (so it writes to the bench database),
captures every SQL statement, then runs ``EXPLAIN (ANALYZE, BUFFERS)`` on each distinct SELECT
with its parameters and prints the plans of those that took at least ``--min-ms``.
"""

from __future__ import annotations

import argparse
import os
import random
from typing import Any

from bench.common import DEFAULT_DATABASE_URL, checked_url, django_setup


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--probes", type=int, default=5, help="Reports to log and explain.")
    parser.add_argument("--min-ms", type=float, default=0.5, help="Plans of slower reads only.")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
    django_setup(checked_url(args.database_url))

    from django.db import connection

    from bench.intake import Intake, ProbeMaker, sql_shape

    rng = random.Random(args.seed)
    maker = ProbeMaker(rng, args.probes * 4 + 10)
    intake = Intake(rng)
    for _ in range(3):  # warm caches and plans
        intake.post(maker.make())

    captured: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip("( \n").upper().startswith("SELECT") and not many:
            captured.append((sql, params))
        return execute(sql, params, many, context)

    for _ in range(args.probes):
        probe = maker.make()
        print(
            f"probe ({probe.kind}): {probe.first_name} {probe.last_name}, "
            f"{probe.date_of_birth}, {probe.postcode}, phone {probe.phone or '-'}"
        )
        with connection.execute_wrapper(capture):
            status, _body = intake.post(probe)
        print(f"  -> {status}")

    summary: list[tuple[float, float, str]] = []  # (execution ms, planning ms, shape)
    plans: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for sql, params in captured:
            shape = sql_shape(sql)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
            execution = _ms(plan, "Execution Time:")
            planning = _ms(plan, "Planning Time:")
            summary.append((execution, planning, shape))
            if execution >= args.min_ms and execution >= max(
                (e for e, _, s in summary[:-1] if s == shape), default=0
            ):
                plans[shape] = plan

    print()
    print(f"{len(summary)} reads in {args.probes} intakes; in the server (EXPLAIN ANALYZE):")
    print(f"{'execution':>10} {'planning':>9}  statement")
    for execution, planning, shape in sorted(summary, reverse=True)[:40]:
        print(f"{execution:8.3f}ms {planning:7.3f}ms  {shape[:110]}")
    total = sum(e + p for e, p, _ in summary) / max(args.probes, 1)
    print(f"server time (planning + execution) per intake: {total:.2f} ms")
    for shape, plan in plans.items():
        print()
        print(f"-- {shape}")
        for line in plan:
            print(f"   {line}")


def _ms(plan: list[str], label: str) -> float:
    for line in plan:
        if line.strip().startswith(label):
            return float(line.split(":")[1].split()[0])
    return 0.0


if __name__ == "__main__":
    main()
