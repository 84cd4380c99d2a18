from __future__ import annotations

from typing import Any

from django import forms

from tandem.accounts.models import Agency
from tandem.audit.models import AuditAction
from tandem.audit.selectors import AuditFilters
from tandem.core.forms import GovukDateField


class AuditFilterForm(forms.Form):
    """The audit search, read from the query string (so a search is a link an auditor can keep)."""

    user = forms.CharField(label="Username", required=False, max_length=150)
    agency = forms.ChoiceField(label="Agency of the user", required=False)
    case = forms.CharField(
        label="Case reference",
        required=False,
        max_length=20,
        help_text="For example ASB-2026-7K2QF",
    )
    person = forms.IntegerField(
        label="Person record number",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Enter the person record number as a whole number, like 1234",
            "min_value": "Enter a person record number of 1 or more",
        },
    )
    type = forms.CharField(
        label="Record type",
        required=False,
        max_length=50,
        help_text="For example case, person, referral, evidence_file or audit",
    )
    id = forms.CharField(label="Record number or reference", required=False, max_length=50)
    action = forms.ChoiceField(label="What was done", required=False)
    date_from = GovukDateField(
        label="From",
        required=False,
        label_for_errors="date to search from",
        help_text="For example 27 3 2026",
    )
    date_to = GovukDateField(label="To", required=False, label_for_errors="date to search to")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Any agency")] + [  # type: ignore[attr-defined]
            (code, name)
            for code, name in Agency.objects.order_by("name").values_list("code", "name")
        ]
        self.fields["action"].choices = [("", "Anything"), *AuditAction.choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_to",
                "The date to search to must be the same as or after the date to search from",
            )
        return data

    def filters(self) -> AuditFilters:
        """The filters asked for (call after ``is_valid()``)."""
        data = self.cleaned_data
        return AuditFilters(
            username=data.get("user") or "",
            agency=data.get("agency") or "",
            case_reference=(data.get("case") or "").strip().upper(),
            person_id=data.get("person"),
            object_type=data.get("type") or "",
            object_id=data.get("id") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
