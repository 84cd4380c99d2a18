"""The harm-centred risk matrix, as versioned configuration, and the assessments made with it.

A matrix is edited while it is a draft, then published; a published (or retired) matrix never
changes again, so every assessment keeps exactly the questions, scores and thresholds it used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MatrixStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class RiskBand(models.TextChoices):
    """Bands from the lowest to the highest (``BAND_ORDER`` compares them)."""

    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


BAND_ORDER: list[RiskBand] = [RiskBand.STANDARD, RiskBand.MEDIUM, RiskBand.HIGH]


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    DONT_KNOW = "dont_know", "Don't know"


class RiskMatrix(models.Model):
    """One version of the partnership's risk matrix. Only one is published at a time."""

    version = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200, default="Harm-centred risk assessment")
    status = models.CharField(
        max_length=20, choices=MatrixStatus.choices, default=MatrixStatus.DRAFT
    )
    notes = models.TextField(blank=True, help_text="What changed in this version, and why.")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = "risk matrix"
        verbose_name_plural = "risk matrices"
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="published"),
                name="one_published_risk_matrix",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="published_matrix_has_published_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.version} ({self.get_status_display().lower()})"

    @property
    def editable(self) -> bool:
        return self.status == MatrixStatus.DRAFT


class Section(models.Model):
    """A group of questions: personal vulnerability, situational factors, incident and impact."""

    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="sections")
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["matrix", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "code"], name="one_section_code_per_matrix")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.matrix.version})"


class QuestionSignal(models.TextChoices):
    """What a "yes" also tells the automatic-high rules, whatever the incidents recorded."""

    NONE = "", "Nothing more"
    HATE_MOTIVATED = "hate_motivated", "The victim was targeted because of hate"
    THREATS_OR_VIOLENCE = "threats_or_violence", "There were threats or violence"


class Question(models.Model):
    """A yes / no / don't know question. "No" scores nothing; "don't know" is not "no"."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=50, help_text="Stable code used by the API.")
    text = models.CharField(max_length=300)
    help_text = models.TextField(blank=True, help_text="Shown under the question as a hint.")
    score_yes = models.PositiveSmallIntegerField()
    score_dont_know = models.PositiveSmallIntegerField(
        help_text="Points for "
        "“don't know”: not knowing is a risk too, so this is usually more than nothing."
    )
    position = models.PositiveIntegerField(default=0)
    automatic_high = models.BooleanField(
        default=False,
        help_text="A yes makes the band high whatever the score (e.g. fear for physical safety).",
    )
    signal = models.CharField(
        max_length=30,
        choices=QuestionSignal.choices,
        default=QuestionSignal.NONE,
        blank=True,
        help_text="What a yes tells the automatic-high rules.",
    )
    sensitive = models.BooleanField(
        default=False,
        help_text="The answer is sensitive data (health, mental health, disability…): shown only "
        "to roles that may see sensitive data in the owning or a sharing agency. Applies to "
        "every version's question with this code.",
    )

    class Meta:
        ordering = ["section__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "code"], name="one_question_code_per_section"
            ),
            models.CheckConstraint(
                condition=models.Q(score_dont_know__lte=models.F("score_yes")),
                name="dont_know_scores_at_most_yes",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class BandThreshold(models.Model):
    """A band, the lowest total score that reaches it, and what the band means for the case."""

    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="bands")
    band = models.CharField(max_length=20, choices=RiskBand.choices)
    min_score = models.PositiveSmallIntegerField(help_text="The lowest total score in this band.")
    supervisor_review_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Supervisor review (and re-assessment) every so many days; blank for none.",
    )
    senior_review_days = models.PositiveSmallIntegerField(null=True, blank=True)
    head_of_service_review_days = models.PositiveSmallIntegerField(null=True, blank=True)
    named_contact = models.BooleanField(
        default=False, help_text="The victim has a named point of contact."
    )
    contact_offer = models.CharField(
        max_length=100,
        blank=True,
        help_text="How often the victim is offered contact, e.g. weekly.",
    )

    class Meta:
        ordering = ["matrix", "min_score"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "band"], name="one_threshold_per_band")
        ]

    def __str__(self) -> str:
        return f"{self.get_band_display()} from {self.min_score}"

    @property
    def reassess_after_days(self) -> int | None:
        """Re-assessment falls due at the band's first (most frequent) review."""
        cadences = [
            days
            for days in (
                self.supervisor_review_days,
                self.senior_review_days,
                self.head_of_service_review_days,
            )
            if days
        ]
        return min(cadences) if cadences else None


class RuleKind(models.TextChoices):
    DESIGNATED_QUESTION = "designated_question", "A designated question is answered yes"
    HATE_WITH_THREATS = "hate_with_threats", "Hate motivated, with threats or violence"
    REPEAT_VICTIM = "repeat_victim", "Repeat victim above a number of incidents in 12 months"


class AutomaticHighRule(models.Model):
    """A rule that makes the band high whatever the score."""

    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=30, choices=RuleKind.choices)
    threshold = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Repeat victims: high when the person was the victim in more than this many "
        "incidents in the last 12 months.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["matrix", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "kind"], name="one_rule_per_kind"),
            models.CheckConstraint(
                condition=~models.Q(kind="repeat_victim") | models.Q(threshold__isnull=False),
                name="repeat_rule_has_threshold",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == RuleKind.REPEAT_VICTIM:
            return f"Repeat victim: more than {self.threshold} incidents in 12 months"
        return self.get_kind_display()


class RiskAssessment(models.Model):
    """A completed assessment of one person on one case. Never changed after it is made; a new
    assessment supersedes it (only ``superseded_by`` and ``superseded_at`` are ever set later)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="risk_assessments"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="risk_assessments"
    )
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.PROTECT, related_name="assessments")
    score = models.PositiveSmallIntegerField()
    computed_band = models.CharField(max_length=20, choices=RiskBand.choices)
    band = models.CharField(
        max_length=20, choices=RiskBand.choices, help_text="After any professional judgement."
    )
    reasons = models.JSONField(default=list, blank=True)
    context = models.JSONField(
        default=dict, blank=True, help_text="What the automatic-high rules saw at the time."
    )
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The supervisor who lowered the band.",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField()
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-assessed_at", "-id"]
        indexes = [models.Index(fields=["case", "person", "assessed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_current_assessment_per_person_per_case",
            ),
            models.CheckConstraint(
                condition=models.Q(band=models.F("computed_band")) | ~models.Q(override_reason=""),
                name="changed_band_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.person}: {self.get_band_display()} ({self.score})"

    @property
    def current(self) -> bool:
        return self.superseded_at is None

    @property
    def overridden(self) -> bool:
        return self.band != self.computed_band


class RiskAnswer(models.Model):
    """One question's answer in an assessment, with the points it scored."""

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["assessment", "question__section__position", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.answer}"
