"""Audit completeness: every page and API endpoint that shows records writes an audit event.

The walker finds every URL pattern of the project by itself (as ``tests/core/test_url_policies``
does), fills its parameters from one seeded world about a victim with a unique sentinel name,
and asks for each as the first of a line of users allowed to see it. A page that answers 200
must write an audit event during the request, unless it is in ``NO_RECORDS`` below, where each
entry says why it shows no personal data (and the test checks the sentinel is indeed absent).

New pages are covered without editing this file; a new URL parameter makes it fail until
``parameters`` below learns what to put in it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tandem.audit.models import AuditAction, AuditEvent
from tandem.sharing.models import CaseShare
from tests.audit.conftest import SENTINEL, SENTINEL_FIRST, SENTINEL_LAST

pytestmark = pytest.mark.django_db

# Pages that answer 200 without writing an audit event because they show no personal data.
NO_RECORDS = {
    "core:home": "redirects to the work queue or the sign-in page",
    "core:healthz": "liveness check: status words only",
    "accounts:sign-in": "the sign-in form",
    "incidents:new": "a blank report form (a draft shows only what this user typed)",
    "supervision:conference-new": "a blank conference form: agencies and staff names only",
    "api:risk-matrix": "the risk questions and bands: configuration",
    "api:reference": "codes and names of categories, types, agencies and wards",
    "api:schema": "the OpenAPI description of the API",
    "api:docs": "Swagger UI, which loads the schema",
    "accounts:account": "the signed-in user's own account: name, agency, role, sign-in settings",
    "accounts:password-change": "a blank form to change one's own password",
    "accounts:two-factor-set-up": "one's own authenticator set-up: a QR code and key",
    "dataprotection:people": "a blank search form (each search is audited)",
    "sharing:agreements": "the agreements register: organisations, purposes, legal bases",
    "sharing:agreement": "one agreement: its parties, purpose, basis and how many shares cite it",
    "sharing:agreement-new": "a blank agreement form",
    "sharing:agreement-edit": "an agreement's form: organisational details only",
    # The second factor and one's own recovery codes: no records (and only reachable mid-sign-in
    # or with an authenticator set up, which the walker's users have not).
    "accounts:two-factor": "the code form of a sign-in",
    "accounts:two-factor-recovery": "the recovery-code form of a sign-in",
    "accounts:two-factor-reset": "a form to reset one's own two-factor sign-in",
    "accounts:recovery-codes": "one's own recovery codes",
    "accounts:recovery-codes-download": "one's own recovery codes, as a file",
}

# The Django admin's own pages that show no records (index, login, password change, scripts).
ADMIN_RECORD_PAGES = ("_changelist", "_change", "_history", "_delete")


def walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns == "admin":
                continue  # walked model by model below
            yield from walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, list(pattern.pattern.converters)


def parameters(world, client, user) -> dict[str, Any]:
    """What to put in each URL parameter, by its name."""
    return {
        "reference": world.case.reference,
        "person_id": world.victim.pk,
        "merge_id": world.merge.pk,
        "referral_id": world.requested_referral.pk,
        "task_id": world.task.pk,
        "conference_id": world.conference.pk,
        "alert_id": world.alert.pk,
        "public_id": world.evidence.public_id,
        "draft_id": lambda: draft(client),
        "event_id": AuditEvent.objects.filter(case_reference=world.case.reference).first().pk,
        # The accepted referral opened a share of the case.
        "share_id": CaseShare.objects.filter(case=world.case).first().pk,
    }


# Where one page needs another record than the default for its parameter.
PAGE_PARAMETERS = {
    "referrals:complete": lambda world: {"referral_id": world.accepted_referral.pk},
    "cases:reopen": lambda world: {"reference": world.closed_case.reference},
    "dataprotection:request": lambda world: {"reference": world.subject_access.reference},
    "sharing:agreement": lambda world: {"reference": world.agreement.reference},
    "sharing:agreement-edit": lambda world: {"reference": world.agreement.reference},
    "dataprotection:export_document": lambda world: {"reference": world.subject_access.reference},
    "dataprotection:export_json": lambda world: {"reference": world.subject_access.reference},
}


def draft(client) -> str:
    """A report draft in the session, about someone with the sentinel's name (the check page
    then offers the sentinel's stored record as a match)."""
    from tests.incidents.test_views import answers

    response = client.post(
        "/reports/new/",
        answers(**{"person-0-first_name": SENTINEL_FIRST, "person-0-last_name": SENTINEL_LAST}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url.rstrip("/").split("/")[-2]


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode("utf-8", "replace")


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def audited_since(event_id: int, user) -> bool:
    return (
        AuditEvent.objects.filter(id__gt=event_id, actor=user)
        .exclude(action=AuditAction.DENIED)
        .exists()
    )


@pytest.fixture
def users(officer, supervisor, auditor, administrator, partner_worker, call_handler):
    """Tried in turn for each page until one is let in: the lead agency's officer first."""
    return [officer, supervisor, administrator, auditor, partner_worker, call_handler]


def test_every_page_and_endpoint_showing_records_writes_an_audit_event(world, users):
    failures, unreachable, checked = [], [], []
    for name, params in sorted({(n, tuple(p)) for n, p in walk(get_resolver().url_patterns)}):
        statuses = []
        for user in users:
            client = Client()
            client.force_login(user)
            values = parameters(world, client, user)
            values.update(PAGE_PARAMETERS.get(name, lambda world: {})(world))
            missing = [p for p in params if p not in values]
            assert not missing, f"{name}: teach the walker what to put in {missing}"
            kwargs = {p: values[p]() if callable(values[p]) else values[p] for p in params}
            url = reverse(name, kwargs=kwargs)
            before = last_event_id()
            response = client.get(url)
            statuses.append(response.status_code)
            if response.status_code != 200:
                continue
            shows_sentinel = SENTINEL.lower() in body(response).lower()
            audited = audited_since(before, user)
            checked.append(name)
            if name in NO_RECORDS:
                if shows_sentinel:
                    failures.append(f"{url} is listed as showing no records but shows one")
            elif not audited:
                failures.append(
                    f"{url} ({name}) as {user.username}: no audit event"
                    + (" although it shows the sentinel's personal data" if shows_sentinel else "")
                )
            break
        else:
            # Only actions (POST) may answer no one: 405 to a GET (403 to roles refused first).
            if 405 not in statuses and name not in NO_RECORDS:
                unreachable.append(f"{name}: {statuses}")
    assert failures == [], "\n".join(failures)
    assert unreachable == [], (
        "pages no user could open (give the walker what they need): " + ", ".join(unreachable)
    )
    assert {"cases:detail", "api:case-detail", "audit:event", "api:audit-list"} <= set(checked)


def admin_urls(world):
    for model in admin.site._registry:
        opts = model._meta
        first = model._default_manager.order_by("pk").first()
        for suffix in ADMIN_RECORD_PAGES:
            name = f"admin:{opts.app_label}_{opts.model_name}{suffix}"
            if suffix == "_changelist":
                yield name, reverse(name)
            elif first is not None:
                yield name, reverse(name, args=[first.pk])


def test_every_admin_page_showing_records_writes_an_audit_event(world, superuser):
    client = Client()
    client.force_login(superuser)
    failures = []
    for name, url in admin_urls(world):
        before = last_event_id()
        response = client.get(url)
        if (
            response.status_code in (200, 403)
            and not AuditEvent.objects.filter(id__gt=before, actor=superuser).exists()
        ):
            failures.append(f"{url} ({name}): {response.status_code}, no audit event")
    assert failures == [], "\n".join(failures)
