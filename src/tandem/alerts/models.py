"""In-app alerts to members of staff. Email and text messages come with notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AlertKind(models.TextChoices):
    HIGH_RISK = "high_risk", "High-risk victim"
    DEADLINE_MISSED = "deadline_missed", "Service standard missed"


class Alert(models.Model):
    """Something one member of staff needs to know about a case, until they mark it read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=30, choices=AlertKind.choices)
    message = models.TextField()
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.case} for {self.recipient}"
