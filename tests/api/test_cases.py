from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tandem.audit.models import AuditAction, AuditEvent
from tandem.cases.models import CaseStatus, Priority
from tests.api.payloads import CASES_URL, INCIDENTS_URL, person_payload, report_payload
from tests.factories import CaseFactory, UserFactory, WardFactory, category


def _references(response) -> list[str]:
    return [row["reference"] for row in response.json()["results"]]


@pytest.mark.django_db
class TestCaseList:
    def test_lists_own_agency_cases_most_urgent_first(self, api_client, agency, other_agency):
        today = timezone.localdate()
        later = CaseFactory(
            lead_agency=agency, priority=Priority.STANDARD, next_deadline=today + timedelta(9)
        )
        sooner = CaseFactory(
            lead_agency=agency, priority=Priority.STANDARD, next_deadline=today + timedelta(2)
        )
        urgent = CaseFactory(
            lead_agency=agency, priority=Priority.HIGH, next_deadline=today + timedelta(20)
        )
        theirs = CaseFactory(lead_agency=other_agency, priority=Priority.HIGH)

        response = api_client.get(CASES_URL)

        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 3
        assert _references(response) == [urgent.reference, sooner.reference, later.reference]
        assert theirs.reference not in _references(response)
        row = body["results"][0]
        assert row["lead_agency"] == agency.code
        assert row["priority"] == 1
        assert row["status"] == "open"

    def test_filters(self, api_client, agency, officer, ward):
        elsewhere = WardFactory()
        mine = CaseFactory(lead_agency=agency, officer=officer, ward=ward)
        colleagues = CaseFactory(lead_agency=agency, ward=elsewhere)
        personal = CaseFactory(lead_agency=agency, category=category("personal"), ward=ward)
        on_hold = CaseFactory(lead_agency=agency, status=CaseStatus.ON_HOLD)
        closed = CaseFactory(lead_agency=agency, status=CaseStatus.CLOSED, closed_at=timezone.now())

        def listed(**params) -> set[str]:
            response = api_client.get(CASES_URL, params)
            assert response.status_code == 200, response.json()
            return set(_references(response))

        everything_open = {mine, colleagues, personal, on_hold}
        assert listed() == {case.reference for case in everything_open}
        assert listed(scope="agency") == listed()
        assert listed(scope="mine") == {mine.reference}
        assert listed(status="on_hold") == {on_hold.reference}
        assert listed(status=["closed", "on_hold"]) == {closed.reference, on_hold.reference}
        assert listed(category="personal") == {personal.reference}
        assert listed(ward=ward.ons_code.lower()) == {mine.reference, personal.reference}

    @pytest.mark.parametrize("params", [{"scope": "everyone"}, {"status": "lost"}])
    def test_bad_filters_are_400(self, api_client, params):
        response = api_client.get(CASES_URL, params)

        assert response.status_code == 400
        assert set(response.json()) == set(params)

    def test_paginated(self, api_client, agency):
        CaseFactory.create_batch(3, lead_agency=agency)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("rest_framework.pagination.PageNumberPagination.page_size", 2)
            first = api_client.get(CASES_URL).json()
            second = api_client.get(first["next"]).json()

        assert first["count"] == 3
        assert len(first["results"]) == 2
        assert len(second["results"]) == 1
        assert second["next"] is None

    def test_query_count_does_not_grow_with_rows(self, api_client, agency, officer, ward):
        def queries() -> int:
            with CaptureQueriesContext(connection) as context:
                response = api_client.get(CASES_URL)
            assert response.status_code == 200
            return len(context.captured_queries)

        CaseFactory.create_batch(2, lead_agency=agency, officer=officer, ward=ward)
        few = queries()
        CaseFactory.create_batch(18, lead_agency=agency, officer=officer, ward=ward)
        many = queries()

        assert api_client.get(CASES_URL).json()["count"] == 20
        assert many == few <= 5  # role permissions, partnership rules, count, page, audit

    def test_audited_as_a_search(self, api_client, officer, agency):
        CaseFactory.create_batch(2, lead_agency=agency)

        api_client.get(CASES_URL, {"status": "open", "category": "nuisance"})

        event = AuditEvent.objects.get(action=AuditAction.SEARCH)
        assert event.actor == officer
        assert event.object_type == "case"
        assert event.detail["count"] == 2
        assert event.detail["filters"]["statuses"] == ["open"]
        assert event.detail["filters"]["category"] == "nuisance"
        assert event.detail["filters"]["scope"] == "agency"


