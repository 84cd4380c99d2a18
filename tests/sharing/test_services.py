from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.audit.models import AuditAction, AuditEvent
from tandem.cases.models import CaseEvent, CaseEventKind
from tandem.cases.timeline import Kind, case_timeline
from tandem.sharing.models import AgreementStatus, CaseShare, ShareStatus
from tandem.sharing.services import case_share_grant, case_share_revoke, end_of_day
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def grant(case, actor, agency, **overrides):
    values = {
        "case": case,
        "agency": agency,
        "purpose": "Joint visit to the flats",
        "legal_basis": "Crime and Disorder Act 1998 s.115",
        "actor": actor,
    }
    values.update(overrides)
    return case_share_grant(**values)


def expire(share) -> None:
    """Move the share into the past: it started two days ago and expired an hour ago."""
    now = timezone.now()
    CaseShare.objects.filter(pk=share.pk).update(
        granted_at=now - timedelta(days=2),
        starts_at=now - timedelta(days=2),
        expires_at=now - timedelta(hours=1),
    )


def errors_of(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_grant_records_the_share_its_audit_and_timeline(case, supervisor, partner):
    expires = end_of_day(timezone.localdate() + timedelta(days=30))
    share = grant(case, supervisor, partner, expires_at=expires)

    assert share.status == ShareStatus.IN_FORCE
    assert share.granted_by == supervisor
    assert share.expires_at == expires
    assert share.last_day == timezone.localdate() + timedelta(days=30)
    event = AuditEvent.objects.get(action=AuditAction.SHARE, object_id=str(share.pk))
    assert event.case_reference == case.reference
    assert event.actor == supervisor
    assert event.detail["agency"] == "HOMES"
    assert CaseEvent.objects.filter(
        case=case, kind=CaseEventKind.SHARED, summary__startswith="Shared with Test Homes"
    ).exists()


def test_the_timeline_shows_shares_to_the_lead_agency_only(case, supervisor, partner_worker):
    share = grant(case, supervisor, partner_worker.agency)
    case_share_revoke(share=share, actor=supervisor, reason="Work finished")

    titles = [e.title for e in case_timeline(case, kinds=[Kind.SHARING], user=supervisor)]
    assert titles == ["Share with Test Homes revoked", "Shared with Test Homes"]
    assert case_timeline(case, kinds=[Kind.SHARING], user=partner_worker) == []


def test_validation(case, supervisor, partner, agreement):
    assert set(
        errors_of(lambda: grant(case, supervisor, case.lead_agency, purpose=" ", legal_basis=""))
    ) == {"agency", "purpose", "legal_basis"}
    partner.active = False
    partner.save()
    assert "agency" in errors_of(lambda: grant(case, supervisor, partner))
    partner.active = True
    partner.save()
    past = timezone.now() - timedelta(minutes=1)
    assert errors_of(lambda: grant(case, supervisor, partner, expires_at=past)) == {
        "expires_at": ["The expiry date must be in the future."]
    }
    later = timezone.now() + timedelta(days=10)
    assert "expires_at" in errors_of(
        lambda: grant(case, supervisor, partner, starts_at=later, expires_at=later)
    )
    assert not CaseShare.objects.exists()


def test_an_agreement_must_be_in_force_and_signed_by_both(case, supervisor, partner, agreement):
    outsider = AgencyFactory(code="OUTSIDE")
    assert "agreement" in errors_of(
        lambda: grant(case, supervisor, outsider, agreement=agreement, legal_basis="")
    )
    agreement.status = AgreementStatus.SUSPENDED
    agreement.save()
    assert "agreement" in errors_of(
        lambda: grant(case, supervisor, partner, agreement=agreement, legal_basis="")
    )
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    share = grant(case, supervisor, partner, agreement=agreement, legal_basis="")
    assert share.basis == "Test ASB information-sharing agreement (TEST-ISA-1)"


def test_one_open_share_per_agency(case, supervisor, partner):
    first = grant(case, supervisor, partner)
    assert (
        "already shared with Test Homes until revoked"
        in errors_of(lambda: grant(case, supervisor, partner))["agency"][0]
    )
    case_share_revoke(share=first, actor=supervisor, reason="Changing the terms")
    second = grant(case, supervisor, partner, expires_at=timezone.now() + timedelta(days=5))
    assert second.in_force


def test_a_pending_share_blocks_another_too(case, supervisor, partner):
    grant(case, supervisor, partner, starts_at=timezone.now() + timedelta(days=3))
    assert "agency" in errors_of(lambda: grant(case, supervisor, partner))


def test_a_share_cannot_start_in_the_past(case, supervisor, partner):
    before = timezone.now()
    share = grant(case, supervisor, partner, starts_at=before - timedelta(days=30))
    assert share.starts_at >= before


@pytest.mark.parametrize(
    ("where", "role", "may"),
    [
        ("lead", Role.SUPERVISOR, True),
        ("lead", Role.ADMINISTRATOR, True),
        ("lead", Role.CASE_OFFICER, False),
        ("lead", Role.CALL_HANDLER, False),
        ("lead", Role.PARTNER_WORKER, False),
        ("partner", Role.SUPERVISOR, False),
    ],
)
def test_who_may_share_and_revoke(case, partner, supervisor, where, role, may):
    user = UserFactory(agency=case.lead_agency if where == "lead" else partner, role=role)
    third = AgencyFactory(code="THIRD")
    if may:
        share = grant(case, user, third)
        case_share_revoke(share=share, actor=user)
    else:
        with pytest.raises(PermissionDenied):
            grant(case, user, third)
        share = grant(case, supervisor, third)
        with pytest.raises(PermissionDenied):
            case_share_revoke(share=share, actor=user)


def test_revoke(case, supervisor, partner):
    share = grant(case, supervisor, partner)
    case_share_revoke(share=share, actor=supervisor, reason="  No longer needed ")
    share.refresh_from_db()
    assert share.status == ShareStatus.REVOKED
    assert (share.revoked_by, share.revoke_reason) == (supervisor, "No longer needed")
    event = AuditEvent.objects.get(action=AuditAction.SHARE_REVOKED, object_id=str(share.pk))
    assert event.detail == {"agency": "HOMES", "reason": "No longer needed"}
    with pytest.raises(ValidationError):
        case_share_revoke(share=share, actor=supervisor)


def test_an_expired_share_cannot_be_revoked(case, supervisor, partner):
    share = grant(case, supervisor, partner)
    expire(share)
    share.refresh_from_db()
    assert share.status == ShareStatus.EXPIRED
    with pytest.raises(ValidationError):
        case_share_revoke(share=share, actor=supervisor)
