"""Reading the audit: the auditor's pages, the API, who reads what, and "who has seen this case"."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tandem.audit.models import AuditAction, AuditEvent, PartnershipAuditTeam
from tandem.audit.selectors import audit_events_visible_to, case_viewers
from tandem.audit.services import audit_record
from tests.factories import UserFactory
from tests.helpers import log_report

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def case(officer, postcode):
    return log_report(officer, officer=officer).case


@pytest.fixture
def foreign_case(other_officer, postcode):
    return log_report(other_officer, officer=other_officer).case


def view(user, case):
    return audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="case",
        object_id=case.reference,
        case_reference=case.reference,
    )


class TestWhoReadsWhat:
    def test_an_agencys_auditor_reads_its_staff_and_its_cases(
        self, auditor, officer, other_officer, case, foreign_case
    ):
        mine = view(officer, case)  # our officer, our case
        partner_on_ours = view(other_officer, case)  # their officer, our case
        ours_on_theirs = view(officer, foreign_case)  # our officer, their case
        theirs = view(other_officer, foreign_case)  # their officer, their case
        failed = audit_record(actor=None, action=AuditAction.SIGN_IN_FAILED)

        visible = set(audit_events_visible_to(auditor).values_list("pk", flat=True))

        assert {mine.pk, partner_on_ours.pk, ours_on_theirs.pk} <= visible
        assert theirs.pk not in visible
        assert failed.pk not in visible

    def test_a_partnership_wide_team_reads_everything(
        self, other_auditor, officer, case, other_agency
    ):
        event = view(officer, case)
        failed = audit_record(actor=None, action=AuditAction.SIGN_IN_FAILED)
        assert not audit_events_visible_to(other_auditor).filter(pk=event.pk).exists()

        PartnershipAuditTeam.objects.create(agency=other_agency)

        visible = audit_events_visible_to(other_auditor)
        assert visible.filter(pk=event.pk).exists()
        assert visible.filter(pk=failed.pk).exists()

    @pytest.mark.parametrize("role", ["case_officer", "supervisor", "administrator", "analyst"])
    def test_other_roles_read_nothing(self, agency, officer, case, role):
        view(officer, case)
        user = UserFactory(username=f"not-{role}", agency=agency, role=role)
        assert not audit_events_visible_to(user).exists()
        assert client_for(user).get("/audit/").status_code == 403
        assert api_for(user).get("/api/v1/audit/").status_code == 403


class TestSearchPage:
    def test_finds_a_partners_views_of_our_case_and_records_the_search(
        self, auditor, officer, other_officer, case
    ):
        view(other_officer, case)
        response = client_for(auditor).get(
            "/audit/", {"case": case.reference.lower(), "action": "view"}
        )

        html = response.content.decode()
        assert response.status_code == 200
        assert "1 event," in html
        assert other_officer.username in html
        assert "Test Police" in html
        search = AuditEvent.objects.get(actor=auditor, object_type="audit")
        assert search.action == AuditAction.SEARCH
        assert search.detail["filters"] == {"case_reference": case.reference, "action": "view"}
        assert search.detail["count"] == 1

    def test_filters_by_user_action_and_dates(self, auditor, officer, supervisor, case):
        view(officer, case)
        view(supervisor, case)
        audit_record(actor=officer, action=AuditAction.SEARCH, object_type="case")
        today = timezone.localdate()
        client = client_for(auditor)

        def count(**params):
            page = client.get("/audit/", params).context["page"]
            return page.paginator.count

        assert count(user="OFFICER", action="view") == 1
        assert count(user="officer") >= 2
        assert (
            count(
                action="view",
                date_from_0=today.day,
                date_from_1=today.month,
                date_from_2=today.year,
            )
            == 2
        )
        tomorrow = today + timedelta(days=1)
        assert (
            count(date_from_0=tomorrow.day, date_from_1=tomorrow.month, date_from_2=tomorrow.year)
            == 0
        )

    def test_a_wrong_date_range_is_an_error_not_a_search(self, auditor):
        response = client_for(auditor).get(
            "/audit/",
            {
                "date_from_0": "2",
                "date_from_1": "1",
                "date_from_2": "2026",
                "date_to_0": "1",
                "date_to_1": "1",
                "date_to_2": "2026",
            },
        )
        html = response.content.decode()
        assert "There is a problem" in html
        assert "must be the same as or after" in html
        assert response.context["page"] is None
        assert not AuditEvent.objects.filter(actor=auditor, object_type="audit").exists()

    def test_constant_queries_whatever_the_number_of_events(
        self, auditor, officer, other_officer, case
    ):
        client = client_for(auditor)

        def queries():
            with CaptureQueriesContext(connection) as context:
                assert client.get("/audit/").status_code == 200
            return len(context.captured_queries)

        view(officer, case)
        few = queries()
        for _ in range(15):
            view(officer, case)
            view(other_officer, case)
        assert queries() == few


class TestEventPage:
    def test_shows_the_event_and_records_the_reading(self, auditor, officer, case, rf):
        request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Mozilla/5.0 Test")
        event = audit_record(
            actor=officer,
            action=AuditAction.UPDATE,
            object_type="case",
            object_id=case.reference,
            case_reference=case.reference,
            detail={"fields": ["status", "closed_at"]},
            request=request,
        )
        response = client_for(auditor).get(f"/audit/{event.pk}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "198.51.100.7" in html
        assert "Mozilla/5.0 Test" in html
        assert "status, closed_at" in html
        assert AuditEvent.objects.filter(
            actor=auditor, action=AuditAction.VIEW, object_type="audit", object_id=str(event.pk)
        ).exists()

    def test_an_event_not_yours_to_read_is_404_and_recorded(
        self, auditor, other_officer, foreign_case
    ):
        theirs = view(other_officer, foreign_case)
        assert client_for(auditor).get(f"/audit/{theirs.pk}/").status_code == 404
        denied = AuditEvent.objects.get(actor=auditor, action=AuditAction.DENIED)
        assert (denied.object_type, denied.object_id) == ("audit", str(theirs.pk))


class TestExport:
    def test_every_matching_event_as_csv_and_the_export_recorded(self, auditor, officer, case, rf):
        request = rf.get("/", HTTP_USER_AGENT="=HYPERLINK(evil)")
        for _ in range(3):
            view(officer, case)
        audit_record(
            actor=officer, action=AuditAction.VIEW, case_reference=case.reference, request=request
        )

        response = client_for(auditor).get(
            "/audit/export.csv", {"case": case.reference, "action": "view"}
        )

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert len(rows) == 4
        assert {row["case_reference"] for row in rows} == {case.reference}
        assert rows[0]["user_agent"] == "'=HYPERLINK(evil)"  # not a formula in a spreadsheet
        export = AuditEvent.objects.get(actor=auditor, action=AuditAction.EXPORT)
        assert (export.object_type, export.detail["count"]) == ("audit", 4)


class TestApi:
    def test_auditor_queries_by_case_and_the_query_is_recorded(
        self, auditor, officer, other_officer, case
    ):
        view(officer, case)
        view(other_officer, case)
        response = api_for(auditor).get(
            "/api/v1/audit/", {"case": case.reference, "action": "view"}
        )

        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2
        assert {row["user"] for row in body["results"]} == {"officer", "otherofficer"}
        assert {row["agency"] for row in body["results"]} == {"TESTCOUNCIL", "TESTPOLICE"}
        recorded = AuditEvent.objects.get(actor=auditor, object_type="audit")
        assert recorded.action == AuditAction.SEARCH
        assert recorded.detail["filters"] == {"case_reference": case.reference, "action": "view"}

    def test_from_to_and_user(self, auditor, officer, supervisor, case):
        view(officer, case)
        view(supervisor, case)
        today = timezone.localdate().isoformat()
        client = api_for(auditor)
        assert (
            client.get("/api/v1/audit/", {"user": "supervisor", "from": today, "to": today}).json()[
                "count"
            ]
            == 1
        )
        assert (
            client.get("/api/v1/audit/", {"from": "2000-01-01", "to": "2000-01-02"}).json()["count"]
            == 0
        )

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"action": "peek"}, "action"),
            ({"from": "2026-02-30"}, "from"),
            ({"from": "2026-02-02", "to": "2026-02-01"}, "to"),
            ({"person": "Jane"}, "person"),
        ],
    )
    def test_bad_parameters_are_400_with_fields(self, auditor, params, field):
        response = api_for(auditor).get("/api/v1/audit/", params)
        assert response.status_code == 400
        assert set(response.json()) == {field}

    def test_is_in_the_schema(self, tmp_path):
        out = tmp_path / "schema.yaml"
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
        operation = yaml.safe_load(out.read_text())["paths"]["/api/v1/audit/"]["get"]
        names = {parameter["name"] for parameter in operation["parameters"]}
        assert {"case", "user", "action", "from", "to", "page"} <= names


class TestWhoHasSeenThisCase:
    def test_supervisors_see_each_viewer_with_counts_and_last_view(
        self, supervisor, officer, other_officer, case
    ):
        view(officer, case)
        view(officer, case)
        view(other_officer, case)
        response = client_for(supervisor).get(f"/cases/{case.reference}/")
        html = response.content.decode()
        assert "Who has seen this case" in html
        viewers = {viewer.username: viewer for viewer in case_viewers(case)}
        # The supervisor's own look at the page is in the list too.
        assert viewers["officer"].views == 2
        assert viewers["otherofficer"].views == 1
        assert viewers["otherofficer"].agency == "Test Police"
        assert viewers["supervisor"].views == 1
        assert "Every audit event for case" not in html  # the audit search is for auditors

    def test_auditors_get_a_link_to_the_full_audit(self, auditor, case):
        html = client_for(auditor).get(f"/cases/{case.reference}/").content.decode()
        assert "Who has seen this case" in html
        assert f"/audit/?case={case.reference}" in html

    def test_officers_and_partners_do_not_see_it(self, officer, case):
        html = client_for(officer).get(f"/cases/{case.reference}/").content.decode()
        assert "Who has seen this case" not in html

    def test_one_query_however_many_viewers(self, case, agency):
        for index in range(12):
            view(UserFactory(username=f"viewer{index}", agency=agency), case)
        with CaptureQueriesContext(connection) as context:
            viewers = case_viewers(case)
        assert len(viewers) == 12
        assert len(context.captured_queries) == 1
