from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tandem.accounts.models import Role
from tandem.audit.models import AuditEvent
from tandem.cases.selectors import case_get_visible, cases_visible_to
from tandem.referrals.models import ReferralService, ReferralStatus, Task
from tandem.referrals.services import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_make,
    task_complete,
    task_create,
)
from tests.factories import AgencyFactory, CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def refer(case, officer, service):
    return referral_make(case=case, actor=officer, service=service, reason="Neighbour dispute")


def test_the_services_are_configurable_data():
    assert set(ReferralService.objects.values_list("code", flat=True)) >= {
        "mediation",
        "victim-support",
        "floating-support",
        "supporting-families",
        "social-care",
        "mental-health",
        "youth-offending",
    }


def test_lifecycle_requested_accepted_completed(case, officer, partner_worker, mediation):
    referral = refer(case, officer, mediation)
    assert referral.status == ReferralStatus.REQUESTED
    assert referral.to_agency == partner_worker.agency
    referral_accept(referral=referral, actor=partner_worker)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.responded_by == partner_worker
    with pytest.raises(ValidationError):
        referral_accept(referral=referral, actor=partner_worker)
    referral_complete(referral=referral, actor=partner_worker, outcome="Agreement reached")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.completed_at
    assert (
        AuditEvent.objects.filter(object_type="referral", object_id=str(referral.pk)).count() == 3
    )


def test_decline_needs_a_reason(case, officer, partner_worker, mediation):
    referral = refer(case, officer, mediation)
    with pytest.raises(ValidationError):
        referral_decline(referral=referral, actor=partner_worker, reason=" ")
    referral_decline(referral=referral, actor=partner_worker, reason="Not in our area")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    with pytest.raises(ValidationError):
        referral_complete(referral=referral, actor=partner_worker)


def test_a_service_without_an_agency_needs_one_chosen(case, officer, partner):
    service = ReferralService.objects.get(code="social-care")
    with pytest.raises(ValidationError) as error:
        refer(case, officer, service)
    assert "to_agency" in error.value.message_dict
    referral = referral_make(
        case=case, actor=officer, service=service, reason="Support", to_agency=partner
    )
    assert referral.to_agency == partner
    with pytest.raises(ValidationError):
        referral_make(
            case=case, actor=officer, service=service, reason="x", to_agency=officer.agency
        )


@pytest.mark.parametrize(
    ("who", "may_make", "may_answer"),
    [
        ("lead officer", True, False),
        ("lead supervisor", True, False),
        ("lead call handler", False, False),
        ("lead analyst", False, False),
        ("partner worker", False, True),
        ("partner officer", False, True),
        ("partner analyst", False, False),
        ("third agency officer", False, False),
    ],
)
def test_permission_matrix(case, officer, partner, mediation, who, may_make, may_answer):
    agency = {"lead": officer.agency, "partner": partner, "third": AgencyFactory()}[who.split()[0]]
    role = {
        "officer": Role.CASE_OFFICER,
        "supervisor": Role.SUPERVISOR,
        "handler": Role.CALL_HANDLER,
        "analyst": Role.ANALYST,
        "worker": Role.PARTNER_WORKER,
    }[who.split()[-1]]
    user = UserFactory(agency=agency, role=role)
    if may_make:
        assert refer(case, user, mediation)
    else:
        with pytest.raises(PermissionDenied):
            refer(case, user, mediation)
    for action in (
        lambda r: referral_accept(referral=r, actor=user),
        lambda r: referral_decline(referral=r, actor=user, reason="No"),
    ):
        referral = refer(case, officer, mediation)
        if may_answer:
            action(referral)
        else:
            with pytest.raises(PermissionDenied):
                action(referral)
    accepted = refer(case, officer, mediation)
    referral_accept(referral=accepted, actor=UserFactory(agency=partner, role=Role.PARTNER_WORKER))
    if may_answer:
        referral_complete(referral=accepted, actor=user)
    else:
        with pytest.raises(PermissionDenied):
            referral_complete(referral=accepted, actor=user)


def test_visibility_follows_only_an_accepted_referral(case, officer, partner_worker, mediation):
    third = UserFactory(agency=AgencyFactory(), role=Role.CASE_OFFICER)
    page = Client()
    page.force_login(partner_worker)
    api = APIClient()
    api.force_authenticate(partner_worker)
    url, api_url = f"/cases/{case.reference}/", f"/api/v1/cases/{case.reference}/"

    def sees() -> bool:
        visible = case in cases_visible_to(partner_worker)
        assert (page.get(url).status_code == 200) == visible
        assert (api.get(api_url).status_code == 200) == visible
        listed = [c["reference"] for c in api.get("/api/v1/cases/?scope=agency").json()["results"]]
        assert (case.reference in listed) == visible
        return visible

    referral = refer(case, officer, mediation)
    assert not sees()  # requested: the inbox only
    referral_accept(referral=referral, actor=partner_worker)
    assert sees()
    assert case_get_visible(partner_worker, case.reference) == case
    with pytest.raises(Http404):
        case_get_visible(third, case.reference)
    referral_complete(referral=referral, actor=partner_worker)
    assert not sees()  # completed: the purpose is served

    declined = refer(case, officer, mediation)
    referral_decline(referral=declined, actor=partner_worker, reason="Full")
    assert not sees()
    assert not cases_visible_to(third).exists()


