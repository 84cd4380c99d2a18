"""Each kind of thing done writes the event it should: who, what, which record, from where."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from rest_framework.test import APIClient

from tandem.audit.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD
from tests.helpers import log_report

pytestmark = pytest.mark.django_db

BROWSER = {"REMOTE_ADDR": "203.0.113.20", "HTTP_USER_AGENT": "Mozilla/5.0 (Tandem test)"}


def client_for(user) -> Client:
    client = Client(**BROWSER)
    client.force_login(user)
    return client


@pytest.fixture
def case(officer, postcode):
    return log_report(officer, officer=officer).case


@pytest.fixture
def foreign_case(other_officer, postcode):
    return log_report(other_officer, officer=other_officer).case


def latest(**filters) -> AuditEvent:
    return AuditEvent.objects.filter(**filters).latest("id")


def test_a_case_view_says_who_which_case_when_and_from_where(officer, case):
    client_for(officer).get(f"/cases/{case.reference}/")
    event = latest(action=AuditAction.VIEW)
    assert (event.actor, event.actor_agency) == (officer, officer.agency)
    assert (event.object_type, event.object_id) == ("case", case.reference)
    assert event.case_reference == case.reference
    assert event.ip_address == "203.0.113.20"
    assert event.user_agent == "Mozilla/5.0 (Tandem test)"


def test_a_search_records_its_filters_and_count(officer, case):
    client_for(officer).get("/cases/", {"scope": "agency"})
    event = latest(action=AuditAction.SEARCH, actor=officer)
    assert event.object_type == "case"
    assert event.detail["scope"] == "agency"
    assert event.detail["count"] == 1


def test_an_export_is_recorded(officer, case):
    client_for(officer).get(f"/cases/{case.reference}/summary/")
    event = latest(action=AuditAction.EXPORT)
    assert (event.actor, event.case_reference) == (officer, case.reference)


def test_a_change_lists_the_fields_changed_not_their_values(officer, case):
    response = client_for(officer).post(
        f"/cases/{case.reference}/status/", {"status": "in_progress", "note": "Visited"}
    )
    assert response.status_code == 302
    event = latest(action=AuditAction.UPDATE, object_type="case")
    assert event.detail["fields"] == ["status"]
    assert "Visited" not in str(event.detail)
    # Made through a page, it says from where, although a service wrote it.
    assert event.ip_address == "203.0.113.20"


def test_a_record_not_yours_to_see_is_a_refusal_with_the_reference(officer, foreign_case):
    response = client_for(officer).get(f"/cases/{foreign_case.reference.lower()}/")
    assert response.status_code == 404
    event = latest(action=AuditAction.DENIED)
    assert event.actor == officer
    assert event.case_reference == foreign_case.reference
    assert (event.object_type, event.object_id) == ("case", foreign_case.reference.lower())
    assert event.detail["status"] == 404
    assert event.detail["view"] == "cases:detail"
    # The lead agency's auditors will see the attempt on their case.
    assert event.ip_address == "203.0.113.20"


def test_a_person_on_a_case_not_yours_is_a_refusal_naming_the_person(officer, case):
    client_for(officer).get(f"/people/999999/cases/{case.reference}/vulnerability/")
    event = latest(action=AuditAction.DENIED)
    assert (event.object_type, event.object_id) == ("person", "999999")
    assert event.case_reference == case.reference


def test_a_page_your_role_may_not_use_is_a_refusal(call_handler, case):
    assert client_for(call_handler).get(f"/cases/{case.reference}/close/").status_code == 403
    event = latest(action=AuditAction.DENIED)
    assert (event.actor, event.detail["status"]) == (call_handler, 403)


def test_refusals_over_the_api_are_recorded_too(officer, call_handler, foreign_case):
    client = APIClient()
    client.force_authenticate(officer)
    assert client.get(f"/api/v1/cases/{foreign_case.reference}/").status_code == 404
    assert latest(action=AuditAction.DENIED).case_reference == foreign_case.reference
    client.force_authenticate(call_handler)
    assert client.get("/api/v1/audit/").status_code == 403
    assert latest(action=AuditAction.DENIED).detail["view"] == "api:audit-list"


def test_a_mistyped_address_is_not_a_refusal(officer):
    assert client_for(officer).get("/no-such-page/").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.DENIED).exists()


def test_sign_in_failure_and_success(officer):
    client = Client(**BROWSER)
    client.post("/sign-in/", {"username": "officer", "password": "wrong-password-here"})
    failed = latest(action=AuditAction.SIGN_IN_FAILED)
    assert failed.actor is None
    assert failed.detail["username"] == "officer"
    assert failed.ip_address == "203.0.113.20"

    client.post("/sign-in/", {"username": "officer", "password": TEST_PASSWORD})
    assert latest(action=AuditAction.SIGN_IN).actor == officer


class TestDjangoAdmin:
    @pytest.fixture
    def client(self, db):
        from tandem.accounts.models import User

        root = User.objects.create_superuser("root", "root@example.com", "not-used-in-tests-1")
        return client_for(root), root

    def test_a_change_records_the_fields_in_the_same_request(self, client):
        client, root = client
        group = Group.objects.create(name="Readers")
        response = client.post(
            f"/admin/auth/group/{group.pk}/change/", {"name": "Auditors", "permissions": []}
        )
        assert response.status_code == 302
        event = latest(actor=root, action=AuditAction.UPDATE)
        assert (event.object_type, event.object_id) == ("admin:auth.group", str(group.pk))
        assert event.detail["fields"] == ["Name"]

    def test_lists_and_objects_are_searches_and_views(self, client, officer):
        client, root = client
        client.get("/admin/accounts/user/")
        assert latest(actor=root).action == AuditAction.SEARCH
        client.get(f"/admin/accounts/user/{officer.pk}/change/")
        event = latest(actor=root)
        assert (event.action, event.object_id) == (AuditAction.VIEW, str(officer.pk))
