"""The "Log a report" journey's forms. They check formats; the service checks the rules."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone

from tandem.accounts.models import Agency, Role, User
from tandem.cases.models import Case
from tandem.core.forms import GovukDateField, GovukTimeField, combine_local
from tandem.geography.selectors import postcode_is_valid, postcode_normalise, ward_for_location
from tandem.incidents.models import (
    Category,
    Channel,
    HappenedBefore,
    HateStrand,
    IncidentType,
    PersonRole,
)
from tandem.incidents.services import IncidentReport, PersonInvolved
from tandem.people.models import ContactChannel
from tandem.people.services import PersonDetails


def clean_postcode(value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise forms.ValidationError("Enter a postcode")
        return ""
    if not postcode_is_valid(value):
        raise forms.ValidationError("Enter a real postcode, like ME14 1XX")
    return postcode_normalise(value)


class IncidentForm(forms.Form):
    occurred_date = GovukDateField(
        label="When did it happen?",
        label_for_errors="date it happened",
        help_text="For example, 27 3 2026",
        allow_future=False,
    )
    occurred_time = GovukTimeField(
        label="Time it happened",
        required=False,
        help_text="24-hour clock, for example 21:30. Leave blank if not known.",
    )
    reported_date = GovukDateField(
        label="When was it reported?",
        label_for_errors="date it was reported",
        allow_future=False,
    )
    reported_time = GovukTimeField(label="Time reported", required=False)
    channel = forms.ChoiceField(
        label="How was it reported?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it was reported"},
    )
    category = forms.ModelChoiceField(
        label="Category",
        queryset=Category.objects.none(),
        widget=forms.RadioSelect,
        to_field_name="code",
        empty_label=None,
        error_messages={"required": "Select the category: personal, nuisance or environmental"},
    )
    types = forms.ModelMultipleChoiceField(
        label="Type of behaviour",
        queryset=IncidentType.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one type of behaviour"},
    )
    description = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text="In the caller's words where you can: who, what, where and the effect on them.",
        error_messages={"required": "Describe what happened"},
    )
    address = forms.CharField(
        label="Address or location",
        max_length=300,
        help_text="Where it happened: a house number and street, or a place such as a park.",
        error_messages={"required": "Enter where it happened"},
    )
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    latitude = forms.DecimalField(
        label="Latitude",
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
    )
    longitude = forms.DecimalField(
        label="Longitude",
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
    )
    hate_motivated = forms.BooleanField(
        label="The victim or someone else perceives it as motivated by hate or prejudice",
        required=False,
    )
    hate_strands = forms.ModelMultipleChoiceField(
        label="Perceived motivation",
        queryset=HateStrand.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
        required=False,
    )
    domestic_abuse = forms.BooleanField(
        label="Domestic abuse is involved (it follows its own workflow)", required=False
    )
    crime_reference = forms.CharField(label="Police crime reference", max_length=50, required=False)
    happened_before = forms.ChoiceField(
        label="Has this happened to the victim before?",
        choices=HappenedBefore.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Ask even if they have not reported it before: a long-suffering victim may be "
        "calling for the first time.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = Category.objects.filter(active=True)
        category_field: Any = self.fields["category"]
        category_field.queryset = categories
        category_field.option_hints = {c.code: c.description for c in categories}
        self.fields["types"].queryset = IncidentType.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["hate_strands"].queryset = HateStrand.objects.filter(active=True)  # type: ignore[attr-defined]
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("reported_date", now.date())
            self.initial.setdefault("reported_time", now.strftime("%H:%M"))
            self.initial.setdefault("channel", Channel.PHONE)

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data.get("postcode", ""), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", "Enter both latitude and longitude, or neither")
        occurred = self._moment("occurred")
        reported = self._moment("reported")
        now = timezone.now()
        if reported and reported > now:
            self.add_error("reported_time", "The time reported must not be in the future")
        if occurred and occurred > now:
            self.add_error("occurred_time", "The time it happened must not be in the future")
        elif occurred and reported and occurred > reported:
            self.add_error(
                "occurred_date",
                "The date it happened must be on or before the date it was reported",
            )
        if data.get("hate_motivated") and not data.get("hate_strands"):
            self.add_error("hate_strands", "Select what the hate was perceived to be motivated by")
        if data.get("hate_strands") and not data.get("hate_motivated"):
            self.add_error(
                "hate_motivated", "Tick this box if the incident is perceived as motivated by hate"
            )
        return data

    def _moment(self, prefix: str) -> datetime | None:
        day: date | None = self.cleaned_data.get(f"{prefix}_date")
        if day is None:
            return None
        return combine_local(day, self.cleaned_data.get(f"{prefix}_time"))


class PersonForm(forms.Form):
    role = forms.ChoiceField(
        label="Their part", choices=[("", "Select"), *PersonRole.choices], required=False
    )
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        label_for_errors="date of birth",
        allow_future=False,
        help_text="For example, 31 3 1980. Leave blank if not known.",
    )
    address = forms.CharField(label="Address", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    phone = forms.CharField(
        label="Phone",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    preferred_channel = forms.ChoiceField(
        label="Preferred way to be contacted",
        required=False,
        choices=[("", "Not stated"), *ContactChannel.choices],
    )

    def has_person(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("first_name") or data.get("last_name"))

    def clean_postcode(self) -> str:
        return clean_postcode(self.cleaned_data.get("postcode", ""), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        details = [
            data.get(name)
            for name in ("first_name", "last_name", "phone", "email", "address", "date_of_birth")
        ]
        if any(details):
            if not data.get("role"):
                self.add_error("role", "Select the person's part in the incident")
            if not data.get("first_name"):
                self.add_error("first_name", "Enter the person's first name")
            if not data.get("last_name"):
                self.add_error("last_name", "Enter the person's last name")
        return data

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data.get("date_of_birth"),
            address=data.get("address", ""),
            postcode=data.get("postcode", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            preferred_channel=data.get("preferred_channel", ""),
        )


class BasePersonFormSet(forms.BaseFormSet):
    def people_forms(self) -> list[PersonForm]:
        return [form for form in self.forms if isinstance(form, PersonForm) and form.has_person()]


PersonFormSet = forms.formset_factory(
    PersonForm, formset=BasePersonFormSet, extra=0, min_num=1, validate_min=False, max_num=20
)


def officer_choices(agency: Agency) -> list[tuple[str, str]]:
    officers = User.objects.filter(
        agency=agency, role__in=[Role.CASE_OFFICER, Role.SUPERVISOR], is_active=True
    ).order_by("first_name", "last_name")
    return [("", "Leave unallocated for the team to pick up")] + [
        (str(user.pk), user.display_name) for user in officers
    ]


def build_report(
    *,
    actor: User,
    incident_form: IncidentForm,
    person_forms: list[PersonForm],
    existing_people: dict[int, Any],
    case: Case | None,
    officer: User | None,
) -> IncidentReport:
    """Turn the journey's validated answers into the service's input."""
    data = incident_form.cleaned_data
    assert actor.agency is not None
    people = [
        PersonInvolved(
            role=form.cleaned_data["role"],
            details=form.details(),
            existing=existing_people.get(index),
        )
        for index, form in enumerate(person_forms)
    ]
    return IncidentReport(
        occurred_at=combine_local(data["occurred_date"], data.get("occurred_time")),
        reported_at=combine_local(data["reported_date"], data.get("reported_time")),
        channel=data["channel"],
        receiving_agency=actor.agency,
        category=data["category"],
        types=list(data["types"]),
        description=data["description"],
        address=data["address"],
        postcode=data.get("postcode", ""),
        ward=ward_for_location(
            postcode=data.get("postcode", ""),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        ),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        hate_motivated=data.get("hate_motivated", False),
        hate_strands=list(data.get("hate_strands") or []),
        domestic_abuse=data.get("domestic_abuse", False),
        crime_reference=data.get("crime_reference", ""),
        happened_before=data.get("happened_before", ""),
        people=people,
        case=case,
        officer=officer,
    )
