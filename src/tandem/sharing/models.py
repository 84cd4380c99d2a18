"""Who outside a case's lead agency may see it, and on what legal footing.

A case belongs to its lead agency. Another agency sees it only through

- a **share** (``CaseShare``): one case, one agency, a purpose, a legal basis or an
  information-sharing agreement, who granted it and when, from when and until when; revocable.
  An accepted referral creates one, and completing the referral ends it.
- a **partnership rule** (``PartnershipRule``): standing configuration such as "the police and
  the district's community safety unit see every high-risk case in their area".

``tandem.cases.selectors.cases_visible_to`` reads both (``tandem.sharing.selectors``).
Information-sharing agreements (``SharingAgreement``) are the register that shares and rules
cite as their legal basis.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from tandem.accounts.models import AgencyKind
from tandem.cases.models import Priority
from tandem.risk.models import RiskBand

# An agreement whose review falls due within this many days is flagged "review due soon".
REVIEW_WARNING_DAYS = 30


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    ENDED = "ended", "Ended"


class SharingAgreement(models.Model):
    """An information-sharing agreement (ISA) between agencies of the partnership: the register
    entry, not the document itself (``document_url`` points to that)."""

    title = models.CharField(max_length=200)
    reference = models.CharField(
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                "Use letters, numbers, full stops, hyphens and underscores only",
            )
        ],
        help_text="Short reference, e.g. KM-ASB-ISA-2025: letters, numbers, full stops, hyphens "
        "and underscores",
    )
    owner_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency that keeps the agreement and leads its reviews",
    )
    parties = models.ManyToManyField(
        "accounts.Agency", related_name="sharing_agreements", help_text="Every signatory"
    )
    purpose = models.TextField(help_text="Why the information is shared")
    legal_basis = models.TextField(
        help_text="The powers and lawful bases relied on, e.g. Crime and Disorder Act 1998 "
        "s.115; UK GDPR Article 6(1)(e) public task"
    )
    data_categories = models.TextField(
        help_text="What information the agreement covers, e.g. names, addresses, incident "
        "details, risk assessments"
    )
    special_category_data = models.BooleanField(
        default=False,
        help_text="Special-category data (health, ethnicity, religion, sexuality…) and criminal "
        "offence data may be shared under this agreement",
    )
    special_category_condition = models.TextField(
        blank=True,
        help_text="The condition relied on for special-category data, e.g. UK GDPR Article "
        "9(2)(g) with DPA 2018 Schedule 1 paragraph 10 (preventing or detecting unlawful acts)",
    )
    starts_on = models.DateField()
    review_due = models.DateField(help_text="When the agreement is next to be reviewed")
    ends_on = models.DateField(null=True, blank=True, help_text="Blank: no fixed end")
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    document_url = models.URLField(blank=True, help_text="Where the signed agreement is kept")
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_it_starts",
                violation_error_message="The end date must be on or after the start date",
            ),
            models.CheckConstraint(
                condition=models.Q(special_category_data=False)
                | ~models.Q(special_category_condition=""),
                name="special_category_agreement_has_condition",
                violation_error_message="Give the condition relied on for special-category data",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"

    def in_force(self, today: date | None = None) -> bool:
        """Active, started and not ended: shares and rules may rely on it."""
        today = today or timezone.localdate()
        return (
            self.status == AgreementStatus.ACTIVE
            and self.starts_on <= today
            and (self.ends_on is None or self.ends_on >= today)
        )

    def review_state(self, today: date | None = None) -> str:
        """``overdue``, ``soon`` (within ``REVIEW_WARNING_DAYS``) or ``""``; ended agreements
        need no review."""
        today = today or timezone.localdate()
        if self.status == AgreementStatus.ENDED:
            return ""
        if self.review_due < today:
            return "overdue"
        if self.review_due <= today + timedelta(days=REVIEW_WARNING_DAYS):
            return "soon"
        return ""


def agreements_in_force_q(today: date, prefix: str = "") -> models.Q:
    """The ``in_force`` test as a query condition (``prefix`` e.g. ``"agreement__"``)."""
    return models.Q(
        **{
            f"{prefix}status": AgreementStatus.ACTIVE,
            f"{prefix}starts_on__lte": today,
        }
    ) & (
        models.Q(**{f"{prefix}ends_on__isnull": True})
        | models.Q(**{f"{prefix}ends_on__gte": today})
    )


class ShareStatus(models.TextChoices):
    PENDING = "pending", "Not yet started"
    IN_FORCE = "in_force", "In force"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class CaseShare(models.Model):
    """One case opened to one agency, for a purpose, on a legal basis, for a time.

    In force from ``starts_at`` until ``expires_at`` (none: until revoked), unless revoked.
    Never deleted: a revoked or expired share stays as the record of who could see the case.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="shares")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="case_shares"
    )
    purpose = models.TextField()
    legal_basis = models.TextField(blank=True)
    agreement = models.ForeignKey(
        SharingAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shares",
    )
    referral = models.OneToOneField(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="share",
        help_text="The accepted referral that opened the case to the agency",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField()
    starts_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Blank: until revoked")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        indexes = [
            # cases_visible_to's EXISTS: the user's agency, the case, shares not revoked.
            models.Index(
                fields=["agency", "case", "starts_at"],
                condition=models.Q(revoked_at__isnull=True),
                name="share_open_agency_case",
            ),
            models.Index(fields=["case", "granted_at"], name="share_case_granted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(legal_basis="") | models.Q(agreement__isnull=False),
                name="share_has_legal_basis",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True)
                | models.Q(expires_at__gt=models.F("starts_at")),
                name="share_expires_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | models.Q(revoked_by__isnull=False),
                name="revoked_share_has_revoked_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} shared with {self.agency_id}"

    def status_at(self, when: datetime | None = None) -> ShareStatus:
        when = when or timezone.now()
        if self.revoked_at is not None:
            return ShareStatus.REVOKED
        if self.expires_at is not None and self.expires_at <= when:
            return ShareStatus.EXPIRED
        if self.starts_at > when:
            return ShareStatus.PENDING
        return ShareStatus.IN_FORCE

    @property
    def status(self) -> ShareStatus:
        return self.status_at()

    @property
    def in_force(self) -> bool:
        return self.status == ShareStatus.IN_FORCE

    @property
    def open(self) -> bool:
        """In force or still to start: neither expired nor revoked."""
        return self.status in (ShareStatus.IN_FORCE, ShareStatus.PENDING)

    @property
    def last_day(self) -> date | None:
        """The last day the share is in force (it expires at the start of the next)."""
        if self.expires_at is None:
            return None
        return timezone.localdate(self.expires_at - timedelta(microseconds=1))

    @property
    def basis(self) -> str:
        """The legal basis in words: the agreement, the text, or both."""
        parts = []
        if self.agreement is not None:
            parts.append(f"{self.agreement.title} ({self.agreement.reference})")
        if self.legal_basis:
            parts.append(self.legal_basis)
        return "; ".join(parts)


def share_in_force_q(when: datetime, prefix: str = "") -> models.Q:
    """``CaseShare.in_force`` as a query condition (``prefix`` e.g. ``"shares__"``)."""
    return models.Q(**{f"{prefix}revoked_at__isnull": True, f"{prefix}starts_at__lte": when}) & (
        models.Q(**{f"{prefix}expires_at__isnull": True})
        | models.Q(**{f"{prefix}expires_at__gt": when})
    )


class RuleScope(models.TextChoices):
    AGENCY_AREA = "agency_area", "Cases in wards inside the receiving agency's own area"
    AREA = "area", "Cases in wards inside the area chosen below"
    EVERYWHERE = "everywhere", "Every case in the partnership"


class PartnershipRule(models.Model):
    """A standing rule: cases meeting the conditions are visible to the receiving agency (or
    every agency of a kind) without a share for each. Conditions left empty do not limit.

    The default (a data migration, inactive until an administrator turns it on): the police
    and each district's council see every open case with a high-risk victim in their area.
    """

    name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnership_rules",
        help_text="The agency that sees the cases; or choose a kind of agency below",
    )
    agency_kind = models.CharField(
        max_length=20,
        choices=AgencyKind.choices,
        blank=True,
        help_text="Every agency of this kind sees the cases (each within its own area when the "
        "scope says so)",
    )
    minimum_priority = models.PositiveSmallIntegerField(
        choices=Priority.choices,
        null=True,
        blank=True,
        help_text="Only cases at this priority or higher",
    )
    minimum_risk_band = models.CharField(
        max_length=20,
        choices=RiskBand.choices,
        blank=True,
        help_text="Only cases with a victim whose current risk assessment is at this band or "
        "higher",
    )
    categories = models.ManyToManyField(
        "incidents.Category",
        blank=True,
        related_name="+",
        help_text="Only cases in these categories (none chosen: any category)",
    )
    hate_motivated_only = models.BooleanField(default=False, help_text="Only hate incidents")
    open_cases_only = models.BooleanField(
        default=True, help_text="Closed cases drop out of the rule"
    )
    scope = models.CharField(
        max_length=20, choices=RuleScope.choices, default=RuleScope.AGENCY_AREA
    )
    area = models.ForeignKey(
        "geography.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For the scope 'inside the area chosen below': a district or the partnership",
    )
    purpose = models.TextField()
    legal_basis = models.TextField(blank=True)
    agreement = models.ForeignKey(
        SharingAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
        help_text="The rule stops applying when this agreement is no longer in force",
    )
    active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False) | ~models.Q(agency_kind=""),
                name="rule_names_agency_or_kind",
                violation_error_message="Choose the receiving agency or a kind of agency",
            ),
            models.CheckConstraint(
                condition=~models.Q(legal_basis="") | models.Q(agreement__isnull=False),
                name="rule_has_legal_basis",
                violation_error_message="Choose an agreement or give the legal basis",
            ),
            models.CheckConstraint(
                condition=~models.Q(scope="area") | models.Q(area__isnull=False),
                name="area_rule_has_area",
                violation_error_message="Choose the area the rule covers",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def receiver(self) -> str:
        if self.agency_id is not None and self.agency is not None:
            return self.agency.name
        return f"Every {AgencyKind(self.agency_kind).label.lower()} agency"
