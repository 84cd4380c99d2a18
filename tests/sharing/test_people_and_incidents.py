"""People and incidents follow the cases they belong to: a partner reaches a person's pages, an
incident's case and the duplicates of a person only while it may see a case they are on."""

from __future__ import annotations

import pytest

from tandem.accounts.models import Role
from tandem.incidents.services import PersonInvolved
from tandem.people.selectors import visible_person_ids
from tandem.people.services import PersonDetails
from tandem.sharing.services import case_share_grant, case_share_revoke
from tests.api.payloads import INCIDENTS_URL, report_payload
from tests.factories import UserFactory
from tests.helpers import log_report
from tests.sharing.conftest import api_for, client_for

pytestmark = pytest.mark.django_db


def share(case, supervisor, agency):
    return case_share_grant(
        case=case, agency=agency, purpose="Joint work", legal_basis="s.115", actor=supervisor
    )


@pytest.fixture
def partner_supervisor(partner):
    return UserFactory(username="homessupervisor", agency=partner, role=Role.SUPERVISOR)


def test_person_pages_follow_the_case(case, supervisor, partner_supervisor):
    person = case.incidents.get().involvements.get().person
    merge_url = f"/people/{person.pk}/merge/"
    client = client_for(partner_supervisor)
    assert client.get(merge_url).status_code == 404
    granted = share(case, supervisor, partner_supervisor.agency)
    assert client.get(merge_url).status_code == 200
    assert visible_person_ids(partner_supervisor, [person.pk]) == {person.pk}
    case_share_revoke(share=granted, actor=supervisor)
    assert client.get(merge_url).status_code == 404
    assert visible_person_ids(partner_supervisor, [person.pk]) == set()


def test_merge_candidates_are_only_people_the_user_may_see(
    case, officer, supervisor, partner, partner_supervisor
):
    jane = case.incidents.get().involvements.get().person
    # The partner's own report of a "Jayne Example" with the same phone: a likely duplicate.
    theirs = log_report(
        UserFactory(agency=partner, role=Role.CASE_OFFICER),
        people=[
            PersonInvolved(
                role="victim", details=PersonDetails("Jayne", "Example", phone="07700 900123")
            )
        ],
    )
    jayne = theirs.involvements.get().person

    page = client_for(supervisor).get(f"/people/{jane.pk}/merge/").content.decode()
    assert "Jayne" not in page  # on another agency's case only
    assert "No other records look like the same person" in page
    response = client_for(supervisor).post(
        f"/people/{jane.pk}/merge/",
        {"duplicate": str(jayne.pk), "keep": "this", "reason": "Same phone"},
    )
    jane.refresh_from_db()
    assert jane.merged_into_id is None
    assert response.status_code == 200

    share(case, supervisor, partner)  # the partner sees both records now
    page = client_for(partner_supervisor).get(f"/people/{jayne.pk}/merge/").content.decode()
    assert "Jane Example" in page


def test_incidents_join_only_cases_the_user_may_see(case, supervisor, partner):
    worker = UserFactory(agency=partner, role=Role.CASE_OFFICER)
    api = api_for(worker)
    payload = report_payload(case=case.reference, receiving_agency="HOMES")
    response = api.post(INCIDENTS_URL, payload, format="json")
    assert response.status_code == 400
    assert response.json()["case"] == ["There is no such case."]

    granted = share(case, supervisor, partner)
    response = api.post(INCIDENTS_URL, payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["case"] == case.reference

    case_share_revoke(share=granted, actor=supervisor)
    assert api.post(INCIDENTS_URL, payload, format="json").status_code == 400


def test_the_vulnerability_page_follows_the_case(case, supervisor, partner):
    person = case.incidents.get().involvements.get().person
    url = f"/people/{person.pk}/cases/{case.reference}/vulnerability/"
    partner_officer = UserFactory(agency=partner, role=Role.CASE_OFFICER)
    assert client_for(partner_officer).get(url).status_code == 404
    share(case, supervisor, partner)
    # Visible now, but only the lead agency records special-category data.
    assert client_for(partner_officer).get(url).status_code == 403
