from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tandem.accounts.models import Role
from tandem.audit.models import AuditAction, AuditEvent
from tandem.cases.models import Case, CaseStatus
from tandem.incidents.models import Incident, IncidentType
from tandem.people.models import Person
from tests.api.payloads import INCIDENTS_URL, counts, person_payload, report_payload
from tests.factories import CaseFactory, PersonFactory, UserFactory, WardFactory


@pytest.mark.django_db
class TestLogIncident:
    def test_creates_incident_case_and_people(self, api_client, officer, postcode, ward):
        response = api_client.post(INCIDENTS_URL, report_payload(), format="json")

        assert response.status_code == 201, response.json()
        body = response.json()
        assert re.fullmatch(r"ASB-\d{4}-[0-9A-Z]{5}", body["case"])
        assert re.fullmatch(r"INC-\d{4}-[0-9A-Z]{5}", body["reference"])
        assert body["receiving_agency"] == officer.agency.code
        assert body["category"] == {"code": "nuisance", "name": "Nuisance"}
        assert [t["code"] for t in body["types"]] == ["noise"]
        assert body["location"]["postcode"] == "ME14 1AA"
        assert body["location"]["ward"] == {"code": "E05009999", "name": "Bridge"}

        incident = Incident.objects.get(reference=body["reference"])
        assert incident.case.reference == body["case"]
        assert incident.ward == ward
        assert incident.case.ward == ward
        assert incident.case.lead_agency == officer.agency
        assert incident.created_by == officer

        [person] = body["people"]
        assert person["role"] == "victim"
        assert person["matched_existing"] is False
        assert person["possible_matches"] == []
        stored = Person.objects.get(pk=person["person_id"])
        assert (stored.first_name, stored.last_name) == ("Sam", "Smith")
        assert stored.date_of_birth == date(1980, 1, 2)
        assert stored.email == "sam@example.org"
        assert incident.involvements.get().person == stored

    def test_reported_at_defaults_to_now(self, api_client):
        payload = report_payload()
        del payload["reported_at"]
        before = timezone.now()

        response = api_client.post(INCIDENTS_URL, payload, format="json")

        assert response.status_code == 201, response.json()
        incident = Incident.objects.get(reference=response.json()["reference"])
        assert before <= incident.reported_at <= timezone.now()

    def test_ward_given_by_code(self, api_client):
        other_ward = WardFactory(name="Shepway", ons_code="E05001234")
        payload = report_payload(
            location={"address": "Field behind the school", "ward": "e05001234"}, people=[]
        )

        response = api_client.post(INCIDENTS_URL, payload, format="json")

        assert response.status_code == 201, response.json()
        assert Incident.objects.get().ward == other_ward

    def test_coordinates_are_rounded_and_stored(self, api_client):
        payload = report_payload(
            location={"address": "Bus stop", "latitude": 51.27451234, "longitude": 0.5223456}
        )

        response = api_client.post(INCIDENTS_URL, payload, format="json")

        assert response.status_code == 201, response.json()
        location = response.json()["location"]
        assert location["latitude"] == pytest.approx(51.274512)
        assert location["longitude"] == pytest.approx(0.522346)
        assert location["ward"] is None

    def test_adds_to_an_existing_case(self, api_client, logged_case):
        payload = report_payload(case=logged_case.lower(), people=[])

        response = api_client.post(INCIDENTS_URL, payload, format="json")

        assert response.status_code == 201, response.json()
        assert response.json()["case"] == logged_case
        assert Case.objects.count() == 1
        assert Case.objects.get().incidents.count() == 2

    def test_records_who_logged_it(self, api_client, officer):
        response = api_client.post(INCIDENTS_URL, report_payload(), format="json")

        event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="incident")
        assert event.actor == officer
        assert event.object_id == response.json()["reference"]
        assert event.case_reference == response.json()["case"]

    def test_hate_incident_with_strands(self, api_client):
        payload = report_payload(hate_motivated=True, hate_strands=["race", "religion-belief"])

        response = api_client.post(INCIDENTS_URL, payload, format="json")

        assert response.status_code == 201, response.json()
        assert {s["code"] for s in response.json()["hate_strands"]} == {"race", "religion-belief"}
        assert Case.objects.get().hate_motivated is True


