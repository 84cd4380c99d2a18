"""Notifications to people outside the screen: email, text message, letter, and in-app.

Every message is a row first (queued), then sent by a background task after the change that caused
it has committed; a failed send is retried a bounded number of times and never undoes the change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"
    IN_APP = "in_app", "In-app"


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        help_text="A member of staff, when the message is for one",
    )
    address = models.TextField(
        blank=True, help_text="Email address, phone number or postal address (lines)"
    )
    channel = models.CharField(max_length=10, choices=NotificationChannel.choices)
    kind = models.SlugField(max_length=50, help_text="deadline-reminder, closure-letter, …")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    provider_reference = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["case", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.kind} ({self.get_status_display()})"


class ReminderPolicy(models.Model):
    """How many working days before a deadline its officer is reminded. A row with no agency is
    the partnership default; a row for an agency overrides it."""

    agency = models.OneToOneField(
        "accounts.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminder_policy",
    )
    remind_working_days_before = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name_plural = "reminder policies"

    def __str__(self) -> str:
        who = self.agency.name if self.agency else "Default"
        return f"{who}: {self.remind_working_days_before} working day(s) before"
