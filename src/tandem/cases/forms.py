from __future__ import annotations

from typing import Any

from django import forms

from tandem.cases.models import CaseStatus
from tandem.cases.selectors import QueueFilters, QueueScope
from tandem.cases.timeline import registered_kinds
from tandem.geography.selectors import wards
from tandem.incidents.models import Category


class QueueFilterForm(forms.Form):
    """The work queue's filters, read from the query string."""

    scope = forms.ChoiceField(
        choices=[(QueueScope.MINE, "My cases"), (QueueScope.AGENCY, "My agency's cases")],
        required=False,
        widget=forms.HiddenInput,
    )
    status = forms.ChoiceField(label="Status", required=False)
    category = forms.ChoiceField(label="Category", required=False)
    ward = forms.ChoiceField(label="Ward", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any open status"), *CaseStatus.choices]  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", "Any category")] + [  # type: ignore[attr-defined]
            (c.code, c.name) for c in Category.objects.filter(active=True)
        ]
        self.fields["ward"].choices = [("", "Any ward")] + [  # type: ignore[attr-defined]
            (w.ons_code, f"{w.name} ({w.parent.name})" if w.parent else w.name) for w in wards()
        ]

    def filters(self) -> QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or ""
        return QueueFilters(
            scope=data.get("scope") or QueueScope.MINE,
            statuses=(status,) if status else (),
            category=data.get("category") or "",
            ward=data.get("ward") or "",
        )


class TimelineFilterForm(forms.Form):
    """Which kinds of entry the case timeline shows, read from the query string (none: all)."""

    kind = forms.MultipleChoiceField(
        label="Show",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = registered_kinds()  # type: ignore[attr-defined]

    def kinds(self) -> list[str]:
        """The chosen kinds; an invalid choice is ignored rather than shown as an error."""
        if not self.is_bound:
            return []
        if self.is_valid():
            return list(self.cleaned_data["kind"])
        valid = {value for value, _ in registered_kinds()}
        return [kind for kind in self.data.getlist("kind") if kind in valid]  # type: ignore[attr-defined]