@pytest.mark.django_db
class TestPersonMatching:
    def test_links_exactly_one_strong_match(self, api_client):
        known = PersonFactory(first_name="Sam", last_name="Smith", date_of_birth=date(1980, 1, 2))

        response = api_client.post(
            INCIDENTS_URL,
            report_payload(people=[person_payload(date_of_birth="1980-01-02")]),
            format="json",
        )

        assert response.status_code == 201, response.json()
        [person] = response.json()["people"]
        assert person["person_id"] == known.pk
        assert person["matched_existing"] is True
        assert Person.objects.count() == 1
        assert Incident.objects.get().involvements.get().person == known

    def test_ambiguous_strong_matches_create_a_new_person(self, api_client):
        first = PersonFactory(first_name="Sam", last_name="Smith", date_of_birth=date(1980, 1, 2))
        second = PersonFactory(first_name="Sam", last_name="Smith", date_of_birth=date(1980, 1, 2))

        response = api_client.post(
            INCIDENTS_URL,
            report_payload(people=[person_payload(date_of_birth="1980-01-02")]),
            format="json",
        )

        assert response.status_code == 201, response.json()
        [person] = response.json()["people"]
        assert person["matched_existing"] is False
        assert person["person_id"] not in {first.pk, second.pk}
        assert {m["id"] for m in person["possible_matches"]} == {first.pk, second.pk}
        assert person["possible_matches"][0]["reasons"] == ["same name", "same date of birth"]
        assert person["possible_matches"][0]["confidence"] >= 0.9
        assert Person.objects.count() == 3

    def test_weak_match_is_offered_not_linked(self, api_client):
        # The same name and phone, but a different date of birth: a father and son, perhaps.
        namesake = PersonFactory(
            first_name="Sam", last_name="Smith", phone="07700900123", date_of_birth=date(1955, 3, 4)
        )

        response = api_client.post(
            INCIDENTS_URL,
            report_payload(
                people=[person_payload(phone="07700 900 123", date_of_birth="1980-01-02")]
            ),
            format="json",
        )

        assert response.status_code == 201, response.json()
        [person] = response.json()["people"]
        assert person["matched_existing"] is False
        [match] = person["possible_matches"]
        assert (match["id"], match["name"]) == (namesake.pk, "Sam Smith")
        assert match["reasons"] == ["same name", "same phone"]
        assert 0.6 <= match["confidence"] < 0.9

    def test_a_shared_phone_alone_is_not_offered(self, api_client):
        PersonFactory(first_name="Jo", last_name="Jones", phone="07700900123")

        response = api_client.post(
            INCIDENTS_URL,
            report_payload(people=[person_payload(phone="07700 900 123")]),
            format="json",
        )

        assert response.status_code == 201, response.json()
        assert response.json()["people"][0]["possible_matches"] == []

    def test_several_people_keep_their_order(self, api_client):
        known = PersonFactory(first_name="Pat", last_name="Perp", email="pat@example.org")
        people = [
            person_payload(first_name="Vic", last_name="Tim"),
            person_payload(
                role="alleged_perpetrator",
                first_name="Pat",
                last_name="Perp",
                email="PAT@example.org",
            ),
            person_payload(role="witness", first_name="Wes", last_name="Ness"),
        ]

        response = api_client.post(INCIDENTS_URL, report_payload(people=people), format="json")

        assert response.status_code == 201, response.json()
        returned = response.json()["people"]
        names = [Person.objects.get(pk=p["person_id"]).full_name for p in returned]
        assert names == ["Vic Tim", "Pat Perp", "Wes Ness"]
        assert [p["role"] for p in returned] == ["victim", "alleged_perpetrator", "witness"]
        assert returned[1]["person_id"] == known.pk


DROP = object()  # leave the field out of the request


def _ago(hours: float) -> str:
    return (timezone.now() - timedelta(hours=hours)).isoformat()


def _future() -> str:
    return _ago(-48)


def _location(**fields: Any) -> dict[str, Any]:
    return {"address": "1 High Street", **fields}


REJECTIONS = [
    pytest.param({"occurred_at": _future()}, ["occurred_at"], id="occurred-in-future"),
    pytest.param({"reported_at": _future()}, ["reported_at"], id="reported-in-future"),
    pytest.param(
        {"occurred_at": _ago(1), "reported_at": _ago(2)},
        ["occurred_at"],
        id="occurred-after-reported",
    ),
    pytest.param({"occurred_at": "yesterday"}, ["occurred_at"], id="malformed-date"),
    pytest.param({"category": DROP}, ["category"], id="missing-category"),
    pytest.param({"category": "spooky"}, ["category"], id="unknown-category"),
    pytest.param({"types": ["noise", "loud-socks"]}, ["types"], id="unknown-type"),
    pytest.param({"types": []}, ["types"], id="no-types"),
    pytest.param({"channel": "pigeon"}, ["channel"], id="unknown-channel"),
    pytest.param({"description": ""}, ["description"], id="blank-description"),
    pytest.param({"hate_strands": ["race"]}, ["hate_strands"], id="strands-without-hate"),
    pytest.param({"hate_motivated": True}, ["hate_strands"], id="hate-without-strands"),
    pytest.param(
        {"hate_strands": ["gnomes"], "hate_motivated": True}, ["hate_strands"], id="unknown-strand"
    ),
    pytest.param(
        {"location": _location(postcode="NOT A CODE")},
        ["location", "postcode"],
        id="malformed-postcode",
    ),
    pytest.param(
        {"location": {"postcode": "ME14 1AA"}}, ["location", "address"], id="missing-address"
    ),
    pytest.param(
        {"location": _location(ward="E05000000")}, ["location", "ward"], id="unknown-ward"
    ),
    pytest.param(
        {"location": _location(latitude=51.2)},
        ["location", "longitude"],
        id="latitude-without-longitude",
    ),
    pytest.param(
        {"location": _location(latitude=91, longitude=0)},
        ["location", "latitude"],
        id="latitude-out-of-range",
    ),
    pytest.param(
        {"people": [person_payload(email="sam-at-example")]},
        ["people", "0", "email"],
        id="malformed-email",
    ),
    pytest.param(
        {"people": [person_payload(), person_payload(postcode="XYZ")]},
        ["people", "1", "postcode"],
        id="malformed-person-postcode",
    ),
    pytest.param(
        {"people": [person_payload(date_of_birth="2999-01-01")]},
        ["people", "0", "date_of_birth"],
        id="born-in-future",
    ),
    pytest.param(
        {"people": [person_payload(last_name="")]},
        ["people", "0", "last_name"],
        id="missing-last-name",
    ),
    pytest.param(
        {"people": [person_payload(role="bystander")]}, ["people", "0", "role"], id="unknown-role"
    ),
    pytest.param(
        {"people": [person_payload(preferred_channel="fax")]},
        ["people", "0", "preferred_channel"],
        id="unknown-contact-channel",
    ),
    pytest.param({"receiving_agency": "TESTPOLICE"}, ["receiving_agency"], id="another-agency"),
    pytest.param({"case": "ASB-2026-ZZZZZ"}, ["case"], id="no-such-case"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "error_path"), REJECTIONS)
