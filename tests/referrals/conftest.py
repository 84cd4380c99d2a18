from __future__ import annotations

import pytest

from tandem.accounts.models import Role
from tandem.referrals.models import ReferralService
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import log_report


@pytest.fixture
def case(officer):
    return log_report(officer).case


@pytest.fixture
def partner(db):
    return AgencyFactory(code="MEDIATE", name="Mediation Kent", kind="voluntary")


@pytest.fixture
def partner_worker(partner):
    return UserFactory(username="partnerworker", agency=partner, role=Role.PARTNER_WORKER)


@pytest.fixture
def mediation(partner):
    service = ReferralService.objects.get(code="mediation")
    service.agency = partner
    service.save()
    return service
