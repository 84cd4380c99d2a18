"""Forms for status changes, closure, reopening and survey answers (GOV.UK radios)."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.cases.closure import WORKING_STATUSES
from tandem.cases.models import ClosureReason, SurveyResponse


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[(status.value, status.label) for status in WORKING_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a status"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseCaseForm(forms.Form):
    reason = forms.ModelChoiceField(
        label="Why is the case being closed?",
        queryset=ClosureReason.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose why the case is being closed"},
    )
    notes = forms.CharField(
        label="Closure notes",
        help_text="What was done and why the case can close. The victim's letter does not "
        "include these notes.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter closure notes"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reasons = ClosureReason.objects.filter(active=True)
        field = self.fields["reason"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = reasons
        field.option_hints = {  # type: ignore[attr-defined]
            str(reason.pk): "No satisfaction survey is sent"
            for reason in reasons
            if not reason.survey_due
        }


class ReopenCaseForm(forms.Form):
    reason = forms.CharField(
        label="Why is the case being reopened?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={"required": "Enter why the case is being reopened"},
    )


class SurveyResponseForm(forms.ModelForm):
    class Meta:
        model = SurveyResponse
        fields = [
            "timescales_met",
            "kept_informed",
            "able_to_contact_officer",
            "support_offered",
            "outcome",
            "overall_satisfaction",
            "comments",
        ]
        labels = {
            "timescales_met": "We did what we said we would, when we said we would",
            "kept_informed": "You were kept informed about your case",
            "able_to_contact_officer": "You were able to contact your case officer when you needed to",
            "support_offered": "You were offered the support you needed",
            "outcome": "How satisfied are you with the outcome of your case?",
            "overall_satisfaction": "Overall, how satisfied are you with how your case was handled?",
            "comments": "Comments (optional)",
        }
        widgets = dict.fromkeys(
            [
                "timescales_met",
                "kept_informed",
                "able_to_contact_officer",
                "support_offered",
                "outcome",
                "overall_satisfaction",
            ],
            forms.RadioSelect,
        ) | {"comments": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField):
                field.error_messages["required"] = (
                    f"Choose an answer for “{self.Meta.labels[name]}”"
                )

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "comments"}
