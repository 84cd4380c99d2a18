"""Form pieces that follow the GOV.UK Design System patterns."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone


def posted(request: HttpRequest) -> Any:
    """The submitted data on a POST (even an empty one, so its errors show), else None: what a
    form that is also shown blank on GET is bound to."""
    return request.POST if request.method == "POST" else None


class GovukDateWidget(forms.MultiWidget):
    """Three boxes — day, month, year — as in the GOV.UK date input pattern."""

    template_name = "govuk/widgets/date.html"
    parts = ("day", "month", "year")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in self.parts]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with the GOV.UK error messages."""

    widget = GovukDateWidget

    def __init__(
        self, *, label_for_errors: str = "date", allow_future: bool = True, **kwargs: Any
    ) -> None:
        self.label_for_errors = label_for_errors
        self.allow_future = allow_future
        # Parts are optional individually so compress() can say which part is missing.
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)
        self.error_messages["required"] = f"Enter the {label_for_errors}"
        self.error_messages["incomplete"] = (
            f"The {label_for_errors} must include a day, month and year"
        )

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not any(part.strip() for part in data_list if part):
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        if not (day and month and year):
            missing = [
                name
                for name, part in zip(("day", "month", "year"), (day, month, year), strict=True)
                if not part
            ]
            raise ValidationError(
                f"The {self.label_for_errors} must include a {' and '.join(missing)}"
            )
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"The {self.label_for_errors} must be a real date") from None
        if int(year) < 1900:
            raise ValidationError(f"The {self.label_for_errors} must be after 1900")
        if not self.allow_future and value > timezone.localdate():
            raise ValidationError(f"The {self.label_for_errors} must be today or in the past")
        return value


class GovukTimeField(forms.CharField):
    """A 24-hour time such as 14:30 (a dot or no separator are accepted too)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 5)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> time | None:
        text = (super().clean(value) or "").strip().replace(".", ":")
        if not text:
            return None
        if ":" not in text and len(text) in (3, 4):
            text = f"{text[:-2]}:{text[-2:]}"
        try:
            return datetime.strptime(text, "%H:%M").time()
        except ValueError:
            raise ValidationError("Enter a time in 24-hour format, like 14:30") from None


def combine_local(day: date, at: time | None) -> datetime:
    """A local date and optional time as an aware datetime (start of day when no time given)."""
    return timezone.make_aware(datetime.combine(day, at or time(0, 0)))
