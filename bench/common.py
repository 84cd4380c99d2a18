"""What the benchmark scripts share: the database, Django, COPY text, the machine.

The scripts talk to a PostgreSQL database named by ``--database-url`` and refuse any host but
127.0.0.1 / localhost: they drop and fill databases, so they must never reach a shared server.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tandem_bench"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def checked_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit(f"--database-url must be a PostgreSQL URL, not {parts.scheme}://")
    if (parts.hostname or "") not in LOCAL_HOSTS:
        raise SystemExit(f"Benchmarks run against 127.0.0.1 only, not {parts.hostname}")
    if not parts.path.strip("/"):
        raise SystemExit("--database-url must name a database")
    return url


def database_name(url: str) -> str:
    return urlsplit(url).path.strip("/")


def maintenance_url(url: str) -> str:
    """The same server's ``postgres`` database, to drop and create the bench database from."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment))


def django_setup(url: str) -> None:
    """Configure Django for the bench database (call before importing any model)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings")
    os.environ.setdefault("TANDEM_LOG_LEVEL", "WARNING")
    import django

    django.setup()


# ---------------------------------------------------------------------------------------------
# COPY text format


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def text(value: str) -> str:
    """A string as a COPY text field."""
    return value.translate(_ESCAPES)


def _array_item(value: Any) -> str:
    if value is None:
        return "NULL"
    item = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{item}"'


def copy_value(value: Any) -> str:
    """Any Python value Django would store, as a COPY text field (``\\N`` for NULL)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return text("{" + ",".join(_array_item(item) for item in value) + "}")
    if isinstance(value, dict):
        return text(json.dumps(value))
    obj = getattr(value, "obj", None)  # psycopg's Json/Jsonb wrappers
    if obj is not None:
        return text(json.dumps(obj))
    return text(str(value))


def line(values: Iterable[str]) -> str:
    return "\t".join(values) + "\n"


class Buffered:
    """A COPY stream written in large pieces: rows are joined and sent every ~1 MB."""

    def __init__(self, copy: Any, limit: int = 1 << 20) -> None:
        self.copy = copy
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.rows = 0

    def write(self, row: str) -> None:
        self.parts.append(row)
        self.size += len(row)
        self.rows += 1
        if self.size >= self.limit:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.copy.write("".join(self.parts))
            self.parts = []
            self.size = 0


# ---------------------------------------------------------------------------------------------
# Machine and data size


def machine() -> dict[str, str]:
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            for row in meminfo:
                if row.startswith("MemTotal:"):
                    memory = f"{int(row.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    cpu = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for row in cpuinfo:
                if row.startswith("model name"):
                    cpu = row.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cores (nproc)": str(os.cpu_count()),
        "memory": memory,
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def wait_for_quiet(below: float, most: int) -> None:
    """Wait (at most ``most`` seconds) until the 1-minute load average is below ``below``: the
    machine is shared, and other work inflates every figure. ``below`` 0 does not wait."""
    if not below:
        return
    deadline = time.monotonic() + most
    while os.getloadavg()[0] >= below and time.monotonic() < deadline:
        print(f"  waiting for a quieter machine (load {os.getloadavg()[0]:.2f})", flush=True)
        time.sleep(15)


class Clock:
    """Prints each step with its time and the total so far."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.last = self.start

    def step(self, message: str) -> float:
        now = time.perf_counter()
        took = now - self.last
        self.last = now
        print(f"  [{now - self.start:7.1f} s] {message} ({took:.1f} s)", flush=True)
        return took

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    @property
    def total(self) -> float:
        return time.perf_counter() - self.start
