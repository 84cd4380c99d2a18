"""Forms of case work: a contact plan, a contact, and (re)assigning the case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from tandem.accounts.models import Agency, User
from tandem.casework.models import ContactDirection
from tandem.core.forms import GovukDateField, GovukTimeField, combine_local
from tandem.people.models import ContactChannel, Person

# The frequencies offered (days between updates); configurable in settings as
# ``TANDEM_CONTACT_FREQUENCIES``: a list of (days, label).
DEFAULT_FREQUENCIES: list[tuple[int, str]] = [
    (7, "Weekly"),
    (14, "Fortnightly"),
    (28, "Every four weeks"),
]


def frequency_choices() -> list[tuple[int, str]]:
    from django.conf import settings

    return list(getattr(settings, "TANDEM_CONTACT_FREQUENCIES", DEFAULT_FREQUENCIES))


class ServiceErrorsMixin(forms.Form):
    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class ContactPlanForm(ServiceErrorsMixin):
    channel = forms.ChoiceField(
        label="How does the victim want to be contacted?",
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the victim wants to be contacted"},
    )
    frequency_days = forms.TypedChoiceField(
        label="How often do they want an update?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often they want an update"},
    )
    best_times = forms.CharField(
        label="Best times to contact them",
        required=False,
        max_length=200,
        help_text="For example, weekday evenings after 6pm",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["frequency_days"].choices = [  # type: ignore[attr-defined]
            (str(days), label) for days, label in frequency_choices()
        ]


class ContactLogForm(ServiceErrorsMixin):
    person = forms.TypedChoiceField(
        label="Who was it with?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the contact was with"},
    )
    direction = forms.ChoiceField(
        label="Who made contact?",
        choices=ContactDirection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who made contact"},
    )
    channel = forms.ChoiceField(
        label="How?",
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the contact was made"},
    )
    occurred_date = GovukDateField(
        label="Date of the contact",
        label_for_errors="date of the contact",
        help_text="For example, 27 3 2026",
        allow_future=False,
    )
    occurred_time = GovukTimeField(
        label="Time of the contact",
        required=False,
        help_text="24-hour clock, for example 14:30. Leave blank for now.",
    )
    summary = forms.CharField(
        label="What was said?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter what was said"},
    )
    told_who_leads = forms.BooleanField(
        label="They were told which agency leads the case and how to reach the named officer",
        required=False,
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (str(person.pk), person.full_name) for person in people
        ]

    def occurred_at(self) -> datetime:
        day = self.cleaned_data["occurred_date"]
        at = self.cleaned_data.get("occurred_time")
        if at is None and day == timezone.localdate():
            return timezone.now()
        return combine_local(day, at)

    def chosen_person(self) -> Person:
        return self.people[self.cleaned_data["person"]]


class AssignForm(ServiceErrorsMixin):
    officer = forms.ModelChoiceField(
        label="Named officer",
        queryset=User.objects.none(),
        required=False,
        empty_label="Unallocated",
        help_text="The victim's single point of contact in the lead agency.",
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            agency=agency, is_active=True, role__in=["case_officer", "supervisor"]
        ).order_by("first_name", "last_name")


class LeadAgencyForm(ServiceErrorsMixin):
    agency = forms.ModelChoiceField(
        label="New lead agency",
        queryset=Agency.objects.all().order_by("name"),
        error_messages={"required": "Choose the agency that will lead"},
    )
    reason = forms.CharField(
        label="Why is the lead agency changing?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for changing the lead agency"},
    )
