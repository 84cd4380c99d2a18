"""Benchmarks and the synthetic data generator (not tests: pytest never collects them).

- ``python -m bench.generate``: a national-scale data set in PostgreSQL (``--help``).
- ``python -m bench.intake``: the intake through the API, the candidate search and baselines.
- ``python -m bench.explain``: PostgreSQL's plans for every read of a few intakes.
- ``python -m bench.whatif``: proposed changes measured against the current code.
- ``python -m bench.rekey``: recompute people's key columns after the key functions change.

Results go in ``docs/PERFORMANCE.md``.
"""
