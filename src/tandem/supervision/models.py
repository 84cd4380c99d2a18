"""Supervision of cases: supervisor reviews, and multi-agency case conferences.

``ReviewDecision`` is configuration as data (admin screen, seeded by a data migration): the
decisions a supervisor may record. A ``SupervisorReview`` meets the case's open ``review``
deadline and sets the next one. A ``CaseConference`` discusses several cases, with decisions per
case (``ConferenceCase``) and actions that become tasks (``ConferenceAction``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from tandem.cases.models import Case


class ReviewDecision(models.Model):
    """A decision a supervisor may record at a review (continue, escalate, …)."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class SupervisorReview(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="supervisor_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField()
    decision = models.ForeignKey(ReviewDecision, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    next_review_on = models.DateField(
        null=True, blank=True, help_text="When the next supervisor review falls due."
    )
    later_reason = models.TextField(
        blank=True, help_text="Why the next review is later than the risk band's cadence."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        indexes = [models.Index(fields=["case", "reviewed_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} reviewed {self.reviewed_at:%Y-%m-%d}"


class CaseConference(models.Model):
    """A multi-agency meeting that discussed one or more cases."""

    title = models.CharField(max_length=200)
    held_at = models.DateTimeField()
    chair = models.CharField(max_length=200)
    location = models.CharField(max_length=200, blank=True)
    online = models.BooleanField(default=False)
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency that recorded it.",
    )
    agencies_present = models.ManyToManyField("accounts.Agency", related_name="+", blank=True)
    cases: models.ManyToManyField[Case, ConferenceCase] = models.ManyToManyField(
        "cases.Case", through="ConferenceCase", related_name="conferences"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["agency", "held_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_at:%Y-%m-%d})"


class ConferenceCase(models.Model):
    """One case discussed at a conference, and what was decided about it."""

    conference = models.ForeignKey(
        CaseConference, on_delete=models.CASCADE, related_name="discussions"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="conference_discussions"
    )
    decisions = models.TextField()

    class Meta:
        ordering = ["conference", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "case"], name="case_discussed_once_per_conference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conference_id}: {self.case_id}"


class ConferenceAction(models.Model):
    """An action agreed at a conference on one case; it becomes a task on that case."""

    conference = models.ForeignKey(CaseConference, on_delete=models.CASCADE, related_name="actions")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=300)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    task = models.OneToOneField(
        "referrals.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conference_action",
    )

    class Meta:
        ordering = ["conference", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_user__isnull=False) | models.Q(owner_agency__isnull=False),
                name="conference_action_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.description
