"""The "Log a report" journey in a real browser: a call handler logs a serious report, and the case
officer finds the new case at the top of their work queue."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.cases.models import Case, Priority
from tandem.incidents.models import Incident
from tests.browser.conftest import sign_in, sign_out
from tests.factories import CaseFactory

pytestmark = pytest.mark.browser

CASE_REFERENCE = re.compile(r"ASB-\d{4}-[0-9A-Z]{5}")
DASH = "\N{EN DASH}"  # the check page heads each person "<name> <en dash> <role>"
DESCRIPTION = "A man shouted threats at the caller over the garden fence and waved a hammer."


@pytest.fixture
def existing_case(agency: Any, officer: Any) -> Case:
    """An open, standard-priority case already on the officer's queue."""
    return CaseFactory(lead_agency=agency, officer=officer, priority=Priority.STANDARD)


def open_log_a_report(page: Any) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Log a report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a report")
    expect(page).to_have_url(re.compile(r"/reports/new/$"))


def fill_report(page: Any, postcode: str) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    page.fill("#id_occurred_date_0", str(yesterday.day))
    page.fill("#id_occurred_date_1", str(yesterday.month))
    page.fill("#id_occurred_date_2", str(yesterday.year))
    page.fill("#id_occurred_time", "21:30")
    page.get_by_role("group", name="How was it reported?").get_by_label("In person").check()
    page.get_by_role("group", name="Category").get_by_label("Personal", exact=True).check()
    page.get_by_role("group", name="Type of behaviour").get_by_label("Threats or violence").check()
    page.get_by_label("What happened?").fill(DESCRIPTION)
    page.fill("#id_address", "12 Orchard Close, Maidstone")
    page.fill("#id_postcode", postcode)
    page.select_option("#id_person-0-role", label="Victim or complainant")
    page.fill("#id_person-0-first_name", "Vera")
    page.fill("#id_person-0-last_name", "Victimson")
    page.fill("#id_person-0-phone", "07700 900123")


def test_call_handler_logs_a_report_and_officer_sees_it_first(
    page: Any,
    live_server: Any,
    call_handler: Any,
    officer: Any,
    postcode: Any,
    existing_case: Case,
) -> None:
    cases_before = Case.objects.count()

    sign_in(page, live_server, call_handler.username)
    open_log_a_report(page)
    fill_report(page, postcode.postcode)
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/reports/new/[0-9a-f]{32}/check/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the report before you submit it"
    )
    expect(page.locator("main")).to_contain_text(DESCRIPTION)
    expect(page.locator("main")).to_contain_text("in person to Test Council")
    expect(
        page.get_by_role("heading", name=f"Vera Victimson {DASH} Victim or complainant")
    ).to_be_visible()
    assert Case.objects.count() == cases_before, "nothing is stored before Submit report"
    expect(page.get_by_label("Open a new case")).to_be_checked()
    page.select_option("#id_officer", label=officer.display_name)
    page.get_by_role("button", name="Submit report").click()

    # A Personal report with a victim goes straight on to the victim's risk assessment, with the
    # success banner on that page.
    expect(page).to_have_url(re.compile(r"/cases/ASB-\d{4}-[0-9A-Z]{5}/assess/\d+/\?from=report$"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text(re.compile(r"logged on case ASB-\d{4}-[0-9A-Z]{5}"))
    match = CASE_REFERENCE.search(banner.inner_text())
    assert match is not None
    reference = match.group(0)
    assert str(timezone.localdate().year) in reference
    expect(page.get_by_role("heading", level=1)).to_have_text("Assess the risk to Vera Victimson")
    page.get_by_role("link", name="Assess later").click()
    expect(page).to_have_url(re.compile(rf"/cases/{reference}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {reference}")

    case = Case.objects.get(reference=reference)
    assert case.priority == Priority.HIGH
    assert case.officer == officer
    assert case.lead_agency == call_handler.agency
    assert Case.objects.count() == cases_before + 1

    sign_out(page)
    sign_in(page, live_server, officer.username)
    expect(page).to_have_url(re.compile(r"/cases/$"))
    expect(page.get_by_role("link", name="My cases")).to_have_attribute("aria-current", "page")
    rows = page.locator("table.govuk-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).get_by_role("link")).to_have_text(reference)
    expect(rows.nth(0)).to_contain_text("High")
    expect(rows.nth(1).get_by_role("link")).to_have_text(existing_case.reference)

    rows.nth(0).get_by_role("link", name=reference).click()
    expect(page).to_have_url(re.compile(rf"/cases/{reference}/$"))
    people = page.get_by_role("table", name="People involved in this case")
    expect(people).to_contain_text("Vera Victimson")
    expect(people).to_contain_text("Victim or complainant")
    expect(page.locator("main")).to_contain_text(DESCRIPTION)
    assert page.console_errors == []


def test_empty_form_shows_error_summary_and_saves_nothing(
    page: Any, live_server: Any, call_handler: Any
) -> None:
    cases_before, incidents_before = Case.objects.count(), Incident.objects.count()
    sign_in(page, live_server, call_handler.username)
    open_log_a_report(page)
    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()

    links = summary.locator("a")
    expected = {
        "#id_occurred_date_0": "Enter the date it happened",
        "#id_category_0": "Select the category: personal, nuisance or environmental",
        "#id_types_0": "Select at least one type of behaviour",
        "#id_description": "Describe what happened",
        "#id_address": "Enter where it happened",
    }
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == list(expected), hrefs
    for href, message in expected.items():
        link = summary.get_by_role("link", name=message)
        link.click()
        expect(page.locator(href)).to_be_focused()
        # Each field shows the same message next to it.
        expect(page.locator(f"{href.rsplit('_0', 1)[0]}-error")).to_contain_text(message)

    assert Case.objects.count() == cases_before
    assert Incident.objects.count() == incidents_before
    assert page.console_errors == []


def test_add_another_person_keeps_the_answers(
    page: Any, live_server: Any, call_handler: Any, postcode: Any
) -> None:
    sign_in(page, live_server, call_handler.username)
    open_log_a_report(page)
    fill_report(page, postcode.postcode)

    page.get_by_role("button", name="Add another person").click()

    expect(page.get_by_role("heading", name="Person 2")).to_be_visible()
    expect(page.locator("#id_person-1-first_name")).to_be_visible()
    expect(page.locator("#id_person-1-first_name")).to_have_value("")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator("#id_person-0-first_name")).to_have_value("Vera")
    expect(page.locator("#id_person-0-last_name")).to_have_value("Victimson")
    expect(page.locator("#id_person-0-phone")).to_have_value("07700 900123")
    expect(page.locator("#id_person-0-role")).to_have_value("victim")
    expect(page.get_by_label("What happened?")).to_have_value(DESCRIPTION)
    expect(page.locator("#id_address")).to_have_value("12 Orchard Close, Maidstone")
    expect(page.get_by_label("Threats or violence")).to_be_checked()
    expect(page.get_by_label("In person")).to_be_checked()
    expect(page.locator("#id_occurred_time")).to_have_value("21:30")

    page.select_option("#id_person-1-role", label="Alleged perpetrator")
    page.fill("#id_person-1-first_name", "Peter")
    page.fill("#id_person-1-last_name", "Perpson")
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("heading", name=f"Vera Victimson {DASH} Victim or complainant")
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name=f"Peter Perpson {DASH} Alleged perpetrator")
    ).to_be_visible()
    assert page.console_errors == []
