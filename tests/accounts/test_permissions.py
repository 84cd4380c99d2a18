"""Roles and permissions as data: each capability allows exactly the roles the table grants it
to, the table changes behaviour without a code change, the record scope narrows or widens what a
role sees, and the table is read once per request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tandem.accounts.default_permissions import DEFAULTS
from tandem.accounts.models import Capability, RecordScope, Role, RolePermissions, User
from tandem.accounts.permissions import role_permissions_changed, user_can, user_record_scope
from tandem.accounts.services import role_permissions_update
from tandem.audit.models import AuditEvent
from tandem.cases.selectors import cases_visible_to
from tandem.people.policies import can_see_sensitive
from tandem.referrals.models import ReferralService
from tandem.referrals.services import referral_accept, referral_make
from tandem.risk.policies import may_lower_band
from tests.factories import AgencyFactory
from tests.helpers import log_report

pytestmark = pytest.mark.django_db


def staff_user(username: str, **fields: Any) -> User:
    """A member of staff without a password (hashing one costs a second; tests sign in with
    ``force_login``)."""
    return User.objects.create(username=username, **fields)


@pytest.fixture
def case(officer):
    """A case of the officer's agency led by someone else (so "own case" rules stay out)."""
    lead = staff_user(username="leadofficer", agency=officer.agency, role=Role.CASE_OFFICER)
    return log_report(officer, officer=lead).case


@pytest.fixture
def staff(agency) -> dict[str, Any]:
    return {
        role: staff_user(username=f"as-{role}", agency=agency, role=role, is_staff=True)
        for role in Role.values
    }


def victim_id(case) -> int:
    return case.incidents.get().involvements.get(role="victim").person_id


def get_status(user, url: str) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


# Each capability, and how to see whether a user has it: a page that answers 200 or 403, or
# the policy function that asks.
PAGES: dict[str, Callable[[Any], str]] = {
    Capability.LOG_REPORTS: lambda case: "/reports/new/",
    Capability.ASSESS_RISK: lambda case: f"/cases/{case.reference}/assess/{victim_id(case)}/",
    Capability.WORK_CASES: lambda case: f"/cases/{case.reference}/contacts/new/",
    Capability.CONTRIBUTE: lambda case: f"/cases/{case.reference}/evidence/diary/new/",
    Capability.ASSIGN: lambda case: f"/cases/{case.reference}/assign/",
    Capability.CLOSE_CASES: lambda case: f"/cases/{case.reference}/close/",
    Capability.REFER: lambda case: f"/cases/{case.reference}/referrals/new/",
    Capability.ANSWER_REFERRALS: lambda case: "/referrals/",
    Capability.CONFERENCES: lambda case: "/conferences/",
    Capability.RECORD_CONFERENCES: lambda case: "/conferences/new/",
    Capability.REVIEW: lambda case: f"/cases/{case.reference}/reviews/new/",
    Capability.APPROVE: lambda case: f"/cases/{case.reference}/lead-agency/",
    Capability.MERGE_PEOPLE: lambda case: f"/people/{victim_id(case)}/merge/",
    Capability.EXPORT: lambda case: f"/cases/{case.reference}/summary/",
    Capability.RECORD_SENSITIVE: lambda case: (
        f"/people/{victim_id(case)}/cases/{case.reference}/vulnerability/"
    ),
    Capability.ADMINISTER: lambda case: "/admin/accounts/rolepermissions/",
}
POLICIES: dict[str, Callable[[Any, Any], bool]] = {
    Capability.SEE_SENSITIVE: lambda user, case: can_see_sensitive(user, case),
    Capability.APPROVE: lambda user, case: may_lower_band(user),
    Capability.SHARE: lambda user, case: user_can(user, Capability.SHARE),
    Capability.READ_AUDIT: lambda user, case: user_can(user, Capability.READ_AUDIT),
}


def granted(role: str, capability: str) -> bool:
    capabilities = DEFAULTS[role]["capabilities"]
    assert isinstance(capabilities, list)
    return capability in capabilities


