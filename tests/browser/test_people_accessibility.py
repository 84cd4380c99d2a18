"""Accessibility (axe-core, WCAG 2.2 AA) of the people pages: merging duplicates, undoing a
merge, and recording vulnerability; each in its ordinary and error state."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tandem.incidents.services import PersonInvolved
from tandem.people.services import PersonDetails, person_merge
from tests.browser.conftest import axe_check, log_in_as
from tests.browser.test_accessibility import goto
from tests.helpers import log_report

pytestmark = pytest.mark.browser


@pytest.fixture
def two_records(officer: Any) -> tuple[Any, Any]:
    people = []
    for first_name in ("Jane", "Jayne"):
        incident = log_report(
            officer,
            people=[
                PersonInvolved(
                    role="victim",
                    details=PersonDetails(first_name, "Example", phone="07700 900123"),
                )
            ],
        )
        people.append(incident)
    return people[0], people[1]


def test_merge_page(axe_page: Any, live_server: Any, supervisor: Any, two_records: Any) -> None:
    jane = two_records[0].involvements.get().person
    log_in_as(axe_page, live_server, supervisor)
    goto(axe_page, f"{live_server.url}/people/{jane.pk}/merge/")
    expect(axe_page.get_by_role("group", name="Which record is the same person?")).to_be_visible()
    axe_check(axe_page, context="merge page")

    axe_page.get_by_role("button", name="Merge records").click()
    expect(axe_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe_check(axe_page, context="merge page with errors")


def test_unmerge_page(axe_page: Any, live_server: Any, supervisor: Any, two_records: Any) -> None:
    jane, jayne = (incident.involvements.get().person for incident in two_records)
    merge = person_merge(survivor=jane, duplicate=jayne, actor=supervisor, reason="Same phone")
    log_in_as(axe_page, live_server, supervisor)
    goto(axe_page, f"{live_server.url}/people/{jane.pk}/merge/")
    expect(axe_page.get_by_role("table")).to_contain_text("Same phone")
    axe_check(axe_page, context="merge history")

    goto(axe_page, f"{live_server.url}/people/merges/{merge.pk}/undo/")
    axe_check(axe_page, context="undo a merge")
    axe_page.get_by_role("button", name="Undo the merge").click()
    expect(axe_page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe_check(axe_page, context="undo a merge with errors")


def test_vulnerability_page(axe_page: Any, live_server: Any, officer: Any) -> None:
    incident = log_report(officer)
    person = incident.involvements.get().person
    log_in_as(axe_page, live_server, officer)
    goto(
        axe_page,
        f"{live_server.url}/people/{person.pk}/cases/{incident.case.reference}/vulnerability/",
    )
    axe_check(axe_page, context="vulnerability")
    axe_page.get_by_label("Mental health").check()
    axe_page.get_by_role("button", name="Save").click()
    expect(axe_page.get_by_role("heading", name="Repeat and vulnerability")).to_be_visible()
    axe_check(axe_page, context="case page with vulnerability")
