"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

The whole directory is skipped when /usr/bin/chromium is missing, unless TANDEM_REQUIRE_BROWSER=1
(as in CI), when a missing or broken browser is a failure. Never run ``playwright install``: the
tests use the system browser.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse to
# touch the database from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest

from tests.factories import TEST_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
REPO_DIR = Path(__file__).resolve().parents[2]
AXE_JS = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS_DIR = REPO_DIR / "test-artifacts"
REQUIRE_BROWSER = os.environ.get("TANDEM_REQUIRE_BROWSER", "") == "1"
DEFAULT_TIMEOUT_MS = 10_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _unavailable(reason: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(f"TANDEM_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


sync_api: Any
try:
    from playwright import sync_api
except ImportError:  # pragma: no cover - playwright is a dev dependency
    sync_api = None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Without the browser, skip this directory's tests before any fixture (or database) runs."""
    if CHROMIUM.exists() or REQUIRE_BROWSER:
        return
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed")
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# The browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed")
    if sync_api is None:
        _unavailable("the playwright package is not installed")
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception as error:
        playwright.stop()
        # A browser that is installed but will not start is always worth a loud failure.
        pytest.fail(f"Chromium at {CHROMIUM} did not start: {error}", pytrace=False)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """tests/conftest.py asks for fast hashing through an environment variable, but by then
    pytest-django has already loaded the settings, so Argon2 would cost ~0.5 s a user here."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def _migrated_data(django_db_setup: None, django_db_blocker: Any) -> str:
    """The rows Tandem's data migrations loaded (categories, incident types, standards...)."""
    from django.apps import apps
    from django.core import serializers

    models = [
        model
        for app in apps.get_app_configs()
        if app.name.startswith("tandem.")
        for model in app.get_models()
        if model._meta.managed and not model._meta.proxy
    ]
    with django_db_blocker.unblock():
        rows = [row for model in models for row in model._base_manager.order_by("pk")]
        return serializers.serialize("json", rows)


@pytest.fixture(autouse=True)
def _live_database(transactional_db: None, live_server: Any, _migrated_data: str) -> None:
    """Put back the data migrations' rows: the live server's transactional database is flushed
    after every test.

    This is Django's serialized rollback done by hand. ``django_db_serialized_rollback`` restores
    nothing here: Django keeps the serialized data on the connection object, and once Playwright's
    event loop runs in this thread asgiref hands Django a different connection object.
    """
    from django.db import connection

    connection.creation.deserialize_db_from_string(_migrated_data)


@pytest.fixture
def new_page(
    browser: Any, live_server: Any, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Any]]:
    """Make a page in a fresh browser context (its own cookies) on the live server.

    ``bypass_csp=True`` lets ``axe_check`` inject axe-core as an inline script despite the site's
    ``script-src 'self'`` policy; journeys keep the real policy so the site's own JavaScript is
    exercised as users get it.
    """
    contexts: list[Any] = []
    pages: list[Any] = []

    def make(*, bypass_csp: bool = False) -> Any:
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 1280, "height": 900},
            bypass_csp=bypass_csp,
            locale="en-GB",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
        page = context.new_page()
        page.console_errors = []  # type: ignore[attr-defined]
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        contexts.append(context)
        pages.append(page)
        return page

    yield make

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        for index, page in enumerate(pages):
            # A screenshot is a courtesy: it must never hide the real failure.
            with contextlib.suppress(Exception):
                page.screenshot(path=str(ARTIFACTS_DIR / f"{slug}-{index}.png"), full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A page under the site's real Content Security Policy."""
    return new_page()


@pytest.fixture
def axe_page(new_page: Callable[..., Any]) -> Any:
    """A page that can have axe-core injected into it."""
    return new_page(bypass_csp=True)


# Helpers ----------------------------------------------------------------------------------------


def sign_in(page: Any, live_server: Any, username: str, password: str = TEST_PASSWORD) -> None:
    response = page.goto(f"{live_server.url}/sign-in/")
    assert response is not None
    assert response.ok, f"GET /sign-in/ answered {response.status}"
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    sync_api.expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def log_in_as(page: Any, live_server: Any, user: Any) -> None:
    """A quicker sign-in for tests about other pages: a session made server-side, as a cookie."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url, "httpOnly": True}]
    )


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    sync_api.expect(page.get_by_role("heading", name="Sign in to Tandem")).to_be_visible()


_AXE_SOURCE: str | None = None


def axe_check(page: Any, *, context: str = "") -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.2 AA rules on the page; fail on any serious or critical violation.

    Returns every violation (including minor and moderate ones) for the caller to inspect.
    """
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        _AXE_SOURCE = AXE_JS.read_text(encoding="utf-8")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_AXE_SOURCE)
    results = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            const brief = (items) => items.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target, html: n.html,
                                            summary: n.failureSummary})),
            }));
            return {violations: brief(results.violations), passes: results.passes.length,
                    incomplete: brief(results.incomplete)};
        }""",
        AXE_TAGS,
    )
    where = context or page.url
    assert results["passes"] > 0, f"axe ran no rules on {where}: is the page empty?"
    violations = results["violations"]
    blocking = [v for v in violations if v["impact"] in {"serious", "critical"}]
    # Shown with `pytest -s` or `-rP`; only serious and critical violations fail the test.
    for kind, items in (("violation", violations), ("needs review", results["incomplete"])):
        for item in items:
            if item not in blocking:
                targets = [node["target"] for node in item["nodes"]]
                print(f"axe {kind} ({item['impact']}) {item['id']} on {where}: {targets}")
    assert not blocking, _describe_violations(blocking, where)
    return violations


def _describe_violations(violations: list[dict[str, Any]], where: str) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
            if node["summary"]:
                lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)
