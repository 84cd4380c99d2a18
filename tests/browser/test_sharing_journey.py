"""A supervisor shares a case with a housing partner, who can then open it; the supervisor
revokes the share and the partner can no longer. Every sharing page passes axe-core."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.accounts.models import AgencyKind, Role
from tandem.sharing.models import AgreementStatus, SharingAgreement
from tests.browser.conftest import axe_check, log_in_as
from tests.browser.test_accessibility import goto
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import log_report

pytestmark = pytest.mark.browser


@pytest.fixture
def partner_worker(db: Any) -> Any:
    homes = AgencyFactory(code="HOMES", name="Test Homes", kind=AgencyKind.HOUSING)
    return UserFactory(username="homesworker", agency=homes, role=Role.PARTNER_WORKER)


@pytest.fixture
def agreement(agency: Any, partner_worker: Any) -> SharingAgreement:
    today = timezone.localdate()
    agreement = SharingAgreement.objects.create(
        title="Test ASB information-sharing agreement",
        reference="TEST-ISA-1",
        owner_agency=agency,
        purpose="Tackling anti-social behaviour together",
        legal_basis="Crime and Disorder Act 1998 s.115",
        data_categories="Names, addresses, incident details",
        starts_on=today - timedelta(days=30),
        review_due=today - timedelta(days=1),
        status=AgreementStatus.ACTIVE,
    )
    agreement.parties.set([agency, partner_worker.agency])
    return agreement


def test_share_open_and_revoke(
    axe_page: Any,
    new_page: Any,
    live_server: Any,
    officer: Any,
    supervisor: Any,
    partner_worker: Any,
    agreement: SharingAgreement,
) -> None:
    case = log_report(officer).case
    case_url = f"{live_server.url}/cases/{case.reference}/"

    partner = new_page()
    log_in_as(partner, live_server, partner_worker)
    assert partner.goto(case_url).status == 404

    page = axe_page
    log_in_as(page, live_server, supervisor)
    goto(page, case_url)
    expect(page.get_by_role("heading", name="Shared with")).to_be_visible()
    page.get_by_role("link", name="Share this case").click()
    expect(page.get_by_role("heading", name="Share this case")).to_be_visible()
    axe_check(page, context="share form")

    page.get_by_role("button", name="Share case").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe_check(page, context="share form with errors")

    page.get_by_label("Agency to share with").select_option(label="Test Homes")
    page.get_by_label("Purpose").fill("Joint visit with the landlord")
    page.get_by_label("Information-sharing agreement").select_option(
        label="Test ASB information-sharing agreement (TEST-ISA-1)"
    )
    until = timezone.localdate() + timedelta(days=30)
    page.locator("#id_expires_on_0").fill(str(until.day))
    page.locator("#id_expires_on_1").fill(str(until.month))
    page.locator("#id_expires_on_2").fill(str(until.year))
    page.get_by_role("button", name="Share case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Case {case.reference} shared with Test Homes"
    )
    panel = page.get_by_role("table", name="Agencies this case is or was shared with")
    expect(panel).to_contain_text("Joint visit with the landlord")
    expect(panel).to_contain_text("In force")
    axe_check(page, context="case page with a share")

    goto(partner, case_url)
    expect(partner.get_by_role("heading", name=f"Case {case.reference}")).to_be_visible()
    expect(partner.get_by_text("shares this case with Test Homes")).to_be_visible()

    page.get_by_role("link", name="Revoke the share with Test Homes").click()
    expect(page.get_by_role("heading", name="Revoke the share with Test Homes")).to_be_visible()
    axe_check(page, context="revoke page")
    page.get_by_role("button", name="Revoke share").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe_check(page, context="revoke page with errors")
    page.get_by_label("Why are you revoking this share?").fill("The visit is done")
    page.get_by_role("button", name="Revoke share").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Share with Test Homes revoked"
    )

    assert partner.goto(case_url).status == 404


def test_agreements_register_pages(
    axe_page: Any, live_server: Any, agency: Any, agreement: SharingAgreement
) -> None:
    admin = UserFactory(username="registrar", agency=agency, role=Role.ADMINISTRATOR)
    log_in_as(axe_page, live_server, admin)
    goto(axe_page, f"{live_server.url}/sharing-agreements/")
    expect(axe_page.get_by_text("Review overdue")).to_be_visible()
    axe_check(axe_page, context="agreements register")

    axe_page.get_by_role("link", name="Test ASB information-sharing agreement").click()
    expect(axe_page.get_by_role("heading", name="What relies on it")).to_be_visible()
    axe_check(axe_page, context="agreement")

    axe_page.get_by_role("link", name="Change the agreement").click()
    axe_check(axe_page, context="agreement form")
    axe_page.get_by_label("Title").fill("")
    axe_page.get_by_role("button", name="Save agreement").click()
    expect(axe_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe_check(axe_page, context="agreement form with errors")
