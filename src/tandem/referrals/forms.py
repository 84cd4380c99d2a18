from __future__ import annotations

from typing import Any

from django import forms

from tandem.accounts.models import Agency, User
from tandem.core.forms import GovukDateField
from tandem.referrals.models import ReferralService


def _service_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    for field, messages in errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Service",
        queryset=ReferralService.objects.none(),
        empty_label="Choose a service",
        error_messages={"required": "Choose the service to refer to"},
    )
    to_agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="The service's own agency",
        help_text="Needed only when the service has no agency set up",
    )
    reason = forms.CharField(
        label="Reason for the referral",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="The receiving agency sees this before accepting: leave out names and "
        "other personal details.",
        error_messages={"required": "Give the reason for the referral"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service = self.fields["service"]
        agency = self.fields["to_agency"]
        assert isinstance(service, forms.ModelChoiceField)
        assert isinstance(agency, forms.ModelChoiceField)
        service.queryset = ReferralService.objects.filter(active=True)
        agency.queryset = Agency.objects.filter(active=True)

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        _service_errors(self, errors)


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(
        label="Why are you declining?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for declining"},
    )


class CompleteForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TaskForm(forms.Form):
    title = forms.CharField(
        label="What needs doing",
        max_length=300,
        error_messages={"required": "Say what needs doing"},
    )
    assigned_user = forms.ModelChoiceField(
        label="Assign to a person", queryset=User.objects.none(), required=False
    )
    assigned_agency = forms.ModelChoiceField(
        label="Or to an agency", queryset=Agency.objects.none(), required=False
    )
    due_on = GovukDateField(label="Due date", label_for_errors="due date", required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["assigned_user"]
        agency_field = self.fields["assigned_agency"]
        assert isinstance(user_field, forms.ModelChoiceField)
        assert isinstance(agency_field, forms.ModelChoiceField)
        user_field.queryset = User.objects.filter(agency=agency, is_active=True)
        user_field.label_from_instance = lambda user: user.display_name  # type: ignore[method-assign,assignment]
        agency_field.queryset = Agency.objects.filter(active=True)

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        _service_errors(self, errors)
