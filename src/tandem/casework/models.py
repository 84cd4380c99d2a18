"""Case work to the minimum standards: who leads a case, and how the victims are kept in touch.

``CaseAssignment`` is the history of the lead agency and the single named officer;
``ContactPlan`` is what each victim agreed (channel, how often, best times); ``ContactLog`` is
every contact made or received.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tandem.people.models import ContactChannel


class CaseAssignment(models.Model):
    """One change of who leads a case: the lead agency, the named officer, or both."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assignments")
    from_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    from_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_agency_id} → {self.to_agency_id}"

    @property
    def agency_changed(self) -> bool:
        return self.from_agency_id != self.to_agency_id


class ContactPlan(models.Model):
    """How a victim agreed to be kept informed on a case: one plan per victim per case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="contact_plans")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    frequency_days = models.PositiveSmallIntegerField(
        help_text="An update every so many calendar days (weekly is 7); the next update falls due "
        "on the first working day on or after that day."
    )
    best_times = models.CharField(max_length=200, blank=True)
    agreed_at = models.DateTimeField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="one_contact_plan_per_victim"),
            models.CheckConstraint(
                condition=models.Q(frequency_days__gte=1), name="contact_plan_frequency_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.person_id}: {self.channel} every {self.frequency_days} days"


class ContactDirection(models.TextChoices):
    OUTBOUND = "outbound", "We contacted them"
    INBOUND = "inbound", "They contacted us"


class ContactLog(models.Model):
    """One contact with someone on the case, made or received."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occurred_at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    direction = models.CharField(max_length=10, choices=ContactDirection.choices)
    summary = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    first_contact = models.BooleanField(
        default=False, help_text="The first contact we made with a victim on this case."
    )
    told_who_leads = models.BooleanField(
        default=False,
        help_text="The victim was told which agency leads and how to reach the named officer.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["case", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.direction} {self.channel} {self.occurred_at:%Y-%m-%d}"
