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
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closure_reason = models.ForeignKey(
        "cases.ClosureReason",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    closure_notes = models.TextField(blank=True)

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
    CLOSED = "closed", "Case closed"
    REOPENED = "reopened", "Case reopened"
    SURVEY_RECORDED = "survey_recorded", "Satisfaction survey recorded"
    SHARED = "shared", "Shared with an agency"
    SHARE_REVOKED = "share_revoked", "Share revoked"


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


class ClosureReason(models.Model):
    """Why a case may be closed (configurable). ``survey_due`` is false for cases closed at once
    (unjustified complaints, issues resolved on the spot, referral to mediation): no
    satisfaction questionnaire goes with their closure letter."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    survey_due = models.BooleanField(default=True)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class SurveyInvitation(models.Model):
    """A satisfaction survey offered to a victim at closure. The token is opaque, for the
    residents' online survey to come; staff record answers given by phone or on paper."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="survey_invitations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Survey for {self.case}"


class Agreement(models.TextChoices):
    STRONGLY_AGREE = "strongly_agree", "Strongly agree"
    AGREE = "agree", "Agree"
    NEITHER = "neither", "Neither agree nor disagree"
    DISAGREE = "disagree", "Disagree"
    STRONGLY_DISAGREE = "strongly_disagree", "Strongly disagree"


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", "Very satisfied"
    SATISFIED = "satisfied", "Fairly satisfied"
    NEITHER = "neither", "Neither satisfied nor dissatisfied"
    DISSATISFIED = "dissatisfied", "Fairly dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied", "Very dissatisfied"


class SurveyResponse(models.Model):
    """A victim's answers to the closure satisfaction survey."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="survey_responses")
    invitation = models.OneToOneField(
        SurveyInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
    )
    timescales_met = models.CharField(max_length=20, choices=Agreement.choices)
    kept_informed = models.CharField(max_length=20, choices=Agreement.choices)
    able_to_contact_officer = models.CharField(max_length=20, choices=Agreement.choices)
    support_offered = models.CharField(max_length=20, choices=Agreement.choices)
    outcome = models.CharField(max_length=20, choices=Satisfaction.choices)
    overall_satisfaction = models.CharField(max_length=20, choices=Satisfaction.choices)
    comments = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Survey response for {self.case}"
