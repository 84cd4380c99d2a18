"""The risk assessment inside the log-a-report journey: a call handler logs a Personal report,
assesses the victim as high risk there and then, the agency's supervisor is alerted, and the case
goes to the top of the officer's work queue."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.cases.models import Case, Priority
from tests.browser.conftest import axe_check, log_in_as, sign_in, sign_out
from tests.factories import CaseFactory

pytestmark = pytest.mark.browser


def log_personal_report(page: Any, *, postcode: str, officer: Any) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Log a report").click()
    page.fill("#id_occurred_date_0", str(yesterday.day))
    page.fill("#id_occurred_date_1", str(yesterday.month))
    page.fill("#id_occurred_date_2", str(yesterday.year))
    page.get_by_role("group", name="Category").get_by_label("Personal", exact=True).check()
    page.get_by_role("group", name="Type of behaviour").get_by_label(
        "Harassment or intimidation"
    ).check()
    page.get_by_label("What happened?").fill("Neighbour follows the caller and films her.")
    page.fill("#id_address", "3 Weir Lane")
    page.fill("#id_postcode", postcode)
    page.select_option("#id_person-0-role", label="Victim or complainant")
    page.fill("#id_person-0-first_name", "Hana")
    page.fill("#id_person-0-last_name", "Example")
    page.get_by_role("button", name="Continue").click()
    page.select_option("#id_officer", label=officer.display_name)
    page.get_by_role("button", name="Submit report").click()


def test_a_high_risk_assessment_in_the_journey_alerts_and_tops_the_queue(
    page: Any, live_server: Any, call_handler: Any, officer: Any, supervisor: Any, postcode: Any
) -> None:
    earlier = CaseFactory(lead_agency=officer.agency, officer=officer, priority=Priority.MEDIUM)

    sign_in(page, live_server, call_handler.username)
    log_personal_report(page, postcode=postcode.postcode, officer=officer)

    expect(page.get_by_role("heading", level=1)).to_have_text("Assess the risk to Hana Example")
    for answer_no in page.locator("input.govuk-radios__input[value='no']").all():
        answer_no.check()
    page.locator("input[name='q-fear-physical-safety'][value='yes']").check()
    page.get_by_role("button", name="Save assessment").click()

    expect(page).to_have_url(re.compile(r"/cases/ASB-\d{4}-[0-9A-Z]{5}/$"))
    risk = page.get_by_role("table", name="Risk to the victims on this case")
    expect(risk).to_contain_text("High risk")
    case = Case.objects.exclude(pk=earlier.pk).get()
    assert case.priority == Priority.HIGH

    sign_out(page)
    sign_in(page, live_server, supervisor.username)
    alerts_link = page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name=re.compile("Alerts")
    )
    expect(alerts_link).to_contain_text("1")
    alerts_link.click()
    expect(page.locator("main")).to_contain_text(case.reference)

    sign_out(page)
    sign_in(page, live_server, officer.username)
    rows = page.locator("table.govuk-table tbody tr")
    expect(rows.nth(0).get_by_role("link")).to_have_text(case.reference)
    expect(rows.nth(1).get_by_role("link")).to_have_text(earlier.reference)


def test_assessment_errors_are_listed_and_nothing_is_saved(
    page: Any, live_server: Any, call_handler: Any, officer: Any, postcode: Any
) -> None:
    sign_in(page, live_server, call_handler.username)
    log_personal_report(page, postcode=postcode.postcode, officer=officer)
    page.get_by_role("button", name="Save assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Does the person fear for their physical safety?")
    assert not Case.objects.get().risk_assessments.exists()


def test_alerts_and_the_assess_offer_are_accessible(
    axe_page: Any, live_server: Any, call_handler: Any, officer: Any, supervisor: Any, postcode: Any
) -> None:
    sign_in(axe_page, live_server, call_handler.username)
    log_personal_report(axe_page, postcode=postcode.postcode, officer=officer)
    for answer_no in axe_page.locator("input.govuk-radios__input[value='no']").all():
        answer_no.check()
    axe_page.locator("input[name='q-fear-physical-safety'][value='yes']").check()
    axe_page.get_by_role("button", name="Save assessment").click()
    axe_check(axe_page, context="case page after a high-risk assessment")

    axe_page.context.clear_cookies()
    log_in_as(axe_page, live_server, supervisor)
    axe_page.goto(f"{live_server.url}/alerts/")
    expect(axe_page.locator("main")).to_contain_text(Case.objects.get().reference)
    axe_check(axe_page, context="alerts page")
