"""Forms for data protection: finding a person, logging and closing a subject access request,
and correcting a person's details."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from tandem.core.forms import GovukDateField
from tandem.dataprotection.models import RequesterKind, RequestStatus
from tandem.dataprotection.services import PersonCorrection
from tandem.incidents.forms import clean_postcode
from tandem.people.models import ContactChannel, Person


class ServiceErrorsMixin(forms.Form):
    # The service's field names, where they differ from the form's.
    service_fields: dict[str, str] = {}

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            name = self.service_fields.get(name, name)
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="All or part of their first name and last name, for example Jane Example",
        error_messages={"required": "Enter a name to search for"},
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        label_for_errors="date of birth",
        required=False,
        allow_future=False,
        help_text="If you know it, for example 27 3 1980",
    )


class SubjectAccessRequestForm(ServiceErrorsMixin):
    requested_by = forms.ChoiceField(
        label="Who is asking?",
        choices=RequesterKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is asking"},
    )
    representative_name = forms.CharField(
        label="If someone is acting for them, their name",
        max_length=200,
        required=False,
        help_text="For example a solicitor or a parent. Keep their written authority with the "
        "request.",
    )
    received_on = GovukDateField(
        label="When was the request received?",
        label_for_errors="date received",
        allow_future=False,
        help_text="The reply is due one calendar month after this date. For example, 27 3 2026",
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How you checked who they are, and anything they asked for in particular.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())


class CloseRequestForm(ServiceErrorsMixin):
    status = forms.ChoiceField(
        label="What happened to the request?",
        choices=[
            (RequestStatus.COMPLETED.value, "The reply has been sent"),
            (RequestStatus.WITHDRAWN.value, "The request was withdrawn"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened to the request"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, how and when the reply was sent.",
    )


class RectificationForm(ServiceErrorsMixin):
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        label_for_errors="date of birth",
        required=False,
        allow_future=False,
        help_text="For example, 27 3 1980",
    )
    address = forms.CharField(label="Address", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    phone = forms.CharField(label="Phone", max_length=30, required=False)
    email = forms.EmailField(
        label="Email",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    preferred_channel = forms.ChoiceField(
        label="Preferred way to be contacted",
        choices=[("", "Not known"), *ContactChannel.choices],
        required=False,
    )
    reason = forms.CharField(
        label="Why are the details being corrected?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the correction"},
        help_text="For example, the person told us their name was misspelt, and showed a letter "
        "from their bank.",
    )
    requested_by_subject = forms.TypedChoiceField(
        label="Did the person ask for the correction?",
        choices=[("yes", "Yes"), ("no", "No, we found the mistake")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person asked for the correction"},
    )

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        return {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "date_of_birth": person.date_of_birth,
            "address": person.address,
            "postcode": person.postcode,
            "phone": person.phone,
            "email": person.email,
            "preferred_channel": person.preferred_channel,
        }

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data.get("postcode", ""), required=False)

    def correction(self) -> PersonCorrection:
        data = self.cleaned_data
        return PersonCorrection(
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            address=data["address"],
            postcode=data["postcode"],
            phone=data["phone"],
            email=data["email"],
            preferred_channel=data["preferred_channel"],
        )
