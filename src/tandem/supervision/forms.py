"""Forms of supervision: a supervisor review, and recording a case conference."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from tandem.accounts.models import Agency, User
from tandem.casework.forms import ServiceErrorsMixin
from tandem.core.forms import GovukDateField, GovukTimeField, combine_local
from tandem.supervision.selectors import review_decisions
from tandem.supervision.services import AgreedAction, DiscussedCase


class SupervisorReviewForm(ServiceErrorsMixin):
    decision = forms.ModelChoiceField(
        label="Decision",
        queryset=review_decisions(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose a decision"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_review_on = GovukDateField(
        label="Next review by",
        label_for_errors="next review date",
        required=False,
        help_text="Defaults to the risk band's cadence. For example, 27 3 2026",
    )
    later_reason = forms.CharField(
        label="Reason for a later review",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed only when the next review is later than the risk band asks for.",
    )


class ConferenceForm(ServiceErrorsMixin):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    held_date = GovukDateField(
        label="Date held",
        label_for_errors="date the conference was held",
        allow_future=False,
        help_text="For example, 27 3 2026",
    )
    held_time = GovukTimeField(
        label="Time", required=False, help_text="24-hour clock, for example 14:30"
    )
    chair = forms.CharField(
        label="Chair", max_length=200, error_messages={"required": "Enter who chaired it"}
    )
    location = forms.CharField(label="Where", max_length=200, required=False)
    online = forms.BooleanField(label="Held online", required=False)
    agencies_present = forms.ModelMultipleChoiceField(
        label="Agencies present",
        queryset=Agency.objects.all().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Your agency is recorded as present.",
    )

    def held_at(self) -> datetime:
        day = self.cleaned_data["held_date"]
        at = self.cleaned_data.get("held_time")
        if at is None and day == timezone.localdate():
            return timezone.now()
        return combine_local(day, at)


class DiscussedCaseForm(forms.Form):
    reference = forms.CharField(label="Case reference", max_length=30, required=False)
    decisions = forms.CharField(
        label="Decisions", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def row(self) -> DiscussedCase | None:
        reference = self.cleaned_data.get("reference", "").strip()
        decisions = self.cleaned_data.get("decisions", "")
        if not reference and not decisions.strip():
            return None
        return DiscussedCase(reference=reference, decisions=decisions)


class ActionForm(forms.Form):
    case_reference = forms.CharField(label="Case reference", max_length=30, required=False)
    description = forms.CharField(label="Action", max_length=250, required=False)
    owner_user = forms.ModelChoiceField(
        label="Owner (a person)", queryset=User.objects.none(), required=False
    )
    owner_agency = forms.ModelChoiceField(
        label="or owner (an agency)",
        queryset=Agency.objects.all().order_by("name"),
        required=False,
    )
    due_on = GovukDateField(label="Due by", label_for_errors="due date", required=False)

    def __init__(self, *args: Any, agency_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = User.objects.filter(agency_id=agency_id or 0, is_active=True)
        self.fields["owner_user"].queryset = users.order_by(  # type: ignore[attr-defined]
            "first_name", "last_name"
        )

    def row(self) -> AgreedAction | None:
        data = self.cleaned_data
        if not data.get("case_reference", "").strip() and not data.get("description", "").strip():
            return None
        return AgreedAction(
            case_reference=data.get("case_reference", ""),
            description=data.get("description", ""),
            due_on=data.get("due_on"),
            owner_user=data.get("owner_user"),
            owner_agency=data.get("owner_agency"),
        )


DiscussedCaseFormSet = forms.formset_factory(DiscussedCaseForm, extra=3)
ActionFormSet = forms.formset_factory(ActionForm, extra=3)
