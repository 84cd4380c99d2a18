"""The demo's data protection rows: old closed cases for a retention dry run, and an open
subject access request. Loaded by ``tandem seed-demo``; tried here on a minimal partnership."""

from __future__ import annotations

import pytest

from tandem.accounts.models import Role
from tandem.dataprotection.demo import seed_data_protection
from tandem.dataprotection.models import RetentionKind, RetentionRule, SubjectAccessRequest
from tandem.dataprotection.services import retention_rule_apply
from tandem.people.models import Person
from tests.factories import (
    AgencyFactory,
    DistrictFactory,
    PostcodeFactory,
    UserFactory,
    WardFactory,
)
from tests.helpers import log_report


@pytest.fixture
def demo_users(db):
    district = DistrictFactory(ons_code="E07000110", name="Maidstone")
    ward = WardFactory(parent=district, name="High Street")
    PostcodeFactory(postcode="ME14 1XA", ward=ward, latitude=51.27, longitude=0.52)
    agency = AgencyFactory(code="MAIDSTONE", name="Maidstone Borough Council", area=district)
    officer = UserFactory(username="maidstone.officer", agency=agency, role=Role.CASE_OFFICER)
    supervisor = UserFactory(username="maidstone.supervisor", agency=agency, role=Role.SUPERVISOR)
    log_report(officer)  # an open case with a victim, for the request
    return {"maidstone.officer": officer, "maidstone.supervisor": supervisor}


def test_old_cases_for_a_dry_run_and_an_open_request(demo_users):
    seed_data_protection(users=demo_users)
    rule = RetentionRule.objects.get(kind=RetentionKind.CLOSED_CASE_PEOPLE)
    result = retention_rule_apply(rule=rule, dry_run=True)
    assert result.outcome.counts["people"] == 3
    assert result.outcome.counts["cases"] == 2
    request = SubjectAccessRequest.objects.get()
    assert request.is_open
    assert request.person.full_name == "Jane Example"
    assert not Person.objects.filter(anonymised_at__isnull=False).exists()


def test_seeding_again_adds_nothing(demo_users):
    seed_data_protection(users=demo_users)
    people, requests = Person.objects.count(), SubjectAccessRequest.objects.count()
    seed_data_protection(users=demo_users)
    assert (Person.objects.count(), SubjectAccessRequest.objects.count()) == (people, requests)
