from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

_PRIORITY_COLOURS = {1: "red", 2: "orange", 3: "grey"}
_STATUS_COLOURS = {
    "open": "blue",
    "in_progress": "light-blue",
    "on_hold": "yellow",
    "closed": "grey",
}


@register.simple_tag
def priority_tag(case: object) -> SafeString:
    priority = getattr(case, "priority", 3)
    label = getattr(case, "get_priority_display", lambda: "")()
    return format_html(
        '<strong class="govuk-tag govuk-tag--{} tandem-priority">{}</strong>',
        _PRIORITY_COLOURS.get(priority, "grey"),
        label,
    )


@register.simple_tag
def status_tag(case: object) -> SafeString:
    status = getattr(case, "status", "")
    label = getattr(case, "get_status_display", lambda: "")()
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        _STATUS_COLOURS.get(status, "grey"),
        label,
    )


@register.simple_tag
def deadline(due: date | None, today: date) -> SafeString:
    """A due date with its state in words, so colour is never the only signal."""
    if due is None:
        return format_html('<span class="govuk-hint govuk-!-margin-0">{}</span>', "None")
    text = f"{due.day} {due:%b %Y}"
    if due < today:
        return format_html('{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>', text)
    if due == today:
        return format_html(
            '{} <strong class="govuk-tag govuk-tag--orange">Due today</strong>', text
        )
    return format_html("{}", text)


RESTRICTED = "Restricted"


@register.simple_tag
def restricted(what: str = "") -> SafeString:
    """The marker shown in place of sensitive data the reader may not see: visibly withheld,
    never silently missing (the value itself is never sent)."""
    return format_html(
        '<strong class="govuk-tag govuk-tag--grey tandem-restricted">{}</strong>'
        '<span class="govuk-visually-hidden">: {} is sensitive and your role may not see it'
        "</span>",
        RESTRICTED,
        what or "this",
    )
