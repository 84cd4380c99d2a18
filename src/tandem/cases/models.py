from __future__ import annotations

from django.conf import settings
from django.db import models


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold"
    CLOSED = "closed", "Closed"


class Priority(models.IntegerChoices):
    """Lower numbers come first in the work queue."""

    HIGH = 1, "High"
    MEDIUM = 2, "Medium"
    STANDARD = 3, "Standard"


class Case(models.Model):
    """A problem being worked by the partnership, linking its incidents and people.

    ``category``, ``ward`` and ``address`` are copied from the incident that opened the case so the
    work queue can filter and sort without joining through incidents.
    """

    reference = models.CharField(max_length=20, unique=True)
    lead_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="led_cases"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        help_text="The single named point of contact",
    )
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.STANDARD)
    category = models.ForeignKey(
        "incidents.Category", on_delete=models.PROTECT, related_name="cases"
    )
    ward = models.ForeignKey(
        "geography.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    hate_motivated = models.BooleanField(default=False)
    next_deadline = models.DateField(null=True, blank=True)
    reassessment_due = models.DateField(
        null=True,
        blank=True,
        help_text="When the victims' risk is next to be assessed: the band's review cadence, or "
        "at once when a new incident joins an assessed case.",
    )
    opened_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["priority", models.F("next_deadline").asc(nulls_last=True), "-opened_at"]
        indexes = [
            models.Index(fields=["lead_agency", "status", "priority", "next_deadline"]),
            models.Index(fields=["officer", "status", "priority", "next_deadline"]),
            models.Index(fields=["postcode", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_at__isnull=False),
                name="closed_case_has_closed_at",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class CaseEventKind(models.TextChoices):
    OPENED = "opened", "Case opened"
    INCIDENT_ADDED = "incident_added", "Incident added"
    STATUS_CHANGED = "status_changed", "Status changed"
    OFFICER_ASSIGNED = "officer_assigned", "Officer assigned"
    NOTE = "note", "Note"
    ASSESSED = "assessed", "Risk assessed"
    PRIORITY_CHANGED = "priority_changed", "Priority changed"


class CaseEvent(models.Model):
    """An entry in the case's timeline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=CaseEventKind.choices)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.TextField()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["case", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_kind_display()}"
