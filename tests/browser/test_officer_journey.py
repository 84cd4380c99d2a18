"""The case officer's journey through a case in a real browser: first contact, an action, a
referral accepted by a partner agency, and closure with a satisfaction survey."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import AgencyKind, Role
from tandem.cases.models import Case, CaseStatus, SurveyResponse
from tandem.incidents.services import PersonInvolved
from tandem.people.services import PersonDetails
from tandem.referrals.models import Referral
from tests.browser.conftest import sign_in, sign_out
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import log_report

pytestmark = pytest.mark.browser


@pytest.fixture
def case(officer: Any) -> Case:
    incident = log_report(
        officer,
        officer=officer,
        people=[
            PersonInvolved(
                role="victim",
                details=PersonDetails("Rosa", "Example", phone="07700 900246"),
            ),
            PersonInvolved(
                role="alleged_perpetrator",
                details=PersonDetails("Pat", "Nuisance", date_of_birth=date(1990, 4, 1)),
            ),
        ],
    )
    return incident.case


@pytest.fixture
def partner(db: Any) -> Any:
    mediation = AgencyFactory(code="MEDIATE", name="Weald Mediation", kind=AgencyKind.VOLUNTARY)
    return UserFactory(username="mediator", agency=mediation, role=Role.PARTNER_WORKER)


def case_url(live_server: Any, case: Case, path: str = "") -> str:
    return f"{live_server.url}/cases/{case.reference}/{path}"


def test_first_contact_action_referral_and_closure_with_survey(
    page: Any, live_server: Any, officer: Any, partner: Any, case: Case
) -> None:
    sign_in(page, live_server, officer.username)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {case.reference}")

    # First contact, by telephone, telling the victim who leads.
    page.get_by_role("link", name="Log a contact").click()
    page.get_by_role("group", name="Who was it with?").get_by_label("Rosa Example").check()
    page.get_by_role("group", name="Who made contact?").get_by_label("We contacted them").check()
    page.get_by_role("group", name="How?").get_by_label("Telephone").check()
    today = date.today()
    page.fill("#id_occurred_date_0", str(today.day))
    page.fill("#id_occurred_date_1", str(today.month))
    page.fill("#id_occurred_date_2", str(today.year))
    page.get_by_label("What was said?").fill("Introduced myself; agreed weekly calls.")
    page.get_by_label(re.compile("They were told which agency leads")).check()
    page.get_by_role("button", name="Log contact").click()
    expect(page).to_have_url(case_url(live_server, case))
    assert case.deadlines.get(kind="first-contact").met_at is not None

    # An action: a warning letter to the alleged perpetrator.
    page.get_by_role("link", name="Record an intervention or power").click()
    page.get_by_label("Intervention or power").select_option(label="Warning letter")
    page.locator("#id_respondent_person").select_option(label="Pat Nuisance")
    page.fill("#id_issued_on_0", str(today.day))
    page.fill("#id_issued_on_1", str(today.month))
    page.fill("#id_issued_on_2", str(today.year))
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(case_url(live_server, case))
    expect(page.locator("main")).to_contain_text("Warning letter")

    # A referral to mediation, accepted by the partner agency.
    page.goto(f"{live_server.url}/cases/{case.reference}/referrals/new/")
    page.get_by_label("Service", exact=True).select_option(label="Mediation")
    page.locator("#id_to_agency").select_option(label="Weald Mediation")
    page.get_by_label("Reason for the referral").fill("Neighbour dispute suited to mediation.")
    page.get_by_role("button", name="Send referral").click()
    sign_out(page)

    sign_in(page, live_server, partner.username)
    page.goto(f"{live_server.url}/referrals/")
    expect(page.locator("main")).to_contain_text("Neighbour dispute suited to mediation.")
    expect(page.locator("main")).not_to_contain_text("Rosa Example")
    page.get_by_role("button", name="Accept").click()
    assert Referral.objects.get().status == "accepted"
    response = page.goto(case_url(live_server, case))
    assert response is not None
    assert response.status == 200, "an accepted referral lets the partner see the case"
    sign_out(page)

    # Closure with a satisfaction survey.
    sign_in(page, live_server, officer.username)
    page.goto(case_url(live_server, case))
    page.get_by_role("link", name="Close the case").click()
    page.get_by_role("group", name="Why is the case being closed?").get_by_label(
        "Resolved", exact=True
    ).check()
    page.get_by_label("Closure notes").fill("Mediation agreed; no further incidents in 4 weeks.")
    page.get_by_role("button", name="Close the case").click()
    expect(page).to_have_url(case_url(live_server, case))
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED

    page.get_by_role("link", name="Record survey answers").click()
    for question in (
        "timescales_met",
        "kept_informed",
        "able_to_contact_officer",
        "support_offered",
    ):
        page.locator(f"input[name='{question}'][value='agree']").check()
    for question in ("outcome", "overall_satisfaction"):
        page.locator(f"input[name='{question}'][value='satisfied']").check()
    page.get_by_role("button", name="Save answers").click()
    expect(page).to_have_url(case_url(live_server, case))
    assert SurveyResponse.objects.filter(case=case).count() == 1
