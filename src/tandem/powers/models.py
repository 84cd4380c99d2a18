"""The catalogue of interventions and powers, with the law's rules as data, and their uses on
cases.

Every rule the engine in ``rules.py`` enforces is a field here: change the row (in Settings) and
the outcome changes, without a code change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RespondentKind(models.TextChoices):
    PERSON = "person", "A person"
    BODY = "body", "A business or organisation"
    PREMISES = "premises", "Premises"
    AREA = "area", "A public place"


class DurationUnit(models.TextChoices):
    HOURS = "hours", "hours"
    DAYS = "days", "days"
    MONTHS = "months", "months"
    YEARS = "years", "years"


class Anchor(models.TextChoices):
    ISSUED = "issued", "Issued"
    SERVED = "served", "Served (or issued, if not served)"
    STARTS = "starts", "Starts"
    ENDS = "ends", "Ends (or comply-by date)"
    GROUNDS = "grounds", "Conviction or finding"


class Power(models.Model):
    """One intervention or power and the rules the law sets for it."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    statutory = models.BooleanField(default=False, help_text="A power under the 2014 Act or law")
    legal_action = models.BooleanField(
        default=False,
        help_text="Court or enforcement action: before taking it against a disabled person a case "
        "meeting must consider the disability (a warning).",
    )
    respondent_kinds = models.CharField(
        max_length=60,
        default="person",
        help_text="Who it may be used against, comma-separated: person, body, premises, area",
    )
    minimum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Refused for a person younger than this"
    )
    prerequisite = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A power that must already be recorded on the case for the same respondent",
    )
    requires_conviction = models.BooleanField(default=False)
    requires_authorisation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who must authorise it (e.g. 'an inspector'); refused without an authoriser",
    )
    duration_unit = models.CharField(
        max_length=10, choices=DurationUnit.choices, blank=True, help_text="Unit of the limits"
    )
    minimum_duration = models.PositiveIntegerField(null=True, blank=True)
    maximum_duration = models.PositiveIntegerField(null=True, blank=True)
    indefinite_allowed = models.BooleanField(default=False)
    maximum_total_duration = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="With extensions: the most the uses on one respondent may add up to",
    )
    senior_maximum_duration = models.PositiveIntegerField(
        null=True, blank=True, help_text="The longer limit allowed with senior sign-off"
    )
    senior_authorisation = models.CharField(
        max_length=200, blank=True, help_text="Who gives that sign-off"
    )
    under18_minimum_duration = models.PositiveIntegerField(null=True, blank=True)
    under18_maximum_duration = models.PositiveIntegerField(null=True, blank=True)
    under18_indefinite_allowed = models.BooleanField(default=False)
    under18_review_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Review interval for a respondent under 18"
    )
    under18_consultation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who to consult first when the respondent is under 18 (a warning)",
    )
    appeal_window_days = models.PositiveSmallIntegerField(null=True, blank=True)
    grounds_window_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Must be used within this many months of the conviction"
    )
    closure_grounds_window_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="…or within this many months when the grounds are a closure order",
    )
    warning = models.TextField(
        blank=True, help_text="A point of judgement to confirm every time it is used"
    )
    guidance = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def kinds(self) -> list[str]:
        return [kind.strip() for kind in self.respondent_kinds.split(",") if kind.strip()]


class PowerFollowUp(models.Model):
    """A deadline a power's use sets on the case: an offset from one of its dates."""

    power = models.ForeignKey(Power, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.SlugField(max_length=40)
    label = models.CharField(max_length=200)
    anchor = models.CharField(max_length=10, choices=Anchor.choices)
    offset = models.IntegerField(default=0)
    offset_unit = models.CharField(
        max_length=10, choices=DurationUnit.choices, default=DurationUnit.DAYS
    )
    under18_only = models.BooleanField(default=False)
    when_grounds_closure_order = models.BooleanField(
        null=True,
        blank=True,
        help_text="Only when the grounds are (yes) or are not (no) a closure order; blank: always",
    )

    class Meta:
        ordering = ["power", "id"]

    def __str__(self) -> str:
        return f"{self.power}: {self.label}"


class PowerUse(models.Model):
    """A power or intervention used on a case against one respondent."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="power_uses")
    power = models.ForeignKey(Power, on_delete=models.PROTECT, related_name="uses")
    respondent_kind = models.CharField(max_length=10, choices=RespondentKind.choices)
    respondent_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    respondent_name = models.CharField(
        max_length=300, blank=True, help_text="The body, premises or area"
    )
    respondent_age = models.PositiveSmallIntegerField(null=True, blank=True)
    issued_on = models.DateField()
    served_on = models.DateField(null=True, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    duration = models.PositiveIntegerField(null=True, blank=True)
    duration_unit = models.CharField(max_length=10, choices=DurationUnit.choices, blank=True)
    indefinite = models.BooleanField(default=False)
    conviction_reference = models.CharField(max_length=100, blank=True)
    grounds_on = models.DateField(null=True, blank=True)
    grounds_closure_order = models.BooleanField(default=False)
    authorised_by = models.CharField(max_length=200, blank=True)
    senior_authorisation = models.BooleanField(default=False)
    respondent_disabled = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    acknowledged_warnings = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(respondent_person__isnull=False) | ~models.Q(respondent_name=""),
                name="power_use_has_respondent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.power} on {self.case_id}"

    @property
    def respondent(self) -> str:
        if self.respondent_person_id is not None and self.respondent_person is not None:
            return self.respondent_person.full_name
        return self.respondent_name
