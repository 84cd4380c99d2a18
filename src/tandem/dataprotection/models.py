"""Data protection: people's rights over what Tandem holds about them, and how long it is kept.

``SubjectAccessRequest`` records a request for a copy of someone's personal data and its
statutory deadline; ``RectificationRecord`` records each correction of a person's details, old
value and new; ``RetentionRule`` is the partnership's retention schedule as data, applied by
``tandem apply-retention``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RequesterKind(models.TextChoices):
    SUBJECT = "subject", "The person themselves"
    REPRESENTATIVE = "representative", "Someone acting for them"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SubjectAccessRequest(models.Model):
    """A request by (or for) a person for a copy of the personal data an agency holds about them.

    ``due_on`` is one calendar month after ``received_on`` (UK GDPR article 12(3)), moved to the
    next working day when it falls on a weekend or bank holiday. ``reference`` is random and may
    be given to the requester.
    """

    reference = models.CharField(max_length=20, unique=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="subject_access_requests"
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency answering the request.",
    )
    requested_by = models.CharField(max_length=20, choices=RequesterKind.choices)
    representative_name = models.CharField(
        max_length=200, blank=True, help_text="Who is acting for the person, when someone is."
    )
    received_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(
        blank=True, help_text="How identity was checked, what was asked for, how the reply went."
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "subject access request"
        indexes = [models.Index(fields=["agency", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("received_on")),
                name="sar_due_on_or_after_received",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(completed_at__isnull=False),
                name="closed_sar_has_completed_at",
            ),
            models.CheckConstraint(
                condition=~models.Q(requested_by="representative")
                | ~models.Q(representative_name=""),
                name="sar_representative_is_named",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN


class RectifiableField(models.TextChoices):
    FIRST_NAME = "first_name", "First name"
    LAST_NAME = "last_name", "Last name"
    DATE_OF_BIRTH = "date_of_birth", "Date of birth"
    ADDRESS = "address", "Address"
    POSTCODE = "postcode", "Postcode"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    PREFERRED_CHANNEL = "preferred_channel", "Preferred way to be contacted"


class RectificationRecord(models.Model):
    """One correction of one of a person's details: what it was, what it became, and why."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="rectifications"
    )
    field = models.CharField(max_length=30, choices=RectifiableField.choices)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField()
    requested_by_subject = models.BooleanField(
        help_text="The person asked for the correction (their right to rectification)."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["person", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.field} corrected {self.recorded_at:%Y-%m-%d}"


class RetentionKind(models.TextChoices):
    CLOSED_CASE_PEOPLE = (
        "closed_case_people",
        "People whose every case closed longer ago than the period",
    )
    EVIDENCE_FILES = "evidence_files", "Evidence files of cases closed longer ago than the period"
    AUDIT_PERSONAL_DATA = (
        "audit_personal_data",
        "Personal data in audit records older than the period",
    )


class RetentionAction(models.TextChoices):
    ANONYMISE = "anonymise", "Anonymise: clear personal data, keep the statistics"
    DELETE = "delete", "Delete"


# What each kind of rule can do: people and audit records are anonymised (their statistics are
# still counted), evidence files are deleted.
ACTIONS_BY_KIND: dict[str, str] = {
    RetentionKind.CLOSED_CASE_PEOPLE: RetentionAction.ANONYMISE,
    RetentionKind.EVIDENCE_FILES: RetentionAction.DELETE,
    RetentionKind.AUDIT_PERSONAL_DATA: RetentionAction.ANONYMISE,
}


class RetentionRule(models.Model):
    """One line of the partnership's retention schedule, applied by ``tandem apply-retention``."""

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=30, choices=RetentionKind.choices)
    period_years = models.PositiveSmallIntegerField(default=6)
    period_months = models.PositiveSmallIntegerField(
        default=0, help_text="Added to the years: 0 to 11."
    )
    action = models.CharField(max_length=20, choices=RetentionAction.choices)
    active = models.BooleanField(
        default=True, help_text="Only active rules are applied by the scheduled command."
    )
    description = models.TextField(
        blank=True, help_text="Why the period is what it is: the policy or law it comes from."
    )
    last_run_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_run_counts = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_months__lte=11), name="retention_months_below_twelve"
            ),
            models.CheckConstraint(
                condition=models.Q(period_years__gt=0) | models.Q(period_months__gt=0),
                name="retention_period_not_zero",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    *[
                        models.Q(kind=kind, action=action)
                        for kind, action in ACTIONS_BY_KIND.items()
                    ],
                    _connector=models.Q.OR,
                ),
                name="retention_action_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def period_label(self) -> str:
        parts = []
        if self.period_years:
            parts.append(f"{self.period_years} year{'s' if self.period_years != 1 else ''}")
        if self.period_months:
            parts.append(f"{self.period_months} month{'s' if self.period_months != 1 else ''}")
        return " and ".join(parts)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        if self.period_months > 11:
            errors["period_months"] = "Give 0 to 11 months; put whole years in the years"
        if not self.period_years and not self.period_months:
            errors["period_years"] = "Give a period of at least one month"
        expected = ACTIONS_BY_KIND.get(self.kind)
        if expected and self.action and self.action != expected:
            errors["action"] = (
                f"This kind of rule can only {RetentionAction(expected).name.lower()}"
            )
        if errors:
            raise ValidationError(errors)
