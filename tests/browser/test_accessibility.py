"""Automated accessibility checks (axe-core, WCAG 2.2 AA rules) on the main pages, in their
ordinary and error states, plus the keyboard route into the page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from rest_framework.test import APIClient

from tandem.cases.models import Case, CaseStatus, Priority
from tests.browser.conftest import axe_check, log_in_as
from tests.browser.test_log_report_journey import fill_report
from tests.factories import CaseFactory, PersonFactory, UserFactory, category

pytestmark = pytest.mark.browser


def goto(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.ok, f"GET {url} answered {response.status}"


@pytest.fixture
def queue_cases(agency: Any, officer: Any, ward: Any) -> list[Case]:
    """A few cases of different priorities, statuses and officers."""
    colleague = UserFactory(username="colleague", agency=agency, first_name="Cal")
    today = timezone.localdate()
    return [
        CaseFactory(
            lead_agency=agency,
            officer=officer,
            priority=Priority.HIGH,
            category=category("personal"),
            ward=ward,
            hate_motivated=True,
            next_deadline=today - timedelta(days=1),
        ),
        CaseFactory(
            lead_agency=agency,
            officer=officer,
            priority=Priority.MEDIUM,
            ward=ward,
            address="3 Mill Lane",
            postcode="ME14 1AA",
        ),
        CaseFactory(
            lead_agency=agency,
            officer=officer,
            priority=Priority.STANDARD,
            status=CaseStatus.OPEN,
            category=category("environmental"),
        ),
        CaseFactory(lead_agency=agency, officer=colleague, priority=Priority.STANDARD),
        CaseFactory(lead_agency=agency, officer=None, priority=Priority.MEDIUM),
    ]


@pytest.fixture
def logged_case(officer: Any, postcode: Any) -> str:
    """A case with an incident and people, opened through the API; returns its reference."""
    client = APIClient()
    client.force_authenticate(officer)
    now = timezone.now()
    response = client.post(
        "/api/v1/incidents/",
        {
            "occurred_at": (now - timedelta(hours=3)).isoformat(),
            "reported_at": (now - timedelta(hours=1)).isoformat(),
            "channel": "phone",
            "category": "personal",
            "types": ["threats-violence", "harassment-intimidation"],
            "description": "Threats shouted through the letterbox.\nSecond night running.",
            "location": {"address": "1 High Street, Maidstone", "postcode": postcode.postcode},
            "hate_motivated": True,
            "hate_strands": ["race"],
            "crime_reference": "46/12345/26",
            "people": [
                {
                    "role": "victim",
                    "first_name": "Sam",
                    "last_name": "Smith",
                    "date_of_birth": "1980-01-02",
                    "phone": "07700 900123",
                    "email": "sam@example.org",
                    "preferred_channel": "telephone",
                },
                {"role": "alleged_perpetrator", "first_name": "Pat", "last_name": "Jones"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()["case"]


def test_axe_check_finds_violations(axe_page: Any) -> None:
    """The helper itself: a page with known failures must not pass."""
    axe_page.set_content("<html><body><main><img src='/x.png'><input></main></body></html>")
    with pytest.raises(AssertionError) as failure:
        axe_check(axe_page, context="a broken page")
    for rule in ("html-has-lang", "image-alt", "label"):
        assert rule in str(failure.value)


def test_sign_in_page(axe_page: Any, live_server: Any) -> None:
    goto(axe_page, f"{live_server.url}/sign-in/")
    axe_check(axe_page)


def test_sign_in_page_with_errors(axe_page: Any, live_server: Any, officer: Any) -> None:
    goto(axe_page, f"{live_server.url}/sign-in/")
    axe_page.get_by_role("button", name="Sign in").click()
    expect(axe_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(axe_page.locator("#id_username-error")).to_contain_text("Enter your username")
    expect(axe_page).to_have_title(re.compile(r"^Error: Sign in"))
    axe_check(axe_page, context="sign-in, nothing entered")

    axe_page.fill("#id_username", officer.username)
    axe_page.fill("#id_password", "not-the-password")
    axe_page.get_by_role("button", name="Sign in").click()
    expect(axe_page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct username and password"
    )
    axe_check(axe_page, context="sign-in, wrong password")


def test_log_a_report_form(axe_page: Any, live_server: Any, call_handler: Any) -> None:
    log_in_as(axe_page, live_server, call_handler)
    goto(axe_page, f"{live_server.url}/reports/new/")
    axe_check(axe_page, context="log a report")
    # The conditional "perceived motivation" checkboxes, once revealed.
    axe_page.get_by_label("motivated by hate", exact=False).check()
    expect(axe_page.get_by_role("group", name="Perceived motivation")).to_be_visible()
    axe_check(axe_page, context="log a report, hate motivation revealed")


def test_log_a_report_form_with_errors(axe_page: Any, live_server: Any, call_handler: Any) -> None:
    log_in_as(axe_page, live_server, call_handler)
    goto(axe_page, f"{live_server.url}/reports/new/")
    axe_page.fill("#id_occurred_date_0", "31")
    axe_page.fill("#id_occurred_date_1", "2")
    axe_page.get_by_label("motivated by hate", exact=False).check()
    axe_page.select_option("#id_person-0-role", label="Witness")
    axe_page.fill("#id_person-0-email", "not-an-email")
    axe_page.get_by_role("button", name="Continue").click()
    expect(axe_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    summary = axe_page.locator(".govuk-error-summary")
    expect(summary.locator('a[href="#id_occurred_date_0"]')).to_have_count(1)
    expect(summary.locator('a[href="#id_hate_strands_0"]')).to_have_count(1)
    expect(summary).to_contain_text("email address")
    axe_check(axe_page, context="log a report with errors")


def test_check_page(
    axe_page: Any, live_server: Any, call_handler: Any, officer: Any, postcode: Any
) -> None:
    # A known person and an open case at the same address, so every choice is on the page.
    PersonFactory(first_name="Vera", last_name="Victimson", phone="07700 900123")
    CaseFactory(
        lead_agency=call_handler.agency,
        officer=officer,
        address="12 Orchard Close, Maidstone",
        postcode=postcode.postcode,
    )
    log_in_as(axe_page, live_server, call_handler)
    goto(axe_page, f"{live_server.url}/reports/new/")
    fill_report(axe_page, postcode.postcode)
    axe_page.get_by_role("button", name="Continue").click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text(
        "Check the report before you submit it"
    )
    expect(axe_page.get_by_role("group", name="Is this someone already known?")).to_be_visible()
    expect(
        axe_page.get_by_role("group", name="Which case is this report part of?")
    ).to_contain_text("Add to ASB-")
    axe_check(axe_page, context="check page")

    # Submitting without saying whether the person is already known is an error.
    axe_page.get_by_role("button", name="Submit report").click()
    expect(axe_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(axe_page).to_have_title(re.compile(r"^Error: Check the report"))
    axe_check(axe_page, context="check page with errors")


def test_work_queue(axe_page: Any, live_server: Any, officer: Any, queue_cases: list[Case]) -> None:
    log_in_as(axe_page, live_server, officer)
    goto(axe_page, f"{live_server.url}/cases/?scope=mine")
    expect(axe_page.locator("table.govuk-table tbody tr")).to_have_count(3)
    axe_check(axe_page, context="work queue, my cases")
    goto(axe_page, f"{live_server.url}/cases/?scope=agency&category=nuisance")
    expect(axe_page.locator("table.govuk-table tbody tr")).to_have_count(3)
    axe_check(axe_page, context="work queue, agency, filtered")
    goto(axe_page, f"{live_server.url}/cases/?scope=mine&status=closed")
    expect(axe_page.get_by_text("No cases match.")).to_be_visible()
    axe_check(axe_page, context="work queue, empty")


def test_case_page(axe_page: Any, live_server: Any, officer: Any, logged_case: str) -> None:
    log_in_as(axe_page, live_server, officer)
    goto(axe_page, f"{live_server.url}/cases/{logged_case}/")
    expect(axe_page.get_by_role("heading", level=1)).to_have_text(f"Case {logged_case}")
    expect(axe_page.get_by_role("table", name="People involved in this case")).to_contain_text(
        "Sam Smith"
    )
    axe_check(axe_page, context="case page")


def test_risk_assessment_page(
    axe_page: Any, live_server: Any, officer: Any, logged_case: str
) -> None:
    log_in_as(axe_page, live_server, officer)
    goto(axe_page, f"{live_server.url}/cases/{logged_case}/")
    victim = Case.objects.get(reference=logged_case).incidents.get().involvements.get(role="victim")
    goto(axe_page, f"{live_server.url}/cases/{logged_case}/assess/{victim.person_id}/?from=report")
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Assess the risk to Sam Smith")
    axe_check(axe_page, context="risk assessment")
    axe_page.get_by_role("button", name="Save assessment").click()
    expect(axe_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe_check(axe_page, context="risk assessment with errors")


@pytest.mark.parametrize(
    ("url", "username"),
    [
        pytest.param("/sign-in/", None, id="sign-in"),
        pytest.param("/cases/", "officer", id="work-queue"),
        pytest.param("/reports/new/", "handler", id="log-a-report"),
    ],
)
def test_skip_link_is_the_first_tab_stop(
    page: Any, live_server: Any, officer: Any, call_handler: Any, url: str, username: str | None
) -> None:
    if username:
        log_in_as(page, live_server, officer if username == officer.username else call_handler)
    goto(page, f"{live_server.url}{url}")
    page.keyboard.press("Tab")
    # Checked at once rather than waited for: focus has no reason to move after the key press.
    focused = page.evaluate(
        "() => [document.activeElement.textContent.trim(), "
        "document.activeElement.outerHTML.slice(0, 160)]"
    )
    assert focused[0] == "Skip to main content", f"the first Tab stop is {focused[1]}"
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_visible()
    assert skip_link.get_attribute("href") == "#main-content"
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is inside the main content, not back in the header.
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
