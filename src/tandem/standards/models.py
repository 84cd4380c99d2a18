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
