"""Reads of shares, partnership rules and the agreements register.

``partner_access(user)`` is the part of ``tandem.cases.selectors.cases_visible_to`` that reaches
beyond the user's own agency: an in-force share to the agency (an ``EXISTS`` subquery correlated
with the case only by its id, which PostgreSQL can hash), or an active partnership rule, each
turned into conditions on the case's own columns. Building it costs one small query (the rules
that apply to the user's agency); the cases query stays one query with no join, so no case is
listed twice, and the rules are evaluated by the database, never by a loop over cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import Agency
from tandem.cases.models import Case, CaseStatus
from tandem.geography.models import Area, AreaKind
from tandem.risk.models import BAND_ORDER, RiskAssessment, RiskBand
from tandem.sharing.models import (
    CaseShare,
    PartnershipRule,
    RuleScope,
    SharingAgreement,
    agreements_in_force_q,
    share_in_force_q,
)
from tandem.sharing.policies import can_share_case

# --------------------------------------------------------------------------------------------
# Visibility beyond the lead agency


def shares_in_force(when: datetime | None = None) -> QuerySet[CaseShare]:
    return CaseShare.objects.filter(share_in_force_q(when or timezone.now()))


def shared_with_agency(agency_id: int, when: datetime | None = None) -> Exists:
    """``EXISTS`` an in-force share of the outer case with the agency."""
    return Exists(shares_in_force(when).filter(case_id=OuterRef("pk"), agency_id=agency_id))


def wards_within(area: Any) -> QuerySet[Area, Any]:
    """The wards inside ``area`` (an id or an expression giving one): the area itself if it is a
    ward, its wards if a district, its districts' wards if a partnership."""
    return (
        Area.objects.filter(
            Q(pk=area) | Q(parent_id=area) | Q(parent__parent_id=area), kind=AreaKind.WARD
        )
        .order_by()
        .values("pk")
    )


def cases_assessed_at_or_above(band: str) -> QuerySet[RiskAssessment, Any]:
    """The ids of cases with a victim whose current risk assessment is ``band`` or higher."""
    return (
        RiskAssessment.objects.filter(
            superseded_at__isnull=True, band__in=BAND_ORDER[BAND_ORDER.index(RiskBand(band)) :]
        )
        .order_by()
        .values("case_id")
    )


def rules_for_agency(agency_id: int, today: date | None = None) -> list[PartnershipRule]:
    """The active rules naming the agency, or its kind, whose agreement (if any) is in force.

    One small query, which also brings the agency's area (``receiver_area_id``) and whether the
    rule limits the categories (``has_categories``), so that turning each rule into conditions
    on the case (``rule_condition``) needs no further query.
    """
    today = today or timezone.localdate()
    agency = Agency.objects.filter(pk=agency_id).order_by()
    return list(
        PartnershipRule.objects.filter(active=True)
        .filter(
            Q(agency_id=agency_id)
            | Q(agency__isnull=True, agency_kind=Subquery(agency.values("kind")[:1]))
        )
        .filter(Q(agreement__isnull=True) | agreements_in_force_q(today, prefix="agreement__"))
        .annotate(
            receiver_area_id=Subquery(agency.values("area_id")[:1]),
            has_categories=Exists(
                PartnershipRule.categories.through.objects.filter(partnershiprule_id=OuterRef("pk"))
            ),
        )
        .order_by("pk")
    )


def rule_condition(rule: PartnershipRule) -> Q:
    """The cases ``rule`` opens, as conditions on the case's own columns (status, priority, hate
    flag, category, ward: what the work queue filters on) and on two sets that do not depend on
    the case (the wards in the area, the cases at or above the risk band), which the database
    builds once per query. ``rule`` comes from ``rules_for_agency``."""
    condition = Q(pk__isnull=False)  # every case, if nothing below limits it (never an empty Q)
    if rule.open_cases_only:
        condition &= ~Q(status=CaseStatus.CLOSED)
    if rule.minimum_priority is not None:
        condition &= Q(priority__lte=rule.minimum_priority)
    if rule.hate_motivated_only:
        condition &= Q(hate_motivated=True)
    if getattr(rule, "has_categories", True):
        condition &= Q(
            category_id__in=PartnershipRule.categories.through.objects.filter(
                partnershiprule_id=rule.pk
            ).values("category_id")
        )
    if rule.scope == RuleScope.AGENCY_AREA:
        condition &= Q(ward_id__in=wards_within(getattr(rule, "receiver_area_id", None)))
    elif rule.scope == RuleScope.AREA:
        condition &= Q(ward_id__in=wards_within(rule.area_id))
    if rule.minimum_risk_band:
        condition &= Q(pk__in=cases_assessed_at_or_above(rule.minimum_risk_band))
    return condition


