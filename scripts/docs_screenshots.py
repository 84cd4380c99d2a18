"""Retake the screenshots in docs/ from a running demo (`make demo`, then run this).

    uv run python scripts/docs_screenshots.py [http://127.0.0.1:8000]

Uses Debian's Chromium; never downloads a browser.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
PASSWORD = "demo-tandem-2026"  # noqa: S105 - the demo's published sign-in
OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def sign_in(page: Page, username: str) -> None:
    page.goto(f"{BASE}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")


def shot(page: Page, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.goto(f"{BASE}/sign-in/")
        shot(page, "sign-in")

        sign_in(page, "maidstone.handler")
        page.click("text=Log a report")
        page.click("button:has-text('Continue')")
        shot(page, "log-report-errors")
        page.fill("#id_occurred_date_0", "18")
        page.fill("#id_occurred_date_1", "11")
        page.fill("#id_occurred_date_2", "2026")
        page.fill("#id_occurred_time", "23:15")
        page.check("#id_category_0")
        page.check("label:has-text('Threats or violence')")
        page.fill(
            "#id_description",
            "Neighbour shouted threats over the fence and threw a bottle at the caller's window.",
        )
        page.fill("#id_address", "7 Orchard Close")
        # A misspelling of a demo repeat victim, to show matching across agencies.
        page.fill("#id_person-0-first_name", "Eilene")
        page.fill("#id_person-0-last_name", "Pickering")
        page.select_option("#id_person-0-role", "victim")
        page.fill("#id_person-0-address", "14 Orchard Close")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(OUT / "log-report.png"))
        page.click("button:has-text('Continue')")
        shot(page, "check-report")
        page.select_option("#id_officer", label="Sam Fletcher")
        page.locator("input[name='person_0']").first.check()
        page.click("button:has-text('Submit report')")
        shot(page, "risk-assessment")
        for answer_no in page.locator("input.govuk-radios__input[value='no']").all():
            answer_no.check()
        page.locator("input[name='q-fear-physical-safety'][value='yes']").check()
        page.click("button:has-text('Save assessment')")
        shot(page, "case-created")
        page.click("button:has-text('Sign out')")

        sign_in(page, "maidstone.supervisor")
        page.goto(f"{BASE}/alerts/")
        shot(page, "alerts")
        page.click("button:has-text('Sign out')")

        sign_in(page, "maidstone.officer")
        shot(page, "work-queue")
        page.goto(f"{BASE}/cases/?scope=agency")
        shot(page, "work-queue-agency")
        page.click("button:has-text('Sign out')")

        audit_shots(page)
        browser.close()


def audit_shots(page: Page) -> None:
    """The audit of one Maidstone case: seen by its officer and supervisor, refused to a police
    officer, searched by Maidstone's auditor."""
    sign_in(page, "maidstone.officer")
    page.goto(f"{BASE}/cases/?scope=agency")
    page.locator("a.tandem-reference").first.click()
    case_url = page.url
    reference = case_url.rstrip("/").rsplit("/", 1)[-1]
    page.click("button:has-text('Sign out')")
    for username in ("police.officer", "maidstone.supervisor"):
        sign_in(page, username)
        page.goto(case_url)
        page.click("button:has-text('Sign out')")
    sign_in(page, "maidstone.auditor")
    page.goto(f"{BASE}/audit/?case={reference}")
    shot(page, "audit-search")
    page.click("button:has-text('Sign out')")


if __name__ == "__main__":
    main()
