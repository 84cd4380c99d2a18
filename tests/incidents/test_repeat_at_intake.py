"""Repeat victims, perpetrators and locations found at the check-answers page: counts across
every agency, and nothing of another agency's case."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tandem.accounts.models import Role
from tandem.cases.models import Case
from tandem.incidents.models import Incident
from tandem.people.models import MatchDecision, PersonMatchDecision
from tests.factories import PersonFactory, UserFactory
from tests.incidents.test_views import answers

pytestmark = pytest.mark.django_db

COUNCIL_SECRET = "Shouting abuse through the letterbox of the council flat"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def victim(**fields) -> dict:
    return {f"person-0-{name}": value for name, value in fields.items()}


def log_through_the_journey(client: Client, data: dict, choices: dict) -> Incident:
    check_url = client.post("/reports/new/", data)["Location"]
    response = client.post(check_url, choices)
    assert response.status_code == 302, response.content.decode()
    return Incident.objects.order_by("-pk").first()


def test_a_victim_known_to_the_council_is_a_repeat_victim_at_the_police_call(
    call_handler, officer, other_agency, postcode
):
    """The issue's "done when": reported to the council, then to the police under a misspelt
    name; the police call handler sees the count and nothing more of the council's case."""
    council = log_through_the_journey(
        client_for(call_handler),
        answers(
            description=COUNCIL_SECRET,
            crime_reference="CRIME-COUNCIL-1",
            **victim(
                first_name="Priya",
                last_name="Sharma",
                date_of_birth_0="4",
                date_of_birth_1="3",
                date_of_birth_2="1985",
                phone="07700 900555",
            ),
        ),
        {"case": "new", "officer": str(officer.pk)},
    )
    council_person = council.involvements.get().person

    police_handler = UserFactory(
        username="police-handler", agency=other_agency, role=Role.CALL_HANDLER
    )
    police = client_for(police_handler)
    check_url = police.post(
        "/reports/new/",
        answers(
            description="Eggs thrown at her windows.",
            address="4 Mill Lane",
            happened_before="yes",
            **victim(
                first_name="Pryia",
                last_name="Sharma",
                date_of_birth_0="4",
                date_of_birth_1="3",
                date_of_birth_2="1985",
                phone="07999 111222",
                email="",
            ),
        ),
    )["Location"]
    page = police.get(check_url).content.decode()

    assert "Is this someone already known?" in page
    assert "Yes: Priya Sharma, born 4 March 1985" in page
    assert re.search(r"\d+% match: similar name, same date of birth", page)
    assert (
        "Reported 1 incident to 1 agency in the last 12 months: if this is them, they are a "
        "repeat victim" in page
    )
    assert "1 incident at this address, reported to 1 agency in the last 12 months" in page
    # Nothing of the council's case: no reference, description, crime reference, officer.
    for secret in (
        council.case.reference,
        council.reference,
        COUNCIL_SECRET,
        "CRIME-COUNCIL-1",
        officer.get_full_name(),
        "Test Council",
    ):
        assert secret not in page
    assert "Add to ASB-" not in page  # the council's open case is not offered to the police

    police.post(check_url, {"case": "new", "person_0": str(council_person.pk)})
    incident = Incident.objects.get(receiving_agency=other_agency)
    assert incident.involvements.get().person == council_person
    assert incident.happened_before == "yes"
    confirmed = PersonMatchDecision.objects.get()
    assert (confirmed.person, confirmed.decision) == (council_person, MatchDecision.CONFIRMED)
    assert confirmed.decided_by == police_handler
    assert confirmed.incident == incident
    assert confirmed.details["first_name"] == "Pryia"

    police_case = police.get(f"/cases/{incident.case.reference}/").content.decode()
    assert "Reported 2 incidents to 2 agencies in the last 12 months" in police_case
    assert "Repeat victim" in police_case
    assert COUNCIL_SECRET not in police_case
    assert council.case.reference not in police_case