@pytest.mark.django_db
class TestCaseDetail:
    def test_case_with_incidents_and_people(self, api_client, logged_case, ward):
        api_client.post(
            INCIDENTS_URL,
            report_payload(
                case=logged_case,
                types=["noise", "threats-violence"],
                hate_motivated=True,
                hate_strands=["race"],
                people=[person_payload(role="witness", first_name="Wes", last_name="Ness")],
            ),
            format="json",
        )

        response = api_client.get(f"{CASES_URL}{logged_case}/")

        assert response.status_code == 200
        case = response.json()
        assert case["reference"] == logged_case
        assert case["priority"] == Priority.HIGH
        assert case["hate_motivated"] is True
        assert case["ward"]["code"] == ward.ons_code
        assert case["ward"]["district"]["code"] == ward.parent.ons_code
        assert len(case["incidents"]) == 2
        newest, first = case["incidents"]
        assert {t["code"] for t in newest["types"]} == {"noise", "threats-violence"}
        assert [s["code"] for s in newest["hate_strands"]] == ["race"]
        assert newest["location"]["ward"] == {"code": ward.ons_code, "name": ward.name}
        assert newest["people"] == [
            {"id": newest["people"][0]["id"], "name": "Wes Ness", "role": "witness"}
        ]
        assert [p["name"] for p in first["people"]] == ["Sam Smith"]
        assert [event["kind"] for event in case["events"]] == ["incident_added", "opened"]

    def test_lower_case_reference_works(self, api_client, logged_case):
        response = api_client.get(f"{CASES_URL}{logged_case.lower()}/")

        assert response.status_code == 200

    def test_other_agencys_case_is_404_like_a_missing_one(self, api_client, other_agency):
        theirs = CaseFactory(lead_agency=other_agency)

        hidden = api_client.get(f"{CASES_URL}{theirs.reference}/")
        missing = api_client.get(f"{CASES_URL}ASB-2026-ZZZZZ/")

        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()

    def test_audited_as_a_view(self, api_client, officer, logged_case):
        api_client.get(f"{CASES_URL}{logged_case}/")

        event = AuditEvent.objects.get(action=AuditAction.VIEW)
        assert event.actor == officer
        assert event.object_type == "case"
        assert event.case_reference == logged_case


@pytest.mark.django_db
class TestAuthentication:
    def test_token(self, officer, agency):
        CaseFactory(lead_agency=agency)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")

        listed = client.get(CASES_URL)
        logged = client.post(INCIDENTS_URL, report_payload(), format="json")

        assert listed.status_code == 200
        assert listed.json()["count"] == 1
        assert logged.status_code == 201, logged.json()

    def test_session(self, officer, agency):
        CaseFactory(lead_agency=agency)
        client = APIClient()
        client.force_login(officer)

        assert client.get(CASES_URL).json()["count"] == 1

    @pytest.mark.parametrize(
        "url", [CASES_URL, f"{CASES_URL}ASB-2026-ZZZZZ/", "/api/v1/reference/"]
    )
    def test_anonymous_is_401_not_a_redirect(self, db, url):
        response = APIClient().get(url)

        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Token")

    def test_wrong_token_is_401(self, db):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

        assert client.get(CASES_URL).status_code == 401

    def test_user_without_agency_sees_nothing(self, db):
        client = APIClient()
        client.force_authenticate(UserFactory(agency=None, is_superuser=True))
        CaseFactory()

        response = client.get(CASES_URL)

        assert response.status_code == 200
        assert response.json()["count"] == 0
