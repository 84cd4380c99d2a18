"""Writes of shares and of the agreements register: each one transaction with its audit event
(and, for shares, the case timeline entry)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Agency, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case, CaseEvent, CaseEventKind
from tandem.referrals.models import Referral
from tandem.sharing.models import CaseShare, ShareStatus, SharingAgreement
from tandem.sharing.policies import can_keep_register, can_share_case
from tandem.sharing.selectors import agreements_covering

# The basis recorded on a share opened by an accepted referral when no in-force agreement
# covers both agencies (when one does, the share cites it as well).
REFERRAL_LEGAL_BASIS = "Referral to a partner service, accepted by the receiving agency"


def end_of_day(day: date) -> datetime:
    """A share "until 31 March" is in force all that day: it ends at the start of the next."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _timeline(case: Case, actor: User, kind: CaseEventKind, summary: str) -> None:
    CaseEvent.objects.create(
        case=case, kind=kind, occurred_at=timezone.now(), actor=actor, summary=summary
    )


def _until(share: CaseShare) -> str:
    last_day = share.last_day
    if last_day is None:
        return "until revoked"
    return f"until {last_day.day} {last_day:%B %Y}"


def case_share_grant(
    *,
    case: Case,
    agency: Agency,
    purpose: str,
    actor: User,
    legal_basis: str = "",
    agreement: SharingAgreement | None = None,
    expires_at: datetime | None = None,
    starts_at: datetime | None = None,
) -> CaseShare:
    """Open ``case`` to ``agency`` for ``purpose``, on ``legal_basis`` and/or an in-force
    ``agreement`` both agencies are party to, from ``starts_at`` (now when not given or past)
    until ``expires_at`` (``None``: until revoked).

    One open share per agency and case: a second is refused while the first is in force or
    still to start (revoke it and share again to change its terms).
    """
    if not can_share_case(actor, case):
        raise PermissionDenied
    now = timezone.now()
    purpose, legal_basis = purpose.strip(), legal_basis.strip()
    if starts_at is None or starts_at < now:
        starts_at = now
    errors: dict[str, list[str]] = {}
    if agency.pk == case.lead_agency_id:
        errors["agency"] = ["Your agency leads this case: choose a partner agency."]
    elif not agency.active:
        errors["agency"] = [f"{agency.name} is not active."]
    if not purpose:
        errors["purpose"] = ["Say why the case is being shared."]
    if agreement is None and not legal_basis:
        errors["legal_basis"] = ["Choose an information-sharing agreement or give the legal basis."]
    if agreement is not None:
        if not agreement.in_force():
            errors["agreement"] = [f"The agreement {agreement.reference} is not in force."]
        elif not agreements_covering(case.lead_agency_id, agency.pk).filter(pk=agreement.pk):
            errors["agreement"] = [
                f"{agency.name} and {case.lead_agency.name} are not both parties to "
                f"{agreement.reference}."
            ]
    if expires_at is not None:
        if expires_at <= now:
            errors["expires_at"] = ["The expiry date must be in the future."]
        elif expires_at <= starts_at:
            errors["expires_at"] = ["The expiry date must be after the share starts."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Serialise grants on the case, so two at once cannot both pass the check below.
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
        existing = (
            CaseShare.objects.filter(case=case, agency=agency, revoked_at__isnull=True)
            .exclude(expires_at__lte=now)
            .order_by("starts_at")
            .first()
        )
        if existing is not None:
            raise ValidationError(
                {
                    "agency": [
                        f"The case is already shared with {agency.name} {_until(existing)}: "
                        "revoke that share first to change it."
                    ]
                }
            )
        share = CaseShare.objects.create(
            case=case,
            agency=agency,
            purpose=purpose,
            legal_basis=legal_basis,
            agreement=agreement,
            granted_by=actor,
            granted_at=now,
            starts_at=starts_at,
            expires_at=expires_at,
        )
        _record_grant(share, actor)
    return share


def _record_grant(share: CaseShare, actor: User) -> None:
    case = share.case
    _timeline(
        case,
        actor,
        CaseEventKind.SHARED,
        f"Shared with {share.agency.name} {_until(share)} by {actor.display_name}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.SHARE,
        object_type="case_share",
        object_id=share.pk,
        case_reference=case.reference,
        detail={
            "agency": share.agency.code,
            "agreement": share.agreement.reference if share.agreement else None,
            "legal_basis": share.legal_basis,
            "starts_at": share.starts_at.isoformat(),
            "expires_at": share.expires_at.isoformat() if share.expires_at else None,
            "referral": share.referral_id,
        },
    )


def case_share_revoke(*, share: CaseShare, actor: User, reason: str = "") -> CaseShare:
    """End a share now. The agency no longer sees the case through it; the share stays on
    record with who revoked it, when and why."""
    if not can_share_case(actor, share.case):
        raise PermissionDenied
    return _revoke(share, actor, reason.strip())


def _revoke(share: CaseShare, actor: User, reason: str) -> CaseShare:
    with transaction.atomic():
        locked = CaseShare.objects.select_for_update().get(pk=share.pk)
        now = timezone.now()
        if locked.status_at(now) in (ShareStatus.REVOKED, ShareStatus.EXPIRED):
            raise ValidationError("This share has already ended.")
        share.revoked_at = now
        share.revoked_by = actor
        share.revoke_reason = reason
        share.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        case = share.case
        _timeline(
            case,
            actor,
            CaseEventKind.SHARE_REVOKED,
            f"Share with {share.agency.name} revoked by {actor.display_name}"
            + (f": {reason}" if reason else ""),
        )
        audit_record(
            actor=actor,
            action=AuditAction.SHARE_REVOKED,
            object_type="case_share",
            object_id=share.pk,
            case_reference=case.reference,
            detail={"agency": share.agency.code, "reason": reason},
        )
    return share


def referral_share_open(*, referral: Referral, actor: User) -> CaseShare:
    """The share an accepted referral opens (called by ``referral_accept`` in its transaction):
    the receiving agency sees the case until the referral is completed. It cites an in-force
    agreement both agencies are party to, when there is one."""
    case = referral.case
    agreement = agreements_covering(case.lead_agency_id, referral.to_agency_id).first()
    now = timezone.now()
    share = CaseShare.objects.create(
        case=case,
        agency=referral.to_agency,
        referral=referral,
        purpose=f"Referral to {referral.service.name}: {referral.reason}",
        legal_basis=REFERRAL_LEGAL_BASIS,
        agreement=agreement,
        granted_by=actor,
        granted_at=now,
        starts_at=now,
    )
    audit_record(
        actor=actor,
        action=AuditAction.SHARE,
        object_type="case_share",
        object_id=share.pk,
        case_reference=case.reference,
        detail={
            "agency": referral.to_agency.code,
            "agreement": agreement.reference if agreement else None,
            "referral": referral.pk,
        },
    )
    return share


def referral_share_end(*, referral: Referral, actor: User, reason: str) -> None:
    """End the referral's share, if it is still open (called when the referral is completed)."""
    share = (
        CaseShare.objects.filter(referral=referral)
        .filter(revoked_at__isnull=True)
        .exclude(expires_at__lte=timezone.now())
        .select_related("case", "agency")
        .first()
    )
    if share is not None:
        _revoke(share, actor, reason)


# --------------------------------------------------------------------------------------------
# The agreements register

AGREEMENT_FIELDS = (
    "title",
    "reference",
    "owner_agency",
    "purpose",
    "legal_basis",
    "data_categories",
    "special_category_data",
    "special_category_condition",
    "starts_on",
    "review_due",
    "ends_on",
    "status",
    "document_url",
    "notes",
)


def agreement_save(
    *,
    agreement: SharingAgreement,
    parties: Iterable[Agency],
    actor: User,
    changed: Iterable[str] = (),
) -> SharingAgreement:
    """Add ``agreement`` to the register, or save changes to it (``changed``: the fields the
    form changed, for the audit). The owner agency is always a party."""
    if not can_keep_register(actor):
        raise PermissionDenied
    party_ids = {agency.pk for agency in parties}
    if agreement.owner_agency_id:
        party_ids.add(agreement.owner_agency_id)
    agreement.full_clean()
    creating = agreement.pk is None
    with transaction.atomic():
        agreement.save()
        agreement.parties.set(party_ids)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            object_type="sharing_agreement",
            object_id=agreement.pk,
            detail={"reference": agreement.reference, "fields": sorted(set(changed))},
        )
    return agreement
