"""Small configuration tables read on every report — matching thresholds, the nickname table,
service standards — kept in each process for a short while instead of queried each time.

A change made in the admin screens clears this process's copies at once; other processes (the
other web workers, the task worker) pick it up within ``TANDEM_CONFIG_CACHE_SECONDS`` (60 by
default; 0 turns the cache off).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings

T = TypeVar("T")

_store: dict[str, tuple[float, Any]] = {}


def config_cached(name: str, load: Callable[[], T]) -> T:
    """``load()``'s result, reused for the configured number of seconds."""
    seconds = settings.TANDEM_CONFIG_CACHE_SECONDS
    if seconds <= 0:
        return load()
    now = time.monotonic()
    found = _store.get(name)
    if found is not None and found[0] > now:
        value: T = found[1]
        return value
    value = load()
    _store[name] = (now + seconds, value)
    return value


def config_cache_clear() -> None:
    """Forget every cached table (after a change in the admin screens, and between tests)."""
    _store.clear()


class ClearsConfigCache:
    """For the admin screens of cached tables: a change applies at once in this process."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        config_cache_clear()

    def delete_model(self, request: Any, obj: Any) -> None:
        super().delete_model(request, obj)  # type: ignore[misc]
        config_cache_clear()

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        config_cache_clear()
