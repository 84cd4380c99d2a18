from __future__ import annotations

from datetime import date

import pytest
from django import forms

from tandem.core.forms import GovukDateField, GovukTimeField
from tandem.core.templatetags.govuk import govuk_field


class DateForm(forms.Form):
    when = GovukDateField(label="When", label_for_errors="date it happened", allow_future=False)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter the date it happened"),
        (("31", "2", ""), "The date it happened must include a year"),
        (("", "2", "2026"), "The date it happened must include a day"),
        (("31", "2", "2026"), "The date it happened must be a real date"),
        (("1", "1", "1850"), "The date it happened must be after 1900"),
        (("1", "1", "2999"), "The date it happened must be today or in the past"),
    ],
)
def test_date_errors_say_what_is_wrong(parts, message):
    form = DateForm(data={f"when_{i}": part for i, part in enumerate(parts)})
    assert not form.is_valid()
    assert form.errors["when"] == [message]


def test_a_real_date_is_accepted():
    form = DateForm(data={"when_0": "29", "when_1": "2", "when_2": "2024"})
    assert form.is_valid()
    assert form.cleaned_data["when"] == date(2024, 2, 29)


def test_date_parts_are_outlined_when_in_error():
    form = DateForm(data={"when_0": "31", "when_1": "2", "when_2": ""})
    form.is_valid()
    html = str(govuk_field(form["when"]))
    assert html.count("govuk-input--error") == 3
    assert "govuk_error" not in html


@pytest.mark.parametrize(
    ("raw", "expected"), [("14:30", "14:30"), ("9.05", "09:05"), ("2115", "21:15"), ("", None)]
)
def test_times_accept_common_forms(raw, expected):
    value = GovukTimeField(required=False).clean(raw)
    assert (value.strftime("%H:%M") if value else None) == expected


def test_a_nonsense_time_is_refused():
    with pytest.raises(forms.ValidationError):
        GovukTimeField(required=False).clean("25:99")
