from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from tandem.cases.models import Case
from tandem.incidents.models import Incident
from tandem.people.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler_client(call_handler) -> Client:
    client = Client()
    client.force_login(call_handler)
    return client


def answers(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "occurred_date_0": str(today.day),
        "occurred_date_1": str(today.month),
        "occurred_date_2": str(today.year),
        "occurred_time": "",
        "reported_date_0": str(today.day),
        "reported_date_1": str(today.month),
        "reported_date_2": str(today.year),
        "reported_time": "",
        "channel": "phone",
        "category": "personal",
        "types": ["harassment-intimidation"],
        "description": "Shouting abuse through the letterbox.",
        "address": "4 Mill Lane",
        "postcode": "me14 1aa",
        "person-TOTAL_FORMS": "1",
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "1",
        "person-MAX_NUM_FORMS": "20",
        "person-0-role": "victim",
        "person-0-first_name": "Priya",
        "person-0-last_name": "Example",
        "person-0-phone": "07700 900555",
        "person-0-email": "priya@example.com",
        "continue": "1",
    }
    data.update(overrides)
    return data


def error_summary(response) -> list[str]:
    return re.findall(r'<li><a href="#[^"]*">([^<]+)</a>', response.content.decode())


def test_the_form_is_shown_with_the_configured_lists(handler_client):
    response = handler_client.get("/reports/new/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Log a report" in html
    assert "Fly-tipping" in html
    assert "Personal" in html
    assert "Religion or belief" in html


def test_a_report_is_checked_then_submitted_and_opens_a_case(handler_client, postcode, officer):
    response = handler_client.post("/reports/new/", answers())
    assert response.status_code == 302
    check_url = response["Location"]
    assert re.fullmatch(r"/reports/new/[0-9a-f]{32}/check/", check_url)
    assert Incident.objects.count() == 0  # nothing is stored until the report is submitted

    page = handler_client.get(check_url)
    assert "Check the report before you submit it" in page.content.decode()

    response = handler_client.post(check_url, {"case": "new", "officer": str(officer.pk)})
    case = Case.objects.get()
    assert response.status_code == 302
    # A Personal incident: the victim's risk assessment is asked straight away.
    victim = case.incidents.get().involvements.get().person
    assert response["Location"] == f"/cases/{case.reference}/assess/{victim.pk}/?from=report"
    assert case.officer == officer
    assert case.ward == postcode.ward
    incident = case.incidents.get()
    assert incident.postcode == "ME14 1AA"
    assert incident.involvements.get().person.email == "priya@example.com"

    # The draft is gone: submitting twice does not store the report twice.
    again = handler_client.post(check_url, {"case": "new"})
    assert again.status_code == 302
    assert Incident.objects.count() == 1


def test_bad_answers_show_the_error_summary_and_store_nothing(handler_client):
    bad = answers(
        category="",
        types=[],
        postcode="NOT A CODE",
        **{
            "person-0-email": "not-an-email",
            "occurred_date_0": "31",
            "occurred_date_1": "2",
        },
    )
    response = handler_client.post("/reports/new/", bad)
    assert response.status_code == 200
    messages = error_summary(response)
    assert "Select the category: personal, nuisance or environmental" in messages
    assert "Select at least one type of behaviour" in messages
    assert "Enter a real postcode, like ME14 1XX" in messages
    assert "Enter an email address in the correct format, like name@example.com" in messages
    assert "The date it happened must be a real date" in messages
    assert "<title>Error: Log a report" in response.content.decode()
    assert Incident.objects.count() == Case.objects.count() == Person.objects.count() == 0


def test_a_future_incident_date_is_refused(handler_client):
    future = timezone.localdate() + timezone.timedelta(days=3)
    response = handler_client.post(
        "/reports/new/",
        answers(
            **{
                "occurred_date_0": str(future.day),
                "occurred_date_1": str(future.month),
                "occurred_date_2": str(future.year),
            }
        ),
    )
    assert "The date it happened must be today or in the past" in error_summary(response)


def test_add_another_person_keeps_the_answers_without_errors(handler_client):
    response = handler_client.post("/reports/new/", answers(add_person="1", description="Kept"))
    html = response.content.decode()
    assert "There is a problem" not in html
    assert "Person 2" in html
    assert "Kept" in html


def test_a_known_person_is_offered_and_reused(handler_client, postcode):
    known = PersonFactory(
        first_name="Priya", last_name="Example", phone="07700900555", phone_key="07700900555"
    )
    check_url = handler_client.post("/reports/new/", answers())["Location"]
    page = handler_client.get(check_url).content.decode()
    assert "Is this someone already known?" in page
    assert "same name, same phone" in page

    missing_choice = handler_client.post(check_url, {"case": "new"})
    assert "Select whether this is a person already known" in error_summary(missing_choice)
    assert Incident.objects.count() == 0

    handler_client.post(check_url, {"case": "new", "person_0": str(known.pk)})
    assert Incident.objects.get().involvements.get().person == known
    assert Person.objects.count() == 1


def test_an_open_case_for_the_same_victim_is_offered(handler_client, postcode):
    first_check = handler_client.post("/reports/new/", answers())["Location"]
    handler_client.post(first_check, {"case": "new"})
    case = Case.objects.get()
    person = Person.objects.get()

    check_url = handler_client.post("/reports/new/", answers())["Location"]
    page = handler_client.get(check_url).content.decode()
    assert f"Add to {case.reference}" in page

    handler_client.post(check_url, {"case": case.reference, "person_0": str(person.pk)})
    assert Case.objects.count() == 1
    assert case.incidents.count() == 2


def test_roles_that_do_not_log_reports_are_refused(client, django_user_model, agency):
    from tests.factories import UserFactory

    analyst = UserFactory(agency=agency, role="analyst")
    client.force_login(analyst)
    assert client.get("/reports/new/").status_code == 403


def test_signed_out_users_are_sent_to_sign_in(client):
    response = client.get("/reports/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=/reports/new/")