def test_rejections_name_the_field_and_save_nothing(
    api_client, postcode, other_agency, changes, error_path
):
    payload = {
        name: value for name, value in report_payload(**changes).items() if value is not DROP
    }
    before = counts()

    response = api_client.post(INCIDENTS_URL, payload, format="json")

    assert response.status_code == 400, response.json()
    error: Any = response.json()
    for step in error_path:
        error = error[step]
    assert isinstance(error, list)
    assert error
    assert all(isinstance(message, str) and message for message in error)
    assert counts() == before


@pytest.mark.django_db
def test_unknown_type_is_named(api_client):
    response = api_client.post(
        INCIDENTS_URL, report_payload(types=["noise", "loud-socks"]), format="json"
    )

    assert response.status_code == 400
    assert "loud-socks" in response.json()["types"][0]


@pytest.mark.django_db
def test_inactive_type_is_refused(api_client):
    IncidentType.objects.filter(code="noise").update(active=False)

    response = api_client.post(INCIDENTS_URL, report_payload(types=["noise"]), format="json")

    assert response.status_code == 400
    assert "types" in response.json()


@pytest.mark.django_db
def test_another_agencys_case_looks_like_a_missing_one(api_client, other_agency):
    theirs = CaseFactory(lead_agency=other_agency)
    before = counts()

    hidden = api_client.post(INCIDENTS_URL, report_payload(case=theirs.reference), format="json")
    missing = api_client.post(INCIDENTS_URL, report_payload(case="ASB-2026-ZZZZZ"), format="json")

    assert hidden.status_code == missing.status_code == 400
    assert hidden.json() == missing.json() == {"case": ["There is no such case."]}
    assert counts() == before


@pytest.mark.django_db
def test_closed_case_is_refused_by_the_service(api_client, agency):
    closed = CaseFactory(lead_agency=agency, status=CaseStatus.CLOSED, closed_at=timezone.now())
    before = counts()

    response = api_client.post(INCIDENTS_URL, report_payload(case=closed.reference), format="json")

    assert response.status_code == 400
    assert "closed" in response.json()["case"][0]
    assert counts() == before


@pytest.mark.django_db
def test_own_agency_may_be_given(api_client, agency):
    response = api_client.post(
        INCIDENTS_URL, report_payload(receiving_agency=agency.code.lower()), format="json"
    )

    assert response.status_code == 201, response.json()


@pytest.mark.django_db
class TestWhoMayLog:
    def test_call_handler_may_log(self, call_handler):
        client = APIClient()
        client.force_authenticate(call_handler)

        response = client.post(INCIDENTS_URL, report_payload(), format="json")

        assert response.status_code == 201, response.json()

    def test_analyst_may_not(self, agency):
        client = APIClient()
        client.force_authenticate(UserFactory(agency=agency, role=Role.ANALYST))
        before = counts()

        response = client.post(INCIDENTS_URL, report_payload(), format="json")

        assert response.status_code == 403
        assert counts() == before

    def test_anonymous_is_refused(self, db):
        response = APIClient().post(INCIDENTS_URL, report_payload(), format="json")

        assert response.status_code == 401
        assert Incident.objects.count() == 0

    def test_session_posts_need_the_csrf_token(self, officer):
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(officer)

        response = client.post(INCIDENTS_URL, report_payload(), format="json")

        assert response.status_code == 403
        assert Incident.objects.count() == 0
