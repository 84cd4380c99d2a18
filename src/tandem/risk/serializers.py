"""The risk matrix and assessments over the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tandem.cases.models import Case
from tandem.core.redaction import RedactedFieldsMixin, RestrictedField, reader_sees_sensitive
from tandem.people.models import Person
from tandem.risk.models import Answer, RiskBand, RiskMatrix, RuleKind
from tandem.risk.selectors import is_victim_on_case, matrix_questions, redacted_reasons
from tandem.risk.services import answers_errors


class AnswerOptionSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=Answer.choices)
    label = serializers.CharField()  # type: ignore[assignment]
    score = serializers.IntegerField()


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    text = serializers.CharField()
    help = serializers.CharField(source="help_text", help_text="A hint shown with the question.")
    automatic_high = serializers.BooleanField(
        help_text="A yes makes the band high whatever the score."
    )
    options = serializers.SerializerMethodField()

    @extend_schema_field(AnswerOptionSerializer(many=True))
    def get_options(self, question: Any) -> Any:
        scores = {
            Answer.YES: question.score_yes,
            Answer.NO: 0,
            Answer.DONT_KNOW: question.score_dont_know,
        }
        return AnswerOptionSerializer(
            [
                {"value": answer.value, "label": answer.label, "score": scores[answer]}
                for answer in Answer
            ],
            many=True,
        ).data


class SectionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    questions = QuestionSerializer(many=True)


class BandSerializer(serializers.Serializer):
    band = serializers.ChoiceField(choices=RiskBand.choices)
    min_score = serializers.IntegerField(help_text="The lowest total score in this band.")
    supervisor_review_days = serializers.IntegerField(allow_null=True)
    senior_review_days = serializers.IntegerField(allow_null=True)
    head_of_service_review_days = serializers.IntegerField(allow_null=True)
    reassess_after_days = serializers.IntegerField(
        allow_null=True, help_text="Re-assessment falls due this many days after an assessment."
    )
    named_contact = serializers.BooleanField()
    contact_offer = serializers.CharField()


class RuleSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RuleKind.choices)
    description = serializers.CharField(source="__str__")
    threshold = serializers.IntegerField(allow_null=True)


class RiskMatrixSerializer(serializers.Serializer):
    """The published matrix (``published_matrix``), with the answers each question takes."""

    version = serializers.IntegerField()
    name = serializers.CharField()
    published_at = serializers.DateTimeField()
    sections = SectionSerializer(many=True)
    bands = BandSerializer(many=True)
    automatic_high_rules = serializers.SerializerMethodField()

    @extend_schema_field(RuleSerializer(many=True))
    def get_automatic_high_rules(self, matrix: RiskMatrix) -> Any:
        return RuleSerializer([rule for rule in matrix.rules.all() if rule.active], many=True).data


class AssessmentCreateSerializer(serializers.Serializer):
    """A new assessment of a victim on the case; ``context``: ``case`` and the published
    ``matrix``."""

    person = serializers.IntegerField(help_text="The id of a victim named on the case.")
    answers = serializers.DictField(
        child=serializers.ChoiceField(choices=Answer.choices),
        help_text="Every question's code with `yes`, `no` or `dont_know` (see "
        "`/api/v1/risk/matrix/`). Don't know is not no: it scores.",
    )
    override_band = serializers.ChoiceField(
        choices=RiskBand.choices,
        required=False,
        allow_null=True,
        help_text="Professional judgement: a different band, with `override_reason`. Raising "
        "is open to every assessor; lowering needs a supervisor.",
    )
    override_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )

    def validate_person(self, value: int) -> Person:
        case: Case = self.context["case"]
        person = Person.objects.filter(pk=value).first()
        if person is None or not is_victim_on_case(case, person.pk):
            raise serializers.ValidationError("Choose a victim named on this case")
        return person

    def validate_answers(self, value: dict[str, str]) -> dict[str, str]:
        errors = answers_errors(matrix_questions(self.context["matrix"]), value)
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("override_band") and not attrs.get("override_reason", "").strip():
            raise serializers.ValidationError(
                {"override_reason": ["Give the reason for changing the band"]}
            )
        return attrs


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="full_name")


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="display_name")


class AnswerSerializer(RedactedFieldsMixin, serializers.Serializer):
    """One answer. Answers to questions flagged sensitive (health, mental health, disability…)
    are withheld, with their score, from readers who may not see sensitive data."""

    sensitive_fields = ("answer", "score")

    question = serializers.CharField(source="question.code")
    answer = serializers.ChoiceField(choices=Answer.choices, allow_null=True)
    score = serializers.IntegerField(allow_null=True)
    restricted = RestrictedField()

    def withheld_fields(self, instance: Any) -> list[str]:
        if instance.question.code not in self.context.get("sensitive_codes", frozenset()):
            return []
        return super().withheld_fields(instance)


class AssessmentSerializer(RedactedFieldsMixin, serializers.Serializer):
    """A recorded assessment, as it was made (``case_assessments`` or the service's result).

    Context: ``sensitive`` (may the reader see sensitive data on the case) and
    ``sensitive_codes`` (``sensitive_question_codes()``). Otherwise the reason for a change of
    band (officers' free text) is withheld, and so are sensitive answers and any automatic-high
    reason naming a sensitive question.
    """

    sensitive_fields = ("override_reason",)

    id = serializers.IntegerField(source="pk")
    case = serializers.CharField(source="case.reference")
    person = PersonRefSerializer()
    matrix_version = serializers.IntegerField(source="matrix.version")
    score = serializers.IntegerField()
    band = serializers.ChoiceField(
        choices=RiskBand.choices, help_text="The band in force, after any professional judgement."
    )
    computed_band = serializers.ChoiceField(
        choices=RiskBand.choices, help_text="The band the answers and automatic rules gave."
    )
    reasons = serializers.ListField(child=serializers.CharField())
    override_reason = serializers.CharField(allow_null=True)
    overridden_by = UserRefSerializer(allow_null=True)
    approved_by = UserRefSerializer(allow_null=True)
    assessor = UserRefSerializer()
    assessed_at = serializers.DateTimeField()
    current = serializers.BooleanField()
    superseded_at = serializers.DateTimeField(allow_null=True)
    superseded_by = serializers.IntegerField(source="superseded_by_id", allow_null=True)
    answers = AnswerSerializer(many=True)
    restricted = RestrictedField()

    def withheld_fields(self, instance: Any) -> list[str]:
        if not instance.override_reason:
            return []
        return super().withheld_fields(instance)

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        if not reader_sees_sensitive(self):
            data["reasons"] = redacted_reasons(
                data["reasons"], instance, self.context.get("sensitive_codes", frozenset())
            )
        return data
