"""Forms of evidence: a diary-sheet entry and a file upload."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.core.forms import GovukDateField, GovukTimeField
from tandem.people.models import Person


class ServiceErrorsMixin(forms.Form):
    # The service's field names, where they differ from the form's.
    service_fields: dict[str, str] = {}

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            field = self.service_fields.get(field, field)
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class DiaryEntryForm(ServiceErrorsMixin):
    service_fields = {"occurred_on": "occurred_date"}

    person = forms.TypedChoiceField(
        label="Whose diary entry is it?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whose diary entry it is"},
    )
    occurred_date = GovukDateField(
        label="When did it happen?",
        label_for_errors="date it happened",
        help_text="For example, 27 3 2026",
        allow_future=False,
    )
    occurred_time = GovukTimeField(
        label="What time did it happen?",
        required=False,
        help_text="24-hour clock, for example 23:15",
    )
    what_happened = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": "Enter what happened"},
    )
    effect = forms.CharField(
        label="How did it affect them?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    witnesses = forms.CharField(
        label="Who else saw or heard it?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (str(person.pk), person.full_name) for person in people
        ]

    def chosen_person(self) -> Person:
        return self.people[self.cleaned_data["person"]]


class EvidenceFileForm(ServiceErrorsMixin):
    file = forms.FileField(
        label="Upload a file",
        max_length=255,
        allow_empty_file=False,
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
            "missing": "Select a file",
        },
    )
    description = forms.CharField(
        label="What is it?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example, photo of the damage to the front door taken by the victim",
    )
