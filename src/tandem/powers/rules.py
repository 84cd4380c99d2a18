"""The generic rules engine: it reads a ``Power`` row and answers what the law says about one
proposed use. No power is named here; every limit comes from the catalogue's fields."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from tandem.powers.models import DurationUnit, Power, RespondentKind

REFUSE = "refuse"
WARN = "warn"


@dataclass(frozen=True)
class RuleResult:
    level: str  # REFUSE or WARN
    message: str
    field: str = "__all__"
    code: str = ""

    @property
    def refused(self) -> bool:
        return self.level == REFUSE


@dataclass(frozen=True)
class UseDetails:
    """What the officer proposes: the facts the rules are checked against."""

    respondent_kind: str
    issued_on: date
    starts_at: datetime
    duration: int | None = None
    duration_unit: str = ""
    indefinite: bool = False
    conviction_reference: str = ""
    grounds_on: date | None = None
    grounds_closure_order: bool = False
    authorised_by: str = ""
    senior_authorisation: bool = False
    respondent_disabled: bool = False
    respondent_age_known: bool = True


class PriorUse(Protocol):
    """An earlier use on the same case and respondent (a ``PowerUse``)."""

    power_id: int
    starts_at: datetime
    duration: int | None
    duration_unit: str


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def add_duration(moment: datetime, amount: int, unit: str) -> datetime:
    if unit == DurationUnit.HOURS:
        return moment + timedelta(hours=amount)
    if unit == DurationUnit.DAYS:
        return moment + timedelta(days=amount)
    if unit == DurationUnit.MONTHS:
        return add_months(moment, amount)
    if unit == DurationUnit.YEARS:
        return add_months(moment, 12 * amount)
    raise ValueError(f"Unknown duration unit {unit!r}")


def describe(amount: int, unit: str) -> str:
    label = unit[:-1] if amount == 1 else unit
    return f"{amount} {label}"


def check_power(
    power: Power,
    respondent_age: int | None,
    case_history: Sequence[PriorUse],
    details: UseDetails,
) -> list[RuleResult]:
    """Every refusal and warning the catalogue's rules give for this use.

    ``case_history`` holds the earlier uses on the same case against the same respondent.
    """
    results: list[RuleResult] = []

    def refuse(message: str, field: str = "__all__", code: str = "") -> None:
        results.append(RuleResult(REFUSE, message, field, code))

    def warn(message: str, code: str) -> None:
        results.append(RuleResult(WARN, message, "__all__", code))

    if details.respondent_kind not in power.kinds:
        allowed = ", ".join(RespondentKind(kind).label.lower() for kind in power.kinds)
        refuse(f"A {power.name} can be used only against: {allowed}.", "respondent_kind")

    is_person = details.respondent_kind == RespondentKind.PERSON
    under18 = is_person and respondent_age is not None and respondent_age < 18
    if is_person and power.minimum_age is not None:
        if respondent_age is None:
            warn(
                f"The respondent's date of birth is not recorded: a {power.name} needs them to be "
                f"at least {power.minimum_age}. Confirm their age.",
                "age-unknown",
            )
        elif respondent_age < power.minimum_age:
            refuse(
                f"A {power.name} cannot be used against someone under {power.minimum_age} "
                f"(the respondent is {respondent_age}).",
                "respondent_person",
                "minimum-age",
            )

    if power.prerequisite_id is not None and not any(
        use.power_id == power.prerequisite_id for use in case_history
    ):
        prerequisite = power.prerequisite.name if power.prerequisite else "its prerequisite"
        refuse(
            f"A {power.name} needs a {prerequisite} recorded on this case for the same "
            "respondent first.",
            "power",
            "prerequisite",
        )

    if power.requires_conviction and not details.conviction_reference.strip():
        refuse(f"A {power.name} can be made only on conviction.", "conviction_reference")

    if power.requires_authorisation and not details.authorised_by.strip():
        refuse(
            f"A {power.name} must be authorised by {power.requires_authorisation}: "
            "record who authorised it.",
            "authorised_by",
        )

    results.extend(_duration_rules(power, under18, case_history, details))

    if power.grounds_window_months is not None or power.closure_grounds_window_months:
        months = (
            power.closure_grounds_window_months
            if details.grounds_closure_order and power.closure_grounds_window_months
            else power.grounds_window_months
        )
        if details.grounds_on is None:
            refuse("Give the date of the conviction, finding or closure order.", "grounds_on")
        elif months is not None:
            start = datetime.combine(details.grounds_on, datetime.min.time())
            last_day = add_months(start, months).date()
            if details.issued_on > last_day:
                refuse(
                    f"A {power.name} must be served within {months} months of its grounds "
                    f"(by {last_day:%-d %B %Y}).",
                    "issued_on",
                    "grounds-window",
                )

    if under18 and power.under18_consultation:
        warn(
            f"The respondent is under 18: consult {power.under18_consultation} first.",
            "under18-consultation",
        )
    if power.legal_action and details.respondent_disabled:
        warn(
            "The respondent is disabled: before legal action a case meeting must consider whether "
            "the behaviour results from the disability and what adjustments and support apply.",
            "disability",
        )
    if power.warning:
        warn(power.warning, "judgement")
    return results


def _duration_rules(
    power: Power, under18: bool, history: Sequence[PriorUse], details: UseDetails
) -> list[RuleResult]:
    results: list[RuleResult] = []
    unit = power.duration_unit
    if not unit:
        return results
    if under18:
        minimum = power.under18_minimum_duration or power.minimum_duration
        maximum = power.under18_maximum_duration or power.maximum_duration
        indefinite_ok = power.under18_indefinite_allowed
        who = " for someone under 18"
    else:
        minimum, maximum = power.minimum_duration, power.maximum_duration
        indefinite_ok = power.indefinite_allowed
        who = ""
    if details.indefinite:
        if not indefinite_ok:
            results.append(
                RuleResult(
                    REFUSE, f"A {power.name} cannot be indefinite{who}.", "duration", "indefinite"
                )
            )
        return results
    if details.duration is None or not details.duration_unit:
        if maximum is not None or minimum is not None:
            results.append(RuleResult(REFUSE, "Give how long it lasts.", "duration", "duration"))
        return results
    start = details.starts_at
    end = add_duration(start, details.duration, details.duration_unit)
    if minimum is not None and end < add_duration(start, minimum, unit):
        results.append(
            RuleResult(
                REFUSE,
                f"A {power.name}{who} must last at least {describe(minimum, unit)}.",
                "duration",
                "minimum-duration",
            )
        )
    if maximum is not None and end > add_duration(start, maximum, unit):
        senior = power.senior_maximum_duration
        if senior is not None and end <= add_duration(start, senior, unit):
            if not details.senior_authorisation:
                results.append(
                    RuleResult(
                        REFUSE,
                        f"A {power.name} longer than {describe(maximum, unit)} must be signed "
                        f"by {power.senior_authorisation or 'a senior officer'}.",
                        "senior_authorisation",
                        "senior-sign-off",
                    )
                )
        else:
            limit = senior if senior is not None else maximum
            results.append(
                RuleResult(
                    REFUSE,
                    f"A {power.name}{who} cannot last more than {describe(limit, unit)}.",
                    "duration",
                    "maximum-duration",
                )
            )
    if power.maximum_total_duration is not None:
        total_end = end
        for use in history:
            if use.power_id == power.pk and use.duration and use.duration_unit:
                total_end = add_duration(total_end, use.duration, use.duration_unit)
        if total_end > add_duration(start, power.maximum_total_duration, unit):
            results.append(
                RuleResult(
                    REFUSE,
                    f"A {power.name} with its extensions cannot total more than "
                    f"{describe(power.maximum_total_duration, unit)}.",
                    "duration",
                    "maximum-total-duration",
                )
            )
    return results