def test_choosing_someone_new_rejects_every_candidate(handler_client_and_people):
    client, check_url, people = handler_client_and_people
    client.post(check_url, {"case": "new", "person_0": "new"})
    decisions = PersonMatchDecision.objects.all()
    assert {d.person for d in decisions} == set(people)
    assert {d.decision for d in decisions} == {MatchDecision.REJECTED}


@pytest.fixture
def handler_client_and_people(call_handler, postcode):
    people = [
        PersonFactory(first_name="Priya", last_name="Example", phone="07700900555"),
        PersonFactory(first_name="Pria", last_name="Example", email="priya@example.com"),
    ]
    client = client_for(call_handler)
    check_url = client.post("/reports/new/", answers())["Location"]
    return client, check_url, people


def test_perpetrators_are_offered_with_their_count(call_handler, postcode):
    client = client_for(call_handler)
    perpetrator = {
        "person-TOTAL_FORMS": "2",
        "person-1-role": "alleged_perpetrator",
        "person-1-first_name": "Darren",
        "person-1-last_name": "Noisy",
        "person-1-date_of_birth_0": "1",
        "person-1-date_of_birth_1": "2",
        "person-1-date_of_birth_2": "1990",
    }
    first = log_through_the_journey(client, answers(**perpetrator), {"case": "new"})
    darren = first.involvements.get(role="alleged_perpetrator").person

    check_url = client.post(
        "/reports/new/", answers(**{**perpetrator, "person-1-first_name": "Daren"})
    )["Location"]
    page = client.get(check_url).content.decode()
    assert "Yes: Darren Noisy, born 1 February 1990" in page
    assert (
        "Named as the alleged perpetrator in 1 incident reported to 1 agency in the last 12 "
        "months" in page
    )
    assert darren.pk


def test_the_happened_before_question_is_asked_and_shown(call_handler, postcode):
    client = client_for(call_handler)
    form = client.get("/reports/new/").content.decode()
    assert "Has this happened to the victim before?" in form
    assert "Don&#x27;t know" in form or "Don't know" in form

    check_url = client.post("/reports/new/", answers(happened_before="unknown"))["Location"]
    page = client.get(check_url).content.decode()
    assert "Happened to the victim before" in page
    assert "Don&#x27;t know" in page or "Don't know" in page
    client.post(check_url, {"case": "new"})
    assert Incident.objects.get().happened_before == "unknown"

    bad = client.post("/reports/new/", answers(happened_before="maybe"))
    assert "Select a valid choice" in bad.content.decode()


def test_the_check_page_queries_do_not_grow_with_the_candidates(call_handler, postcode):
    client = client_for(call_handler)
    check_url = client.post("/reports/new/", answers())["Location"]
    PersonFactory(first_name="Priya", last_name="Example", phone="07700900555")
    with CaptureQueriesContext(connection) as few:
        client.get(check_url)
    for n in range(6):
        PersonFactory(
            first_name="Priya", last_name="Example", phone="07700900555", email=f"{n}@x.org"
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(check_url).content.decode()
    assert page.count("Yes: Priya Example") == 7
    assert len(many) == len(few)


def test_case_people_panel_queries_do_not_grow_with_the_people(officer, agency):
    from tandem.cases.selectors import case_get_visible
    from tandem.incidents.services import PersonInvolved
    from tandem.people.selectors import case_people_panel
    from tandem.people.services import PersonDetails
    from tests.helpers import log_report

    def panel_queries(people: int) -> int:
        incident = log_report(
            officer,
            people=[
                PersonInvolved(
                    role="victim" if n % 2 else "alleged_perpetrator",
                    details=PersonDetails(f"Person{n}", "Example"),
                )
                for n in range(people)
            ],
        )
        case = case_get_visible(officer, incident.case.reference)
        involvements = [i for inc in case.incidents.all() for i in inc.involvements.all()]
        with CaptureQueriesContext(connection) as queries:
            panel = case_people_panel(user=officer, case=case, involvements=involvements)
        assert len(panel.rows) == people
        return len(queries)

    assert panel_queries(2) == panel_queries(8)
    assert Case.objects.count() == 2
