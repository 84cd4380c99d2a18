from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tandem.alerts.models import Alert
from tandem.risk.services import assessment_record
from tests.risk.conftest import all_answers, personal_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def high_risk_alert(officer, supervisor) -> Alert:
    incident = personal_report(officer)
    assessment_record(
        case=incident.case,
        person=incident.involvements.get().person,
        actor=officer,
        answers=all_answers(fear_physical_safety="yes"),
    )
    return Alert.objects.get(recipient=supervisor)


@pytest.fixture
def supervisor_client(supervisor) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


def test_the_navigation_counts_unread_alerts(supervisor_client, high_risk_alert):
    html = supervisor_client.get("/cases/").content.decode()
    assert ">Alerts <strong" in html
    assert '1<span class="govuk-visually-hidden"> unread</span>' in html


def test_the_count_costs_one_query_and_only_for_signed_in_users(
    supervisor_client, high_risk_alert, client
):
    with CaptureQueriesContext(connection) as context:
        supervisor_client.get("/alerts/")
    counts = [q["sql"] for q in context.captured_queries if "alerts_alert" in q["sql"]]
    assert len([sql for sql in counts if "COUNT(" in sql.upper()]) == 2  # badge + paginator

    with CaptureQueriesContext(connection) as context:
        client.get("/sign-in/")
    assert not [q for q in context.captured_queries if "alerts_alert" in q["sql"]]


def test_the_alerts_page_lists_my_alerts_and_marks_them_read(supervisor_client, high_risk_alert):
    html = supervisor_client.get("/alerts/").content.decode()
    assert f"case {high_risk_alert.case.reference}" in html
    assert "Jane Example was assessed as high risk" in html
    assert "New" in html

    response = supervisor_client.post(f"/alerts/{high_risk_alert.pk}/read/")

    assert response.status_code == 302
    high_risk_alert.refresh_from_db()
    assert high_risk_alert.read_at is not None
    html = supervisor_client.get("/alerts/").content.decode()
    assert "unread</span>" not in html
    assert "Mark as read" not in html


def test_mark_all_as_read(supervisor_client, high_risk_alert):
    response = supervisor_client.post("/alerts/read/", follow=True)
    assert "1 alert marked as read" in response.content.decode()
    assert not Alert.objects.filter(read_at__isnull=True).exists()


def test_other_peoples_alerts_are_invisible(signed_in_client, high_risk_alert):
    assert "high risk" not in signed_in_client.get("/alerts/").content.decode()
    assert signed_in_client.post(f"/alerts/{high_risk_alert.pk}/read/").status_code == 404
    high_risk_alert.refresh_from_db()
    assert high_risk_alert.read_at is None


def test_marking_read_is_a_post(supervisor_client, high_risk_alert):
    assert supervisor_client.get(f"/alerts/{high_risk_alert.pk}/read/").status_code == 405