def test_every_capability_is_checked_here_and_every_role_has_a_row():
    assert set(PAGES) | set(POLICIES) == set(Capability.values)
    assert set(RolePermissions.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(DEFAULTS) == set(Role.values)


@pytest.mark.parametrize("capability", sorted(PAGES))
def test_a_page_needing_a_capability_admits_exactly_the_roles_holding_it(capability, staff, case):
    url = PAGES[capability](case)

    allowed = {role for role, user in staff.items() if get_status(user, url) == 200}

    assert allowed == {role for role in Role.values if granted(role, capability)}


@pytest.mark.parametrize("capability", sorted(POLICIES))
def test_a_policy_needing_a_capability_allows_exactly_the_roles_holding_it(capability, staff, case):
    allowed = {role for role, user in staff.items() if POLICIES[capability](user, case)}

    assert allowed == {role for role in Role.values if granted(role, capability)}


def test_the_defaults_keep_sensitive_data_from_call_handlers_partners_and_analysts():
    for role in (Role.CALL_HANDLER, Role.PARTNER_WORKER, Role.ANALYST, Role.AUDITOR):
        assert not granted(role, Capability.SEE_SENSITIVE)
    assert granted(Role.CALL_HANDLER, Capability.RECORD_SENSITIVE)
    assert all(grant["record_scope"] == RecordScope.SHARED for grant in DEFAULTS.values())


class TestChangingTheTable:
    def test_granting_a_capability_opens_the_page_with_no_code_change(self, agency, case):
        analyst = staff_user(username="analyst", agency=agency, role=Role.ANALYST)
        assert get_status(analyst, "/reports/new/") == 403

        role_permissions_update(
            role=Role.ANALYST,
            record_scope=RecordScope.SHARED,
            capabilities=["export", "log_reports"],
            actor=None,
        )

        assert get_status(analyst, "/reports/new/") == 200

    def test_withdrawing_see_sensitive_restricts_the_officer(self, officer, case, supervisor):
        victim = case.incidents.get().involvements.get(role="victim").person
        victim.vulnerability_notes = "Epilepsy"
        victim.save()
        page = f"/cases/{case.reference}/"
        client = Client()
        client.force_login(officer)
        assert "Epilepsy" in client.get(page).content.decode()

        row = RolePermissions.objects.get(role=Role.CASE_OFFICER)
        role_permissions_update(
            role=Role.CASE_OFFICER,
            record_scope=row.record_scope,
            capabilities=[c for c in row.capabilities if c != Capability.SEE_SENSITIVE],
            actor=supervisor,
        )

        html = client.get(page).content.decode()
        assert "Epilepsy" not in html
        assert "tandem-restricted" in html
        event = AuditEvent.objects.get(object_type="role_permissions")
        assert event.actor == supervisor
        assert event.detail["withdrawn"] == ["see_sensitive"]

    def test_the_change_is_seen_by_the_same_user_object_at_once(self, officer, case):
        assert user_can(officer, Capability.CLOSE_CASES)

        role_permissions_update(
            role=Role.CASE_OFFICER, record_scope=RecordScope.SHARED, capabilities=[], actor=None
        )

        assert not user_can(officer, Capability.CLOSE_CASES)

    def test_unknown_capabilities_and_scopes_are_refused(self):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as error:
            role_permissions_update(
                role=Role.ANALYST, record_scope="galaxy", capabilities=[], actor=None
            )
        assert "record_scope" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            role_permissions_update(
                role=Role.ANALYST, record_scope="own", capabilities=["fly"], actor=None
            )
        assert "capabilities" in error.value.message_dict


class TestRecordScope:
    @pytest.fixture
    def referred(self, officer, other_agency):
        """A case of the officer's agency referred to ``other_agency``, which accepted."""
        case = log_report(officer).case
        worker = staff_user(username="worker", agency=other_agency, role=Role.CASE_OFFICER)
        service = ReferralService.objects.get(code="mediation")
        service.agency = other_agency
        service.save()
        referral = referral_make(case=case, actor=officer, service=service, reason="Support")
        referral_accept(referral=referral, actor=worker)
        return case, worker

    @staticmethod
    def scope(role: str, scope: str) -> None:
        row = RolePermissions.objects.get(role=role)
        role_permissions_update(
            role=role, record_scope=scope, capabilities=row.capabilities, actor=None
        )

    def test_shared_sees_the_agencys_cases_and_those_referred_to_it(self, referred, officer):
        case, worker = referred
        assert user_record_scope(officer) == RecordScope.SHARED
        assert case in cases_visible_to(officer)
        assert case in cases_visible_to(worker)

    def test_agency_drops_the_cases_referred_in(self, referred):
        case, worker = referred
        self.scope(Role.CASE_OFFICER, RecordScope.AGENCY)

        assert case not in cases_visible_to(worker)
        assert get_status(worker, f"/cases/{case.reference}/") == 404

    def test_own_keeps_only_the_cases_they_are_officer_for(self, officer, agency):
        mine = log_report(officer, officer=officer).case
        theirs = log_report(officer).case
        self.scope(Role.CASE_OFFICER, RecordScope.OWN)

        assert list(cases_visible_to(officer)) == [mine]
        assert get_status(officer, f"/cases/{theirs.reference}/") == 404

    def test_partnership_sees_every_case(self, officer, other_officer):
        case = log_report(officer).case
        assert case not in cases_visible_to(other_officer)

        self.scope(Role.CASE_OFFICER, RecordScope.PARTNERSHIP)

        assert case in cases_visible_to(other_officer)
        assert get_status(other_officer, f"/cases/{case.reference}/") == 200

    def test_sensitive_data_follows_visibility(self, referred, officer, other_agency):
        case, worker = referred
        unrelated = staff_user(
            username="unrelated",
            agency=AgencyFactory(code="NOWHERE"),
            role=Role.CASE_OFFICER,
        )
        assert can_see_sensitive(officer, case)
        assert can_see_sensitive(worker, case)  # a sharing agency, a role that may see it
        assert not can_see_sensitive(unrelated, case)
        victim = case.incidents.get().involvements.get(role="victim").person
        assert can_see_sensitive(worker, person=victim)
        assert not can_see_sensitive(unrelated, person=victim)
        assert not can_see_sensitive(officer)  # neither a case nor a person: no


class TestTheAdminScreen:
    def test_an_administrator_changes_a_role(self, agency):
        admin = staff_user(username="admin", agency=agency, role=Role.ADMINISTRATOR, is_staff=True)
        row = RolePermissions.objects.get(role=Role.ANALYST)
        client = Client()
        client.force_login(admin)
        url = f"/admin/accounts/rolepermissions/{row.pk}/change/"
        assert client.get(url).status_code == 200

        response = client.post(
            url, {"record_scope": "agency", "capabilities": ["export", "read_audit"]}
        )

        assert response.status_code == 302, response.content.decode()
        row.refresh_from_db()
        assert row.record_scope == "agency"
        assert row.capabilities == ["export", "read_audit"]
        assert AuditEvent.objects.filter(object_type="role_permissions", actor=admin).exists()

    def test_other_staff_may_not(self, agency):
        supervisor = staff_user(
            username="staffsuper", agency=agency, role=Role.SUPERVISOR, is_staff=True
        )
        client = Client()
        client.force_login(supervisor)
        assert client.get("/admin/accounts/rolepermissions/").status_code == 403


def test_the_table_is_read_once_per_request(signed_in_client, case, officer):
    role_permissions_changed()
    with CaptureQueriesContext(connection) as context:
        assert signed_in_client.get(f"/cases/{case.reference}/").status_code == 200
    reads = [q for q in context.captured_queries if "accounts_rolepermissions" in q["sql"]]
    assert len(reads) == 1
