"""A partner agency sees a case only while a share is in force, or while a partnership rule
opens it: before a share starts, after it expires and after it is revoked, the case page and the
API answer 404 and the case is in no list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.accounts.models import AgencyKind, Role
from tandem.cases.models import CaseStatus, Priority
from tandem.cases.selectors import QueueFilters, QueueScope, cases_visible_to, work_queue
from tandem.incidents.models import Category
from tandem.risk.services import assessment_record
from tandem.sharing.models import AgreementStatus, PartnershipRule, RuleScope
from tandem.sharing.selectors import rules_opening
from tandem.sharing.services import case_share_grant, case_share_revoke
from tests.factories import AgencyFactory, AreaFactory, CaseFactory, UserFactory
from tests.risk.conftest import all_answers
from tests.sharing.conftest import api_for, client_for
from tests.sharing.test_services import expire

pytestmark = pytest.mark.django_db


def share(case, supervisor, agency, **overrides):
    values = {"purpose": "Joint visit", "legal_basis": "CDA 1998 s.115"}
    values.update(overrides)
    return case_share_grant(case=case, agency=agency, actor=supervisor, **values)


def sees(user, case) -> bool:
    """Whether ``user`` sees ``case``, asserting that every way in agrees."""
    visible = cases_visible_to(user).filter(pk=case.pk).exists()
    page = client_for(user).get(f"/cases/{case.reference}/")
    assert page.status_code == (200 if visible else 404)
    api = api_for(user)
    assert api.get(f"/api/v1/cases/{case.reference}/").status_code == (200 if visible else 404)
    assert api.get(f"/api/v1/cases/{case.reference}/shares/").status_code == (
        200 if visible else 404
    )
    listed = [c["reference"] for c in api.get("/api/v1/cases/?scope=agency").json()["results"]]
    assert (case.reference in listed) == visible
    return visible


def test_a_partner_sees_a_case_only_while_the_share_is_in_force(case, supervisor, partner_worker):
    partner = partner_worker.agency
    assert not sees(partner_worker, case)

    pending = share(case, supervisor, partner, starts_at=timezone.now() + timedelta(days=2))
    assert not sees(partner_worker, case)  # before it starts
    case_share_revoke(share=pending, actor=supervisor)

    current = share(case, supervisor, partner)
    assert sees(partner_worker, case)
    case_share_revoke(share=current, actor=supervisor, reason="Done")
    assert not sees(partner_worker, case)  # revoked

    expiring = share(case, supervisor, partner, expires_at=timezone.now() + timedelta(days=1))
    assert sees(partner_worker, case)
    expire(expiring)
    assert not sees(partner_worker, case)  # expired


def test_a_share_opens_the_case_to_its_agency_only(case, supervisor, partner_worker):
    share(case, supervisor, partner_worker.agency)
    third = UserFactory(agency=AgencyFactory(code="THIRD"), role=Role.SUPERVISOR)
    assert sees(partner_worker, case)
    assert not sees(third, case)
    assert list(cases_visible_to(partner_worker)) == [case]


def test_the_queue_costs_the_same_with_shares(officer, supervisor, partner_worker):
    client = client_for(partner_worker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/cases/?scope=agency").status_code == 200
        return len(context.captured_queries)

    for case in CaseFactory.create_batch(2, lead_agency=officer.agency):
        share(case, supervisor, partner_worker.agency)
    few = queries()
    for case in CaseFactory.create_batch(8, lead_agency=officer.agency):
        share(case, supervisor, partner_worker.agency)
    PartnershipRule.objects.update(active=True)
    assert queries() == few


# Partnership rules ----------------------------------------------------------------------------


@pytest.fixture
def police(case):
    """A police force whose area is the partnership the case's ward lies in."""
    district = case.ward.parent
    return AgencyFactory(
        code="FORCE", name="Test Force", kind=AgencyKind.POLICE, area=district.parent
    )


@pytest.fixture
def police_officer(police):
    return UserFactory(username="forceofficer", agency=police, role=Role.CASE_OFFICER)


def make_high_risk(case, officer):
    victim = case.incidents.get().involvements.get().person
    assessment_record(
        case=case,
        person=victim,
        actor=officer,
        answers=all_answers(),
        override_band="high",
        override_reason="Fears for her safety",
    )


def high_risk_rule(**overrides) -> PartnershipRule:
    values = {
        "name": "Police see high-risk cases",
        "agency_kind": AgencyKind.POLICE,
        "minimum_risk_band": "high",
        "scope": RuleScope.AGENCY_AREA,
        "purpose": "Protect high-risk victims",
        "legal_basis": "CDA 1998 s.115",
    }
    values.update(overrides)
    return PartnershipRule.objects.create(**values)


