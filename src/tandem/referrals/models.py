"""Tasks on a case, and referrals to partner agencies' services.

Accepting a referral opens a share of the case to the receiving agency (``tandem.sharing``), which
``cases_visible_to`` reads; completing it ends the share: the purpose has been served. A requested
or declined referral opens nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tandem.accounts.models import AgencyKind


class Task(models.Model):
    """Something to be done on a case, by a named user or by an agency."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=300)
    assigned_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    assigned_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    due_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = [models.F("done_at").asc(nulls_first=True), "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assigned_user__isnull=False)
                | models.Q(assigned_agency__isnull=False),
                name="task_assigned_to_someone",
            ),
            models.CheckConstraint(
                condition=models.Q(done_at__isnull=True) | models.Q(done_by__isnull=False),
                name="done_task_has_done_by",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def assignee(self) -> str:
        if self.assigned_user is not None:
            return self.assigned_user.display_name
        return self.assigned_agency.name if self.assigned_agency is not None else ""


class ReferralService(models.Model):
    """A service cases are referred to, and the agency that provides it (configurable)."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral_services",
        help_text="Who provides it; blank: choose among agencies of the kind below",
    )
    agency_kind = models.CharField(
        max_length=20, choices=AgencyKind.choices, blank=True, help_text="Who usually provides it"
    )
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    COMPLETED = "completed", "Completed"


class Referral(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(ReferralService, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="referrals_received"
    )
    from_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="referrals_made"
    )
    reason = models.TextField()
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["to_agency", "status", "case"]),
            models.Index(fields=["case", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="requested") | models.Q(responded_at__isnull=False),
                name="answered_referral_has_responded_at",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="declined_referral_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_at__isnull=False),
                name="completed_referral_has_completed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} for {self.case_id}"
