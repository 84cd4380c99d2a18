"""A supervisor handles a subject access request: finds the person, logs the request, reads and
downloads what the agency holds, and closes it; then corrects the person's details. Every new
page is checked with axe-core, in its error state too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tandem.audit.models import AuditAction, AuditEvent
from tandem.dataprotection.models import RectificationRecord, RequestStatus, SubjectAccessRequest
from tandem.incidents.services import PersonInvolved
from tandem.people.services import PersonDetails
from tests.browser.conftest import axe_check, log_in_as
from tests.browser.test_accessibility import goto
from tests.helpers import log_report

pytestmark = pytest.mark.browser


@pytest.fixture
def jane(officer: Any) -> Any:
    incident = log_report(
        officer,
        people=[
            PersonInvolved(
                "victim",
                PersonDetails(first_name="Jane", last_name="Example", phone="07700 900123"),
            ),
            PersonInvolved("alleged_perpetrator", PersonDetails("Mark", "Rogue")),
        ],
        description="Mark Rogue played loud music at Jane all night.",
    )
    return incident.involvements.get(role="victim").person


def test_handling_a_subject_access_request(
    axe_page: Any, live_server: Any, supervisor: Any, jane: Any
) -> None:
    page = axe_page
    log_in_as(page, live_server, supervisor)
    goto(page, f"{live_server.url}/cases/")
    page.get_by_role("link", name="Subject access").click()
    expect(page.get_by_role("heading", name="Subject access requests")).to_be_visible()
    axe_check(page, context="subject access requests")

    page.get_by_role("link", name="Log a subject access request").click()
    expect(page.get_by_role("heading", name="Find the person")).to_be_visible()
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe_check(page, context="find a person with errors")
    page.get_by_label("Name", exact=True).fill("jane example")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 person found")).to_be_visible()
    axe_check(page, context="people found")

    page.get_by_role("link", name="Jane Example").click()
    expect(page.get_by_role("heading", name="Jane Example")).to_be_visible()
    axe_check(page, context="person's data protection page")

    page.get_by_role("link", name="Log a subject access request").click()
    page.get_by_label("Someone acting for them").check()
    page.get_by_role("button", name="Log the request").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Enter the name of the person acting for them").first).to_be_visible()
    axe_check(page, context="log a request with errors")
    page.get_by_label("The person themselves").check()
    page.get_by_role("button", name="Log the request").click()

    request = SubjectAccessRequest.objects.get()
    expect(page.get_by_role("heading", name=request.reference)).to_be_visible()
    expect(
        page.get_by_text("Subject access request " + request.reference + " logged")
    ).to_be_visible()
    axe_check(page, context="a subject access request")

    page.get_by_role("link", name="View the readable copy").click()
    expect(
        page.get_by_role("heading", name="Personal data held about Jane Example")
    ).to_be_visible()
    expect(
        page.get_by_text("[another person (alleged perpetrator)] played loud music")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    assert "Rogue" not in page.content()
    axe_check(page, context="the readable copy")

    page.get_by_role("link", name=f"Back to request {request.reference}").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as JSON").click()
    download = download_info.value
    assert download.suggested_filename == f"subject-access-{request.reference}.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["person"]["last_name"] == "Example"
    assert sorted(
        AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="person").values_list(
            "detail__format", flat=True
        )
    ) == ["html", "json"]

    page.get_by_role("button", name="Close the request").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe_check(page, context="close a request with errors")
    page.get_by_label("The reply has been sent").check()
    page.get_by_role("button", name="Close the request").click()
    expect(page.get_by_text(f"Subject access request {request.reference} closed")).to_be_visible()
    request.refresh_from_db()
    assert request.status == RequestStatus.COMPLETED


def test_correcting_a_persons_details(
    axe_page: Any, live_server: Any, supervisor: Any, jane: Any
) -> None:
    page = axe_page
    log_in_as(page, live_server, supervisor)
    goto(page, f"{live_server.url}/data-protection/people/{jane.pk}/")
    page.get_by_role("link", name="Correct their details").click()
    expect(page.get_by_role("heading", name="Correct their details")).to_be_visible()
    axe_check(page, context="correct a person's details")
    page.get_by_label("Last name", exact=True).fill("")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe_check(page, context="correct a person's details with errors")

    page.get_by_label("Last name", exact=True).fill("Exemple")
    page.get_by_label("Why are the details being corrected?").fill("Misspelt when reported")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Details corrected: last name")).to_be_visible()
    expect(page.get_by_role("cell", name="Exemple")).to_be_visible()
    record = RectificationRecord.objects.get()
    assert (record.old_value, record.new_value) == ("Example", "Exemple")
