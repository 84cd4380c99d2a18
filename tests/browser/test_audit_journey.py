"""The auditor's journey in a real browser: a partner agency looks at a case; the lead agency's
auditor searches the audit for the case, sees the partner's view, opens the event; and the
audit pages pass axe-core (WCAG 2.2 AA), the error state included."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import Role
from tandem.cases.models import Case
from tandem.referrals.models import ReferralService
from tandem.referrals.services import referral_accept, referral_make
from tests.browser.conftest import axe_check, log_in_as, sign_in
from tests.browser.test_accessibility import goto
from tests.factories import UserFactory
from tests.helpers import log_report

pytestmark = pytest.mark.browser


@pytest.fixture
def case(officer: Any) -> Case:
    return log_report(officer, officer=officer).case


@pytest.fixture
def partner(other_agency: Any, case: Case, officer: Any) -> Any:
    """A police officer the case was referred to; the referral accepted, so they may see it."""
    partner = UserFactory(
        username="pc.hale",
        agency=other_agency,
        role=Role.CASE_OFFICER,
        first_name="Priya",
        last_name="Hale",
    )
    referral = referral_make(
        case=case,
        actor=officer,
        service=ReferralService.objects.get(code="mediation"),
        to_agency=other_agency,
        reason="Joint visit",
    )
    referral_accept(referral=referral, actor=partner)
    return partner


@pytest.fixture
def auditor(agency: Any) -> Any:
    return UserFactory(
        username="ig.auditor",
        agency=agency,
        role=Role.AUDITOR,
        first_name="Ruth",
        last_name="Kendall",
    )


def test_an_auditor_finds_a_partners_view_of_a_case(
    new_page: Any, live_server: Any, case: Case, partner: Any, auditor: Any
) -> None:
    partner_page = new_page()
    log_in_as(partner_page, live_server, partner)
    goto(partner_page, f"{live_server.url}/cases/{case.reference}/")
    expect(partner_page.get_by_role("heading", level=1)).to_have_text(f"Case {case.reference}")

    page = new_page(bypass_csp=True)
    sign_in(page, live_server, auditor.username)
    page.get_by_role("link", name="Audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit")
    axe_check(page, context="audit search")

    page.locator("#id_case").fill(case.reference.lower())
    page.locator("#id_action").select_option(label="Viewed")
    page.get_by_role("button", name="Search").click()
    row = page.get_by_role("row").filter(has_text="Priya Hale")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Test Police")
    axe_check(page, context="audit search results")

    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Viewed: case {case.reference}")
    expect(page.get_by_text("Priya Hale (pc.hale)")).to_be_visible()
    axe_check(page, context="audit event")

    # The case page shows the auditor who has seen the case, and links to the full audit.
    goto(page, f"{live_server.url}/cases/{case.reference}/")
    panel = page.locator("table").filter(has_text="Everyone who has opened this case")
    expect(panel.get_by_role("row").filter(has_text="Priya Hale")).to_contain_text("1")
    page.get_by_role("link", name=f"Every audit event for case {case.reference}").click()
    expect(page.locator("#audit-count")).to_contain_text("events")
    axe_check(page, context="audit search from the case page")


def test_the_search_with_an_error_is_accessible(
    axe_page: Any, live_server: Any, auditor: Any
) -> None:
    log_in_as(axe_page, live_server, auditor)
    goto(
        axe_page,
        f"{live_server.url}/audit/?date_from_0=31&date_from_1=2&date_from_2=2026",
    )
    expect(axe_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe_check(axe_page, context="audit search with an error")
