"""An accepted referral opens a share; completing the referral ends it."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from tandem.referrals.models import ReferralService
from tandem.referrals.services import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_make,
)
from tandem.sharing.models import CaseShare, ShareStatus
from tandem.sharing.services import REFERRAL_LEGAL_BASIS

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediation(partner):
    service = ReferralService.objects.get(code="mediation")
    service.agency = partner
    service.save()
    return service


def refer(case, officer, service):
    return referral_make(case=case, actor=officer, service=service, reason="Neighbour dispute")


def test_accepting_opens_a_share_and_completing_ends_it(case, officer, partner_worker, mediation):
    referral = refer(case, officer, mediation)
    assert not CaseShare.objects.exists()

    referral_accept(referral=referral, actor=partner_worker)
    share = CaseShare.objects.get()
    assert share.referral == referral
    assert share.agency == partner_worker.agency
    assert share.purpose == "Referral to Mediation: Neighbour dispute"
    assert share.legal_basis == REFERRAL_LEGAL_BASIS
    assert share.agreement is None
    assert share.status == ShareStatus.IN_FORCE

    referral_complete(referral=referral, actor=partner_worker, outcome="Agreed")
    share.refresh_from_db()
    assert share.status == ShareStatus.REVOKED
    assert share.revoked_by == partner_worker
    assert share.revoke_reason == "The referral was completed."


def test_the_share_cites_an_agreement_both_agencies_signed(
    case, officer, partner_worker, mediation, agreement
):
    referral_accept(referral=refer(case, officer, mediation), actor=partner_worker)
    assert CaseShare.objects.get().agreement == agreement


def test_a_declined_referral_opens_nothing(case, officer, partner_worker, mediation):
    referral_decline(referral=refer(case, officer, mediation), actor=partner_worker, reason="Full")
    assert not CaseShare.objects.exists()


def test_the_migration_gives_earlier_accepted_referrals_their_share(
    case, officer, partner_worker, mediation
):
    accepted = refer(case, officer, mediation)
    referral_accept(referral=accepted, actor=partner_worker)
    CaseShare.objects.all().delete()  # as before this change
    refer(case, officer, mediation)  # still requested: nothing

    migration = importlib.import_module(
        "tandem.sharing.migrations.0003_shares_for_accepted_referrals"
    )
    migration.load(apps, None)
    migration.load(apps, None)  # twice: still one

    share = CaseShare.objects.get()
    assert (share.referral, share.agency, share.granted_by) == (
        accepted,
        partner_worker.agency,
        partner_worker,
    )
    assert share.in_force
