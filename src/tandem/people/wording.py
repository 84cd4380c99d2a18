"""Repeat counts in words, the same on every page and in every hint: "Reported 3 incidents to 2
agencies in the last 12 months"."""

from __future__ import annotations

from tandem.people.selectors import LocationSummary, RepeatSummary


def _incidents(count: int) -> str:
    return f"{count} incident{'' if count == 1 else 's'}"


def _agencies(count: int) -> str:
    return f"{count} agenc{'y' if count == 1 else 'ies'}"


def victim_repeat_text(summary: RepeatSummary | None) -> str:
    if summary is None or not summary.incidents_last_12_months:
        return "No incidents reported in the last 12 months"
    return (
        f"Reported {_incidents(summary.incidents_last_12_months)} to "
        f"{_agencies(summary.agencies_involved)} in the last 12 months"
    )


def perpetrator_repeat_text(summary: RepeatSummary | None) -> str:
    if summary is None or not summary.incidents_last_12_months:
        return "Not named as an alleged perpetrator in the last 12 months"
    return (
        f"Named as the alleged perpetrator in {_incidents(summary.incidents_last_12_months)} "
        f"reported to {_agencies(summary.agencies_involved)} in the last 12 months"
    )


def location_repeat_text(summary: LocationSummary | None) -> str:
    if summary is None or not summary.incidents_last_12_months:
        return "No incidents reported at or near this address in the last 12 months"
    near = f" or within {summary.metres} metres" if summary.metres else ""
    return (
        f"{_incidents(summary.incidents_last_12_months).capitalize()} at this address{near}, "
        f"reported to {_agencies(summary.agencies_involved)} in the last 12 months"
    )
