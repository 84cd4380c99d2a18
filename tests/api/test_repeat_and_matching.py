"""The API's repeat-victim counts and fuzzy possible matches."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from tandem.accounts.models import Role
from tandem.incidents.models import Incident
from tandem.people.models import Person
from tests.api.payloads import INCIDENTS_URL, person_payload, report_payload
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def post(client, **changes):
    response = client.post(INCIDENTS_URL, report_payload(**changes), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_new_victim_is_not_a_repeat(api_client):
    [person] = post(api_client)["people"]
    assert person["repeat_victim"] == {
        "is_repeat": False,
        "incidents_last_12_months": 1,
        "agencies_involved": 1,
    }
    assert person["repeat_perpetrator"] is None


def test_a_victim_reported_to_two_agencies_is_a_repeat_victim(api_client, other_agency):
    first = post(api_client)["people"][0]
    police = APIClient()
    police.force_authenticate(UserFactory(agency=other_agency, role=Role.CALL_HANDLER))

    # Misspelt, but the same date of birth and phone: linked, and counted across agencies.
    [person] = post(
        police,
        description="Eggs at the windows.",
        people=[person_payload(first_name="Samm", date_of_birth="1980-01-02", phone="07700900123")],
    )["people"]

    assert person["matched_existing"] is True
    assert person["person_id"] == first["person_id"]
    assert person["repeat_victim"] == {
        "is_repeat": True,
        "incidents_last_12_months": 2,
        "agencies_involved": 2,
    }


def test_possible_matches_have_confidence_reasons_and_counts(api_client, other_agency):
    post(api_client)  # Sam Smith, born 2 January 1980, victim once
    police = APIClient()
    police.force_authenticate(UserFactory(agency=other_agency, role=Role.CALL_HANDLER))

    # No birth date, phone or email: offered, not linked.
    [person] = post(police, people=[person_payload(first_name="Samuel", last_name="Smith")])[
        "people"
    ]

    assert person["matched_existing"] is False
    [match] = person["possible_matches"]
    assert match["name"] == "Sam Smith"
    assert match["reasons"] == ["similar name", "nickname"]
    assert 0.6 <= match["confidence"] < 0.9
    assert match["repeat"] == {
        "is_repeat": False,
        "incidents_last_12_months": 1,
        "agencies_involved": 1,
    }
    assert set(match) == {"id", "name", "confidence", "reasons", "repeat"}  # no case details


def test_an_alleged_perpetrators_count(api_client):
    perpetrator = person_payload(
        role="alleged_perpetrator", first_name="Pat", last_name="Perp", date_of_birth="1990-02-01"
    )
    post(api_client, people=[perpetrator])
    [again] = post(api_client, people=[perpetrator])["people"]
    assert again["matched_existing"] is True
    assert again["repeat_victim"] is None
    assert again["repeat_perpetrator"]["incidents_last_12_months"] == 2


def test_a_confident_match_without_an_identifier_is_not_linked(api_client):
    known = PersonFactory(
        first_name="Sam", last_name="Smith", address="1 High Street", postcode="ME14 1AA"
    )
    [person] = post(
        api_client,
        people=[person_payload(address="1 High Street", postcode="me141aa")],
    )["people"]
    assert person["matched_existing"] is False
    [match] = person["possible_matches"]
    assert match["id"] == known.pk
    assert match["confidence"] >= 0.9
    assert match["reasons"] == ["same name", "same address"]


def test_merged_records_are_offered_as_the_survivor(api_client, agency):
    from tandem.people.services import person_merge

    survivor = PersonFactory(first_name="Sam", last_name="Smith", date_of_birth=date(1980, 1, 2))
    duplicate = PersonFactory(first_name="Sammy", last_name="Smith", phone="07700900123")
    person_merge(
        survivor=survivor,
        duplicate=duplicate,
        actor=UserFactory(agency=agency, role=Role.SUPERVISOR),
        reason="Same person",
    )
    [person] = post(api_client)["people"]  # Sam Smith, same birth date and phone
    assert person["person_id"] == survivor.pk
    assert person["matched_existing"] is True
    assert Incident.objects.get().involvements.get().person == survivor
    assert Person.objects.count() == 2


def test_happened_before_is_recorded(api_client):
    body = post(api_client, happened_before="no")
    assert body["happened_before"] == "no"
    assert Incident.objects.get().happened_before == "no"
    assert post(api_client)["happened_before"] == ""
    response = api_client.post(
        INCIDENTS_URL, report_payload(happened_before="perhaps"), format="json"
    )
    assert response.status_code == 400
    assert "happened_before" in response.json()


def test_a_second_report_to_the_same_agency_counts_that_agency_once(api_client):
    post(api_client)
    [person] = post(api_client, description="Again, the same music.")["people"]
    assert person["matched_existing"] is True
    assert person["repeat_victim"] == {
        "is_repeat": True,
        "incidents_last_12_months": 2,
        "agencies_involved": 1,
    }


def test_a_report_of_something_long_ago_is_not_counted_in_the_last_12_months(api_client):
    post(api_client)
    [person] = post(
        api_client, occurred_at="2024-01-01T10:00:00Z", reported_at="2024-01-02T10:00:00Z"
    )["people"]
    assert person["matched_existing"] is True
    assert person["repeat_victim"]["incidents_last_12_months"] == 1
    assert person["repeat_victim"]["is_repeat"] is False


def test_the_counts_in_the_response_match_a_fresh_count(api_client, other_agency):
    from tandem.incidents.models import PersonRole
    from tandem.people.selectors import repeat_summaries

    post(api_client)
    police = APIClient()
    police.force_authenticate(UserFactory(agency=other_agency, role=Role.CALL_HANDLER))
    [person] = post(
        police,
        people=[person_payload(first_name="Sam", date_of_birth="1980-01-02", phone="07700900123")],
    )["people"]
    fresh = repeat_summaries([person["person_id"]], role=PersonRole.VICTIM)[person["person_id"]]
    assert person["repeat_victim"]["incidents_last_12_months"] == fresh.incidents_last_12_months
    assert person["repeat_victim"]["agencies_involved"] == fresh.agencies_involved
