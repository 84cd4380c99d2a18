from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tandem.accounts.models import AgencyKind, Role
from tandem.sharing.models import AgreementStatus, SharingAgreement
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import log_report


@pytest.fixture
def case(officer, postcode):
    """Jane Example's noise complaint, in the Bridge ward (its district and partnership made by
    the factories)."""
    return log_report(officer, ward=postcode.ward).case


@pytest.fixture
def partner(db):
    return AgencyFactory(code="HOMES", name="Test Homes", kind=AgencyKind.HOUSING)


@pytest.fixture
def partner_worker(partner):
    return UserFactory(username="homesworker", agency=partner, role=Role.PARTNER_WORKER)


@pytest.fixture
def agreement(agency, partner):
    today = timezone.localdate()
    agreement = SharingAgreement.objects.create(
        title="Test ASB information-sharing agreement",
        reference="TEST-ISA-1",
        owner_agency=agency,
        purpose="Tackling anti-social behaviour together",
        legal_basis="Crime and Disorder Act 1998 s.115; UK GDPR Article 6(1)(e)",
        data_categories="Names, addresses, incident details",
        starts_on=today - timedelta(days=30),
        review_due=today + timedelta(days=300),
        status=AgreementStatus.ACTIVE,
    )
    agreement.parties.set([agency, partner])
    return agreement


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client