def test_two_referrals_do_not_duplicate_the_case(case, officer, partner_worker, mediation):
    for _ in range(2):
        referral_accept(referral=refer(case, officer, mediation), actor=partner_worker)
    assert list(cases_visible_to(partner_worker)) == [case]


def test_queue_query_count_is_unchanged_by_referrals(officer, partner_worker, mediation):
    client = Client()
    client.force_login(partner_worker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/cases/?scope=agency").status_code == 200
        return len(context.captured_queries)

    cases = CaseFactory.create_batch(2, lead_agency=officer.agency)
    for case in cases:
        referral_accept(referral=refer(case, officer, mediation), actor=partner_worker)
    few = queries()
    for case in CaseFactory.create_batch(8, lead_agency=officer.agency):
        referral_accept(referral=refer(case, officer, mediation), actor=partner_worker)
    assert queries() == few


def test_inbox_shows_minimal_details_and_answers(case, officer, partner_worker, mediation):
    referral = refer(case, officer, mediation)
    client = Client()
    client.force_login(partner_worker)
    page = client.get("/referrals/").content.decode()
    assert "Mediation" in page
    assert "Neighbour dispute" in page
    assert officer.agency.name in page
    assert "Jane" not in page
    assert "Acacia Road" not in page
    response = client.post(f"/referrals/{referral.pk}/accept/")
    assert response.status_code == 302
    assert response.url == f"/cases/{case.reference}/"
    assert "Jane" in client.get(response.url).content.decode()
    response = client.post(f"/referrals/{referral.pk}/complete/", {"outcome": "Done"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED


def test_inbox_decline_page(case, officer, partner_worker, mediation):
    referral = refer(case, officer, mediation)
    client = Client()
    client.force_login(partner_worker)
    url = f"/referrals/{referral.pk}/decline/"
    assert "Give the reason" in client.post(url, {"decline_reason": ""}).content.decode()
    assert client.post(url, {"decline_reason": "Full"}).status_code == 302
    # Another agency's staff cannot reach it at all.
    stranger = Client()
    stranger.force_login(UserFactory(agency=AgencyFactory(), role=Role.PARTNER_WORKER))
    assert stranger.get(url).status_code == 404


def test_make_referral_page(signed_in_client, case, mediation):
    page = signed_in_client.get(f"/cases/{case.reference}/").content.decode()
    assert f"/cases/{case.reference}/referrals/new/" in page
    response = signed_in_client.post(
        f"/cases/{case.reference}/referrals/new/", {"service": mediation.pk, "reason": ""}
    )
    assert "Give the reason for the referral" in response.content.decode()
    response = signed_in_client.post(
        f"/cases/{case.reference}/referrals/new/",
        {"service": mediation.pk, "reason": "Dispute"},
    )
    assert response.status_code == 302
    assert case.referrals.get().to_agency == mediation.agency


def test_tasks_for_a_user_or_an_agency(case, officer, supervisor, partner, partner_worker):
    with pytest.raises(ValidationError):
        task_create(case=case, actor=officer, title="Call back")
    mine = task_create(case=case, actor=officer, title="Call back", assigned_user=supervisor)
    theirs = task_create(case=case, actor=officer, title="Visit", assigned_agency=partner)
    task_complete(task=mine, actor=supervisor)
    with pytest.raises(ValidationError):
        task_complete(task=mine, actor=supervisor)
    outsider = UserFactory(agency=AgencyFactory(), role=Role.CASE_OFFICER)
    with pytest.raises(PermissionDenied):
        task_complete(task=theirs, actor=outsider)
    task_complete(task=theirs, actor=partner_worker)
    assert Task.objects.filter(done_at__isnull=False).count() == 2


def test_task_pages(signed_in_client, case, officer):
    url = f"/cases/{case.reference}/tasks/new/"
    assert signed_in_client.get(url).status_code == 200
    response = signed_in_client.post(url, {"title": "Ring Jane", "assigned_user": officer.pk})
    assert response.status_code == 302
    task = Task.objects.get()
    assert "Ring Jane" in signed_in_client.get(f"/cases/{case.reference}/").content.decode()
    assert signed_in_client.post(f"/tasks/{task.pk}/done/").status_code == 302
    task.refresh_from_db()
    assert task.done_by == officer
