from __future__ import annotations

from django.db import models


class ServiceStandard(models.Model):
    """A promise of the partnership's minimum standards, as a clock in working days.

    A row with no agency is the partnership default; a row for an agency overrides it.
    """

    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    working_days = models.PositiveSmallIntegerField()
    serious_only = models.BooleanField(
        default=False,
        help_text="Applies only to serious cases (violence, threats of violence, hate).",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_standards",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "agency"], name="one_standard_per_code_and_agency"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(agency__isnull=True),
                name="one_default_standard_per_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.working_days} working days)"


class CaseDeadline(models.Model):
    """One clock running on a case: a promise (first contact, an update, a review, a power's
    follow-up) with the working day it falls due, and what became of it.

    ``Case.next_deadline`` is the earliest open one, kept in step by the services that change
    deadlines, so the work queue can sort without a join.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deadlines")
    kind = models.SlugField(
        max_length=50, help_text="first-contact, serious-appointment, update, review, …"
    )
    label = models.CharField(max_length=200)
    due_on = models.DateField()
    met_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(
        max_length=100, blank=True, help_text="What set it: a standard's code, a power, …"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["case", "due_on"]),
            models.Index(
                fields=["due_on"],
                condition=models.Q(met_at__isnull=True, cancelled_at__isnull=True),
                name="open_deadlines_by_due_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} due {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.cancelled_at is None
