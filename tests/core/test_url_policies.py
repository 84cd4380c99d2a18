"""Deny by default: every view must declare who may use it."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from tandem.core.policies import POLICY_ATTRIBUTE

# Django's admin has its own staff check; it is not part of Tandem's pages.
EXEMPT_NAMESPACES = {"admin"}


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns in EXEMPT_NAMESPACES:
                continue
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def declared_policy(callback):
    for candidate in (
        callback,
        getattr(callback, "cls", None),
        getattr(callback, "view_class", None),
    ):
        if candidate is not None and getattr(candidate, POLICY_ATTRIBUTE, None):
            return getattr(candidate, POLICY_ATTRIBUTE)
    return None


def test_every_view_declares_a_policy():
    missing = [
        route
        for route, callback in walk(get_resolver().url_patterns)
        if declared_policy(callback) is None
    ]
    assert missing == [], f"views without a declared policy: {missing}"


def test_only_the_health_check_and_sign_in_are_public():
    public = sorted(
        route
        for route, callback in walk(get_resolver().url_patterns)
        if declared_policy(callback) == "public"
    )
    assert public == ["", "healthz", "sign-in/"]