def partner_access(user: Any) -> Q:
    """The cases the user's agency sees without leading them: an in-force share (``EXISTS``) or
    an active partnership rule (its conditions, ``OR``-ed). ``Q(pk__in=[])`` (nothing) for a
    user without an agency."""
    agency_id = getattr(user, "agency_id", None)
    if not getattr(user, "is_authenticated", False) or not agency_id:
        return Q(pk__in=[])
    access = Q(shared_with_agency(agency_id))
    for rule in rules_for_agency(agency_id):
        access |= rule_condition(rule)
    return access


# --------------------------------------------------------------------------------------------
# The case page's "Shared with" panel


@dataclass(frozen=True)
class SharingPanel:
    shares: list[CaseShare]
    """Every share of the case for the lead agency; the user's own agency's in-force shares for
    a partner."""
    rules: list[PartnershipRule]
    """For a partner: the partnership rules through which its agency sees the case."""
    full_list: bool
    may_share: bool


def case_shares(case: Case) -> QuerySet[CaseShare]:
    """Every share of the case, in force or ended, newest first."""
    return CaseShare.objects.filter(case=case).select_related(
        "agency", "agreement", "granted_by", "revoked_by", "referral", "referral__service"
    )


def case_shares_for(user: Any, case: Case) -> list[CaseShare]:
    """What the user may know about who the case is shared with: the lead agency sees every
    share; another agency only its own shares in force."""
    if getattr(user, "agency_id", None) == case.lead_agency_id:
        return list(case_shares(case))
    return list(
        case_shares(case).filter(share_in_force_q(timezone.now()), agency_id=user.agency_id)
    )


def rules_opening(user: Any, case: Case) -> list[PartnershipRule]:
    """The partnership rules through which the user's agency sees ``case`` (two queries)."""
    agency_id = getattr(user, "agency_id", None)
    if not agency_id or agency_id == case.lead_agency_id:
        return []
    rules = rules_for_agency(agency_id)
    if not rules:
        return []
    flags = (
        Case.objects.filter(pk=case.pk)
        .annotate(
            **{
                f"rule_{rule.pk}": ExpressionWrapper(
                    rule_condition(rule), output_field=BooleanField()
                )
                for rule in rules
            }
        )
        .values(*[f"rule_{rule.pk}" for rule in rules])
        .first()
    ) or {}
    return [rule for rule in rules if flags.get(f"rule_{rule.pk}")]


def sharing_panel(*, user: Any, case: Case) -> SharingPanel:
    full = getattr(user, "agency_id", None) == case.lead_agency_id
    return SharingPanel(
        shares=case_shares_for(user, case),
        rules=[] if full else rules_opening(user, case),
        full_list=full,
        may_share=can_share_case(user, case),
    )


def case_share_get(case: Case, share_id: int) -> CaseShare:
    """One share of ``case``, or 404."""
    try:
        return case_shares(case).get(pk=share_id)
    except CaseShare.DoesNotExist:
        raise Http404("No such share") from None


def share_agencies(case: Case) -> QuerySet[Agency]:
    """The agencies a case may be shared with: active, other than its lead agency."""
    return Agency.objects.filter(active=True).exclude(pk=case.lead_agency_id).order_by("name")


# --------------------------------------------------------------------------------------------
# The agreements register


def agreements_register() -> QuerySet[SharingAgreement]:
    """Every agreement, by title."""
    return SharingAgreement.objects.select_related("owner_agency").prefetch_related("parties")


def agreements_in_force(today: date | None = None) -> QuerySet[SharingAgreement]:
    return SharingAgreement.objects.filter(agreements_in_force_q(today or timezone.localdate()))


def agreements_covering(*agency_ids: int, today: date | None = None) -> QuerySet[SharingAgreement]:
    """In-force agreements every one of ``agency_ids`` is a party to."""
    agreements = agreements_in_force(today)
    for agency_id in agency_ids:
        agreements = agreements.filter(
            pk__in=SharingAgreement.parties.through.objects.filter(agency_id=agency_id).values(
                "sharingagreement_id"
            )
        )
    return agreements.order_by("title", "pk")


def agreement_get(reference: str) -> SharingAgreement:
    try:
        return agreements_register().get(reference=reference)
    except SharingAgreement.DoesNotExist:
        raise Http404("No such agreement") from None


def agreement_usage(agreement: SharingAgreement) -> dict[str, Any]:
    """How much relies on the agreement: shares in force and rules citing it."""
    return {
        "shares_in_force": shares_in_force().filter(agreement=agreement).count(),
        "shares_total": CaseShare.objects.filter(agreement=agreement).count(),
        "rules": list(agreement.rules.select_related("agency", "area").order_by("name")),
    }
