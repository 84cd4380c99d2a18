"""The form to record a power or intervention on a case."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.core.forms import GovukDateField, GovukTimeField
from tandem.people.models import Person
from tandem.powers.models import DurationUnit, Power, RespondentKind

SERVICE_FIELDS = {
    "power",
    "respondent_kind",
    "respondent_person",
    "respondent_name",
    "issued_on",
    "duration",
    "conviction_reference",
    "grounds_on",
    "authorised_by",
    "senior_authorisation",
}


class PowerUseForm(forms.Form):
    power = forms.ModelChoiceField(
        label="Intervention or power",
        queryset=Power.objects.none(),
        empty_label="Choose one",
        error_messages={"required": "Choose the intervention or power"},
    )
    respondent_kind = forms.ChoiceField(
        label="Used against",
        choices=RespondentKind.choices,
        widget=forms.RadioSelect,
        initial=RespondentKind.PERSON,
    )
    respondent_person = forms.ModelChoiceField(
        label="Person", queryset=Person.objects.none(), required=False, empty_label="Choose"
    )
    respondent_name = forms.CharField(
        label="Name of the business, premises or area", required=False, max_length=300
    )
    respondent_disabled = forms.BooleanField(
        label="The respondent has a disability", required=False
    )
    issued_on = GovukDateField(label="Date issued or made", label_for_errors="date issued")
    start_time = GovukTimeField(
        label="Time it takes effect", required=False, help_text="For example 14:30"
    )
    served_on = GovukDateField(
        label="Date served (if different)", label_for_errors="date served", required=False
    )
    duration = forms.IntegerField(label="How long it lasts", required=False, min_value=1)
    duration_unit = forms.ChoiceField(
        label="Unit", choices=[("", "—"), *DurationUnit.choices], required=False
    )
    indefinite = forms.BooleanField(label="Until further order (indefinite)", required=False)
    conviction_reference = forms.CharField(
        label="Conviction or court reference", required=False, max_length=100
    )
    grounds_on = GovukDateField(
        label="Date of the conviction, finding or closure order",
        label_for_errors="date of the grounds",
        required=False,
    )
    grounds_closure_order = forms.BooleanField(
        label="The grounds are a closure order", required=False
    )
    authorised_by = forms.CharField(label="Authorised by", required=False, max_length=200)
    senior_authorisation = forms.BooleanField(
        label="Signed by a superintendent or council chief executive", required=False
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm_warnings = forms.BooleanField(
        label="I have considered these warnings and want to go ahead", required=False
    )
    warning_codes = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        power_field = self.fields["power"]
        assert isinstance(power_field, forms.ModelChoiceField)
        power_field.queryset = Power.objects.filter(active=True)
        person_field = self.fields["respondent_person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = Person.objects.filter(pk__in=[p.pk for p in people])
        person_field.label_from_instance = lambda person: person.full_name  # type: ignore[method-assign,assignment]

    def acknowledged(self) -> list[str]:
        if not self.cleaned_data.get("confirm_warnings"):
            return []
        return [code for code in self.cleaned_data.get("warning_codes", "").split(",") if code]

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            target = field if field in SERVICE_FIELDS else None
            for message in messages:
                self.add_error(target, message)
