"""Forms for merging people and recording vulnerability. They check formats; services check
the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.incidents.models import HateStrand
from tandem.people.matching import Candidate
from tandem.people.models import VulnerabilityFactor

KEEP_THIS = "this"
KEEP_OTHER = "other"


class MergeForm(forms.Form):
    duplicate = forms.ChoiceField(
        label="Which record is the same person?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the record that is the same person"},
    )
    keep = forms.ChoiceField(
        label="Which record should be kept?",
        widget=forms.RadioSelect,
        choices=[
            (KEEP_THIS, "Keep this record and merge the other into it"),
            (KEEP_OTHER, "Keep the other record and merge this one into it"),
        ],
        initial=KEEP_THIS,
        error_messages={"required": "Select which record to keep"},
    )
    reason = forms.CharField(
        label="Why are they the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example, confirmed with the person by phone. The reason is kept with the "
        "merge.",
        error_messages={"required": "Give the reason these records are the same person"},
    )

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(c.person.pk): c for c in candidates}
        field: Any = self.fields["duplicate"]
        field.choices = [(pk, _describe(c)) for pk, c in self.candidates.items()]
        field.option_hints = {
            pk: f"{c.percent}% match: {', '.join(c.reasons)}" for pk, c in self.candidates.items()
        }

    def chosen(self) -> Candidate:
        return self.candidates[self.cleaned_data["duplicate"]]


def _describe(candidate: Candidate) -> str:
    person = candidate.person
    parts = [person.full_name]
    if person.date_of_birth:
        parts.append(f"born {person.date_of_birth:%-d %B %Y}")
    if person.postcode:
        parts.append(person.postcode)
    return ", ".join(parts)


class UnmergeForm(forms.Form):
    reason = forms.CharField(
        label="Why are they different people?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Give the reason these records are different people"},
    )


class VulnerabilityForm(forms.Form):
    factors = forms.ModelMultipleChoiceField(
        label="Vulnerability",
        queryset=VulnerabilityFactor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
        required=False,
        help_text="Select all that apply.",
    )
    hate_strands = forms.ModelMultipleChoiceField(
        label="Do they feel targeted because of who they are?",
        queryset=HateStrand.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
        required=False,
        help_text="The person's own perception. Select all that apply.",
    )
    notes = forms.CharField(
        label="Notes",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="Support needed, reasonable adjustments, who else is involved.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["factors"].queryset = VulnerabilityFactor.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["hate_strands"].queryset = HateStrand.objects.filter(active=True)  # type: ignore[attr-defined]
