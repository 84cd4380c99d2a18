"""Reads of shares, partnership rules and the agreements register.

``partner_access(user)`` is the part of ``tandem.cases.selectors.cases_visible_to`` that reaches
beyond the user's own agency: an in-force share to the agency, or an active partnership rule
that matches the case. Both are ``EXISTS`` subqueries correlated with the case, so building them
runs no query, the cases query stays one query with no join (no case is listed twice), and a
rule's conditions are evaluated by the database, not in a Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import (
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import Exact, In
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import Agency
from tandem.cases.models import Case, CaseStatus
from tandem.geography.models import Area, AreaKind
from tandem.risk.models import BAND_ORDER, RiskAssessment
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


def _band_rank(field: str) -> DbCase:
    """A risk band's place in ``BAND_ORDER`` (0 for standard), for comparing bands."""
    return DbCase(
        *[When(**{field: band}, then=Value(rank)) for rank, band in enumerate(BAND_ORDER)],
        default=Value(-1),
        output_field=IntegerField(),
    )


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


def rules_matching_case(agency_id: int, today: date | None = None) -> QuerySet[PartnershipRule]:
    """The active partnership rules that open the *outer* case to the agency: a subquery to use
    inside a ``Case`` query (its conditions refer to the case with ``OuterRef``).

    A rule applies to the agency it names, or to every agency of its kind; not while its
    agreement is out of force. Each condition left empty on the rule does not limit: status
    (open cases only), priority, hate flag, categories, area (the agency's own or a chosen one)
    and the highest current risk band of the case's victims.
    """
    today = today or timezone.localdate()
    agency = Agency.objects.filter(pk=agency_id).order_by()
    in_categories = PartnershipRule.categories.through.objects.filter(
        partnershiprule_id=OuterRef("pk")
    )
    ward_in_rule_area = Area.objects.filter(pk=OuterRef(OuterRef("ward_id"))).filter(
        Q(pk=OuterRef("area_id"))
        | Q(parent_id=OuterRef("area_id"))
        | Q(parent__parent_id=OuterRef("area_id"))
    )
    risk_high_enough = (
        RiskAssessment.objects.filter(case_id=OuterRef(OuterRef("pk")), superseded_at__isnull=True)
        .annotate(rank=_band_rank("band"))
        .filter(rank__gte=OuterRef("minimum_rank"))
    )
    return (
        PartnershipRule.objects.filter(active=True)
        .filter(
            Q(agency_id=agency_id)
            | Q(agency__isnull=True, agency_kind=Subquery(agency.values("kind")[:1]))
        )
        .filter(Q(agreement__isnull=True) | agreements_in_force_q(today, prefix="agreement__"))
        .annotate(minimum_rank=_band_rank("minimum_risk_band"))
        .filter(Q(open_cases_only=False) | ~Exact(OuterRef("status"), CaseStatus.CLOSED))
        .filter(Q(minimum_priority__isnull=True) | Q(minimum_priority__gte=OuterRef("priority")))
        .filter(Q(hate_motivated_only=False) | Exact(OuterRef("hate_motivated"), True))
        .filter(
            ~Exists(in_categories)
            | Exists(in_categories.filter(category_id=OuterRef(OuterRef("category_id"))))
        )
        .filter(
            Q(scope=RuleScope.EVERYWHERE)
            | Q(
                In(OuterRef("ward_id"), wards_within(Subquery(agency.values("area_id")[:1]))),
                scope=RuleScope.AGENCY_AREA,
            )
            | Q(Exists(ward_in_rule_area), scope=RuleScope.AREA)
        )
        .filter(Q(minimum_risk_band="") | Exists(risk_high_enough))
    )


def partner_access(user: Any) -> Q:
    """The cases the user's agency sees without leading them: an in-force share or a matching
    active partnership rule (two ``EXISTS``; no query is run to build them). ``Q(pk__in=[])``
    (nothing) for a user without an agency."""
    agency_id = getattr(user, "agency_id", None)
    if not getattr(user, "is_authenticated", False) or not agency_id:
        return Q(pk__in=[])
    return Q(shared_with_agency(agency_id)) | Q(Exists(rules_matching_case(agency_id)))


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
    """The partnership rules through which the user's agency sees ``case`` (one query)."""
    agency_id = getattr(user, "agency_id", None)
    if not agency_id or agency_id == case.lead_agency_id:
        return []
    this_case = Case.objects.filter(pk=case.pk).filter(
        Exists(rules_matching_case(agency_id).filter(pk=OuterRef(OuterRef("pk"))))
    )
    return list(
        PartnershipRule.objects.filter(Exists(this_case))
        .select_related("agreement")
        .order_by("name")
    )


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
