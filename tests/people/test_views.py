"""The merge and unmerge pages, the vulnerability page, and who sees special-category data."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.accounts.models import Role
from tandem.incidents.services import PersonInvolved
from tandem.people.models import Person, PersonMerge, VulnerabilityFactor
from tandem.people.services import PersonDetails
from tests.factories import UserFactory
from tests.helpers import log_report

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_records(officer):
    """The same woman, logged twice with her name spelt differently."""
    first = log_report(
        officer,
        people=[
            PersonInvolved(
                role="victim", details=PersonDetails("Jane", "Example", phone="07700 900123")
            )
        ],
    )
    second = log_report(
        officer,
        people=[
            PersonInvolved(
                role="victim", details=PersonDetails("Jayne", "Example", phone="07700900123")
            )
        ],
    )
    return first, second


def test_a_supervisor_merges_and_unmerges_from_the_person(supervisor, two_records):
    first, second = two_records
    jane, jayne = first.involvements.get().person, second.involvements.get().person
    client = client_for(supervisor)
    url = f"/people/{jane.pk}/merge/"

    page = client.get(url).content.decode()
    assert "Merge duplicate records for Jane Example" in page
    assert "Jayne Example" in page
    assert "similar name, same phone" in page

    missing = client.post(url, {"keep": "this", "reason": ""})
    assert "Select the record that is the same person" in missing.content.decode()
    assert "Give the reason these records are the same person" in missing.content.decode()

    done = client.post(
        url, {"duplicate": str(jayne.pk), "keep": "this", "reason": "Same phone, confirmed"}
    )
    assert done.status_code == 302
    jayne.refresh_from_db()
    assert jayne.merged_into == jane
    merge = PersonMerge.objects.get()
    history = client.get(url).content.decode()
    assert "Same phone, confirmed" in history
    assert f"/people/merges/{merge.pk}/undo/" in history

    undo_url = f"/people/merges/{merge.pk}/undo/"
    assert "Undo the merge of Jayne Example" in client.get(undo_url).content.decode()
    undone = client.post(undo_url, {"reason": "Different dates of birth"})
    assert undone.status_code == 302
    jayne.refresh_from_db()
    assert jayne.merged_into is None
    assert PersonMerge.objects.get().undone_by == supervisor


def test_keeping_the_other_record(supervisor, two_records):
    first, second = two_records
    jane, jayne = first.involvements.get().person, second.involvements.get().person
    client_for(supervisor).post(
        f"/people/{jane.pk}/merge/",
        {"duplicate": str(jayne.pk), "keep": "other", "reason": "Jayne is right"},
    )
    jane.refresh_from_db()
    assert jane.merged_into == jayne


def test_merging_is_for_supervisors_and_their_own_agencys_people(
    officer, two_records, other_agency
):
    jane = two_records[0].involvements.get().person
    assert client_for(officer).get(f"/people/{jane.pk}/merge/").status_code == 403
    elsewhere = UserFactory(agency=other_agency, role=Role.SUPERVISOR)
    assert client_for(elsewhere).get(f"/people/{jane.pk}/merge/").status_code == 404
    assert client_for(elsewhere).get("/people/999999/merge/").status_code == 404


def vulnerability_url(incident) -> str:
    person = incident.involvements.get().person
    return f"/people/{person.pk}/cases/{incident.case.reference}/vulnerability/"


def test_a_case_officer_records_and_sees_vulnerability(officer):
    incident = log_report(officer)
    client = client_for(officer)
    url = vulnerability_url(incident)
    assert "special-category data" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "factors": ["mental-health", "isolated"],
            "hate_strands": ["race"],
            "notes": "Lives alone",
        },
    )
    assert response.status_code == 302
    person = incident.involvements.get().person
    assert {f.code for f in person.vulnerability_factors.all()} == {"mental-health", "isolated"}
    assert [s.code for s in person.hate_strands.all()] == ["race"]

    page = client.get(f"/cases/{incident.case.reference}/").content.decode()
    assert "Mental health" in page
    assert "Lives alone" in page
    assert "Feels targeted for: Race" in page

    # The form shows what is recorded, and saving it again replaces it.
    form = client.get(url).content.decode()
    assert 'value="mental-health" checked' in form
    client.post(url, {"factors": ["carer"], "notes": ""})
    assert [f.code for f in person.vulnerability_factors.all()] == ["carer"]


def test_call_handlers_record_but_never_read_it_back(officer, call_handler):
    incident = log_report(officer)
    person = incident.involvements.get().person
    person.vulnerability_factors.add(VulnerabilityFactor.objects.get(code="mental-health"))
    Person.objects.filter(pk=person.pk).update(vulnerability_notes="Known to the crisis team")
    client = client_for(call_handler)

    form = client.get(vulnerability_url(incident)).content.decode()
    assert "You cannot see what others have recorded" in form
    assert "checked" not in form
    assert "crisis team" not in form
    client.post(vulnerability_url(incident), {"factors": ["carer"], "notes": "Cares for her son"})

    assert {f.code for f in person.vulnerability_factors.all()} == {"mental-health", "carer"}
    person.refresh_from_db()
    assert person.vulnerability_notes.startswith("Known to the crisis team")
    assert "Cares for her son" in person.vulnerability_notes
    case_page = client.get(f"/cases/{incident.case.reference}/").content.decode()
    assert "Mental health" not in case_page
    assert "crisis team" not in case_page


@pytest.mark.parametrize("role", [Role.PARTNER_WORKER, Role.ANALYST])
def test_partner_workers_and_analysts_never_see_it(officer, agency, role):
    incident = log_report(officer)
    person = incident.involvements.get().person
    person.vulnerability_factors.add(VulnerabilityFactor.objects.get(code="mental-health"))
    client = client_for(UserFactory(agency=agency, role=role))
    page = client.get(f"/cases/{incident.case.reference}/").content.decode()
    assert "Mental health" not in page
    assert "Record vulnerability" not in page
    assert client.get(vulnerability_url(incident)).status_code == 403


def test_another_agency_cannot_reach_the_vulnerability_page(officer, other_officer):
    incident = log_report(officer)
    assert client_for(other_officer).get(vulnerability_url(incident)).status_code == 404
