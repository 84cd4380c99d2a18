"""Render Django form fields as GOV.UK Design System components: ``{% govuk_field form.name %}``."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

register = template.Library()

_TEMPLATES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "govuk/checkboxes.html"),
    (forms.RadioSelect, "govuk/radios.html"),
    (forms.CheckboxInput, "govuk/checkbox.html"),
    (forms.Select, "govuk/select.html"),
    (forms.Textarea, "govuk/textarea.html"),
    (forms.MultiWidget, "govuk/date.html"),
    (forms.HiddenInput, "govuk/hidden.html"),
]


@register.simple_tag
def govuk_field(
    bound_field: forms.BoundField,
    *,
    label_class: str = "govuk-label--s",
    width: str = "",
    hint: str = "",
    heading: bool = False,
    classes: str = "",
) -> SafeString:
    widget = bound_field.field.widget
    template_name = next(
        (name for kind, name in _TEMPLATES if isinstance(widget, kind)), "govuk/input.html"
    )
    options: list[dict[str, Any]] = []
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        options = _options(bound_field)
    context = {
        "field": bound_field,
        "label_class": label_class,
        "size": label_class.rsplit("--", 1)[-1] if "--" in label_class else "s",
        "width": width,
        "hint": hint or bound_field.help_text,
        "heading": heading,
        "classes": classes,
        "options": options,
        # Marks each part of a date input for the error style; not rendered as an attribute.
        "widget_html": bound_field.as_widget(attrs={"govuk_error": "1"})
        if bound_field.errors and isinstance(widget, forms.MultiWidget)
        else None,
        "describedby": _describedby(bound_field, str(hint or bound_field.help_text)),
    }
    return render_to_string(template_name, context)


def _describedby(bound_field: forms.BoundField, hint: str) -> str:
    ids = []
    if hint:
        ids.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    return " ".join(ids)


def _options(bound_field: forms.BoundField) -> list[dict[str, Any]]:
    value = bound_field.value()
    selected = {str(item) for item in value} if isinstance(value, list | tuple) else {str(value)}
    hints = getattr(bound_field.field, "option_hints", {})
    options: list[dict[str, Any]] = []
    choices: Any = getattr(bound_field.field, "choices", [])
    for choice_value, choice_label in choices:
        if choice_value == "":
            continue
        key = str(getattr(choice_value, "value", choice_value))
        options.append(
            {
                # Ids run _0, _1, … so the error summary can link to the first option.
                "id": f"{bound_field.auto_id}_{len(options)}",
                "value": key,
                "label": choice_label,
                "checked": key in selected,
                "hint": hints.get(key, ""),
            }
        )
    return options


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_with_errors: Any) -> dict[str, Any]:
    items: list[tuple[str, str]] = []
    for form in forms_with_errors:
        if form is None:
            continue
        if hasattr(form, "forms"):  # a formset
            for error in form.non_form_errors():
                items.append(("", error))
            for member in form.forms:
                items.extend(_form_errors(member))
        else:
            items.extend(_form_errors(form))
    return {"items": items}


def _form_errors(form: forms.BaseForm) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            # Link a form-wide error to the first field, where the fix usually starts.
            first = next(iter(form), None)
            anchor = first.auto_id if first is not None else ""
            items.extend((anchor, str(error)) for error in errors)
            continue
        anchor = form[name].auto_id
        widget = form.fields[name].widget
        if isinstance(widget, forms.MultiWidget | forms.RadioSelect | forms.CheckboxSelectMultiple):
            anchor += "_0"
        items.extend((anchor, str(error)) for error in errors)
    return items
