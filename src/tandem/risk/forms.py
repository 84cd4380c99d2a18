"""The assessment form: one yes / no / don't know question per matrix question, grouped by
section, and an optional change of band with a reason (professional judgement)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from tandem.risk.models import Answer, RiskBand, RiskMatrix
from tandem.risk.selectors import matrix_questions

KEEP = "matrix"
FIELD_PREFIX = "q-"


@dataclass(frozen=True)
class SectionFields:
    name: str
    description: str
    fields: list[forms.BoundField]


class AssessmentForm(forms.Form):
    override_band = forms.ChoiceField(
        label="Professional judgement",
        choices=[(KEEP, "Keep the band the answers give")]
        + [(band.value, f"Make it {band.label.lower()}") for band in RiskBand],
        widget=forms.RadioSelect,
        required=False,
        initial=KEEP,
        help_text="You may raise the band if you believe the risk is higher than the answers "
        "show. Only a supervisor may lower it.",
    )
    override_reason = forms.CharField(
        label="Reason for changing the band",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Needed if you change the band. It is kept with the assessment.",
    )

    def __init__(self, *args: Any, matrix: RiskMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matrix = matrix
        self.questions = matrix_questions(matrix)
        questions = {}
        for question in self.questions:
            questions[FIELD_PREFIX + question.code] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer “{question.text}”"},
            )
        # The questions come first, in the order they are asked.
        self.fields = {**questions, **self.fields}

    def sections(self) -> list[SectionFields]:
        return [
            SectionFields(
                name=section.name,
                description=section.description,
                fields=[self[FIELD_PREFIX + question.code] for question in section.questions.all()],
            )
            for section in self.matrix.sections.all()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        band = data.get("override_band") or KEEP
        if band != KEEP and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", "Give the reason for changing the band")
        return data

    def answers(self) -> dict[str, str]:
        return {
            question.code: self.cleaned_data[FIELD_PREFIX + question.code]
            for question in self.questions
        }

    def chosen_band(self) -> str | None:
        band = self.cleaned_data.get("override_band") or KEEP
        return None if band == KEEP else band

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            target = field if field in {"override_band", "override_reason"} else None
            for message in messages:
                self.add_error(target, message)