def test_the_default_rules_are_loaded_switched_off():
    rules = PartnershipRule.objects.order_by("agency_kind")
    assert [(r.agency_kind, r.minimum_risk_band, r.scope, r.active) for r in rules] == [
        ("council", "high", "agency_area", False),
        ("police", "high", "agency_area", False),
    ]


def test_the_default_rule_shows_high_risk_cases_in_the_agencys_area(case, officer, police_officer):
    PartnershipRule.objects.update(active=True)
    assert not sees(police_officer, case)  # not assessed yet
    make_high_risk(case, officer)
    assert sees(police_officer, case)
    assert [rule.name for rule in rules_opening(police_officer, case)] == [
        "Police: high-risk cases in the force area"
    ]
    page = client_for(police_officer).get(f"/cases/{case.reference}/").content.decode()
    assert "partnership rule “Police: high-risk cases in the force area”" in page

    elsewhere = UserFactory(
        agency=AgencyFactory(code="OTHERFORCE", kind=AgencyKind.POLICE, area=AreaFactory()),
        role=Role.CASE_OFFICER,
    )
    assert not sees(elsewhere, case)  # another force's area

    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.save()
    assert not cases_visible_to(police_officer).filter(pk=case.pk).exists()


def test_the_district_council_rule(case, officer):
    """The district's community safety unit sees high-risk cases in its district only."""
    PartnershipRule.objects.update(active=True)
    make_high_risk(case, officer)
    district_csu = UserFactory(
        agency=AgencyFactory(code="DISTRICT", kind=AgencyKind.COUNCIL, area=case.ward.parent),
        role=Role.CASE_OFFICER,
    )
    ward_elsewhere = AreaFactory(kind="district", parent=case.ward.parent.parent)
    neighbour = UserFactory(
        agency=AgencyFactory(code="NEIGHBOUR", kind=AgencyKind.COUNCIL, area=ward_elsewhere),
        role=Role.CASE_OFFICER,
    )
    assert cases_visible_to(district_csu).filter(pk=case.pk).exists()
    assert not cases_visible_to(neighbour).filter(pk=case.pk).exists()


@pytest.mark.parametrize(
    ("rule", "visible"),
    [
        ({}, True),
        ({"active": False}, False),
        ({"agency_kind": AgencyKind.HEALTH}, False),
        ({"minimum_priority": Priority.HIGH}, False),
        ({"minimum_priority": Priority.STANDARD}, True),
        ({"hate_motivated_only": True}, False),
        ({"scope": RuleScope.EVERYWHERE}, True),
    ],
)
def test_each_condition_limits(case, police_officer, rule, visible):
    high_risk_rule(minimum_risk_band="", **rule)
    assert cases_visible_to(police_officer).filter(pk=case.pk).exists() == visible


def test_a_rule_for_one_agency(case, police_officer):
    high_risk_rule(minimum_risk_band="", agency_kind="", agency=police_officer.agency)
    assert cases_visible_to(police_officer).filter(pk=case.pk).exists()


def test_categories_and_a_chosen_area(case, police_officer):
    rule = high_risk_rule(minimum_risk_band="", scope=RuleScope.AREA, area=case.ward.parent)
    rule.categories.set([Category.objects.get(code="personal")])
    assert not cases_visible_to(police_officer).filter(pk=case.pk).exists()
    rule.categories.add(case.category)
    assert cases_visible_to(police_officer).filter(pk=case.pk).exists()
    rule.area = AreaFactory(kind="district")
    rule.save()
    assert not cases_visible_to(police_officer).filter(pk=case.pk).exists()


def test_a_rule_stops_with_its_agreement(case, police_officer, agreement):
    rule = high_risk_rule(minimum_risk_band="", agreement=agreement)
    assert cases_visible_to(police_officer).filter(pk=case.pk).exists()
    agreement.status = AgreementStatus.ENDED
    agreement.save()
    assert not cases_visible_to(police_officer).filter(pk=case.pk).exists()
    assert rule.active


def test_a_rule_and_a_share_together_list_the_case_once(case, supervisor, police_officer):
    high_risk_rule(minimum_risk_band="")
    share(case, supervisor, police_officer.agency)
    assert list(cases_visible_to(police_officer)) == [case]
    filters = QueueFilters(scope=QueueScope.AGENCY)
    assert list(work_queue(police_officer, filters)) == [case]


def test_a_rule_without_conditions_opens_every_case(case, police_officer):
    high_risk_rule(minimum_risk_band="", scope=RuleScope.EVERYWHERE, open_cases_only=False)
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.save()
    other = CaseFactory()
    assert set(cases_visible_to(police_officer)) == {case, other}
