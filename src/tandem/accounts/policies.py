"""Which pages a signed-in user may reach before giving their second factor."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpResponse

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])

BEFORE_SECOND_FACTOR = "tandem_before_second_factor"


def before_second_factor(view: ViewFunc) -> ViewFunc:
    """Reachable by a signed-in user who still has to give a second factor (or set one up).

    Use with a policy from tandem.core.policies (``signed_in``), outermost.
    """
    setattr(view, BEFORE_SECOND_FACTOR, True)
    return view
