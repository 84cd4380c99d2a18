from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.audit.models import AuditEvent
from tests.factories import CaseFactory
from tests.helpers import log_report

pytestmark = pytest.mark.django_db


def test_work_queue_lists_my_cases(signed_in_client, officer):
    case = CaseFactory(lead_agency=officer.agency, officer=officer)
    response = signed_in_client.get("/cases/")
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    assert AuditEvent.objects.filter(action="search", actor=officer).exists()


def test_work_queue_never_shows_other_agencies_cases(signed_in_client, officer, other_officer):
    theirs = CaseFactory(lead_agency=other_officer.agency, officer=other_officer)
    response = signed_in_client.get("/cases/?scope=agency")
    assert theirs.reference not in response.content.decode()


def test_work_queue_paginates_with_constant_queries(signed_in_client, officer, ward, settings):
    settings.TANDEM_WORK_QUEUE_PAGE_SIZE = 10

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert signed_in_client.get(url).status_code == 200
        return len(context.captured_queries)

    CaseFactory.create_batch(3, lead_agency=officer.agency, officer=officer, ward=ward)
    few = queries("/cases/")
    CaseFactory.create_batch(30, lead_agency=officer.agency, officer=officer, ward=ward)
    many = queries("/cases/")
    assert few == many
    second_page = signed_in_client.get("/cases/?page=2").content.decode()
    assert "Page 2 of 4" in second_page


def test_case_page_shows_the_case_and_is_audited(signed_in_client, officer):
    incident = log_report(officer)
    response = signed_in_client.get(f"/cases/{incident.case.reference}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jane Example" in html
    assert "Loud music every night after midnight." in html
    assert AuditEvent.objects.filter(
        action="view", case_reference=incident.case.reference, actor=officer
    ).exists()


def test_another_agencys_case_is_a_404_like_a_missing_one(signed_in_client, other_officer):
    theirs = log_report(other_officer)
    assert signed_in_client.get(f"/cases/{theirs.case.reference}/").status_code == 404
    assert signed_in_client.get("/cases/ASB-2026-NOPE0/").status_code == 404


def test_case_page_query_count_does_not_grow_with_incidents(signed_in_client, officer):
    first = log_report(officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            signed_in_client.get(f"/cases/{first.case.reference}/")
        return len(context.captured_queries)

    one = queries()
    for _ in range(4):
        log_report(officer, case=first.case)
    assert queries() == one
