"""Recording a power or intervention on a case: the catalogue's rules checked, warnings
acknowledged, follow-up deadlines set, in one transaction with its audit event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case, CaseEvent, CaseEventKind
from tandem.incidents.models import IncidentPerson
from tandem.people.models import Person
from tandem.powers.models import Anchor, Power, PowerUse, RespondentKind
from tandem.powers.rules import WARN, RuleResult, UseDetails, add_duration, check_power
from tandem.standards.models import CaseDeadline
from tandem.standards.services import case_deadlines_refresh


class PowerWarnings(ValidationError):
    """The use is lawful but needs the officer's judgement: each warning must be acknowledged."""

    def __init__(self, warnings: Sequence[RuleResult]) -> None:
        self.warnings = list(warnings)
        super().__init__({"__all__": [warning.message for warning in self.warnings]})


def age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def power_history(
    *, case: Case, respondent_kind: str, respondent_person: Person | None, respondent_name: str
) -> list[PowerUse]:
    """Earlier uses on the case against the same respondent."""
    uses = PowerUse.objects.filter(case=case, respondent_kind=respondent_kind)
    if respondent_person is not None:
        uses = uses.filter(respondent_person=respondent_person)
    else:
        uses = uses.filter(respondent_person__isnull=True, respondent_name__iexact=respondent_name)
    return list(uses.order_by("starts_at", "id"))


def power_record(
    *,
    case: Case,
    actor: User,
    power: Power,
    respondent_kind: str,
    issued_on: date,
    respondent_person: Person | None = None,
    respondent_name: str = "",
    served_on: date | None = None,
    starts_at: datetime | None = None,
    duration: int | None = None,
    duration_unit: str = "",
    indefinite: bool = False,
    conviction_reference: str = "",
    grounds_on: date | None = None,
    grounds_closure_order: bool = False,
    authorised_by: str = "",
    senior_authorisation: bool = False,
    respondent_disabled: bool = False,
    notes: str = "",
    acknowledged: Iterable[str] = (),
) -> PowerUse:
    """Record ``power`` used on ``case``.

    Raises ``ValidationError`` (field messages) for what the law forbids, and ``PowerWarnings``
    unless every warning's code is in ``acknowledged``.
    """
    respondent_name = respondent_name.strip()
    if respondent_kind == RespondentKind.PERSON:
        if respondent_person is None:
            raise ValidationError({"respondent_person": ["Choose the person it is used against."]})
        if not IncidentPerson.objects.filter(
            incident__case=case, person=respondent_person
        ).exists():
            raise ValidationError({"respondent_person": ["That person is not on this case."]})
        respondent_name = ""
    else:
        respondent_person = None
        if not respondent_name:
            raise ValidationError({"respondent_name": ["Name the body, premises or area."]})
    if not power.active:
        raise ValidationError({"power": ["That power is no longer in the catalogue."]})
    if starts_at is None:
        starts_at = timezone.make_aware(datetime.combine(issued_on, time(0, 0)))
    details = UseDetails(
        respondent_kind=respondent_kind,
        issued_on=issued_on,
        starts_at=starts_at,
        duration=duration,
        duration_unit=duration_unit,
        indefinite=indefinite,
        conviction_reference=conviction_reference,
        grounds_on=grounds_on,
        grounds_closure_order=grounds_closure_order,
        authorised_by=authorised_by,
        senior_authorisation=senior_authorisation,
        respondent_disabled=respondent_disabled,
    )
    respondent_age = age_on(
        respondent_person.date_of_birth if respondent_person else None, issued_on
    )
    history = power_history(
        case=case,
        respondent_kind=respondent_kind,
        respondent_person=respondent_person,
        respondent_name=respondent_name,
    )
    results = check_power(power, respondent_age, history, details)
    refusals: dict[str, list[str]] = {}
    for result in results:
        if result.refused:
            refusals.setdefault(result.field, []).append(result.message)
    if refusals:
        raise ValidationError(refusals)
    warnings = [result for result in results if result.level == WARN]
    acknowledged_codes = set(acknowledged)
    if any(warning.code not in acknowledged_codes for warning in warnings):
        raise PowerWarnings(warnings)

    ends_at = None
    if duration and duration_unit and not indefinite:
        ends_at = add_duration(starts_at, duration, duration_unit)
    with transaction.atomic():
        use = PowerUse.objects.create(
            case=case,
            power=power,
            respondent_kind=respondent_kind,
            respondent_person=respondent_person,
            respondent_name=respondent_name,
            respondent_age=respondent_age,
            issued_on=issued_on,
            served_on=served_on,
            starts_at=starts_at,
            ends_at=ends_at,
            duration=duration if not indefinite else None,
            duration_unit=duration_unit if not indefinite else "",
            indefinite=indefinite,
            conviction_reference=conviction_reference,
            grounds_on=grounds_on,
            grounds_closure_order=grounds_closure_order,
            authorised_by=authorised_by,
            senior_authorisation=senior_authorisation,
            respondent_disabled=respondent_disabled,
            notes=notes,
            acknowledged_warnings=[
                {"code": warning.code, "message": warning.message} for warning in warnings
            ],
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        deadlines = _follow_up_deadlines(use)
        CaseDeadline.objects.bulk_create(deadlines)
        case_deadlines_refresh(case=case)
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.NOTE,
            occurred_at=timezone.now(),
            actor=actor,
            summary=f"{power.name} recorded against {use.respondent} by {actor.display_name}",
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="power_use",
            object_id=use.pk,
            case_reference=case.reference,
            detail={
                "power": power.code,
                "warnings_acknowledged": [warning.code for warning in warnings],
                "deadlines": [d.kind for d in deadlines],
            },
        )
    return use


def _anchor(use: PowerUse, anchor: str) -> datetime | None:
    def midnight(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(0, 0)))

    if anchor == Anchor.ISSUED:
        return midnight(use.issued_on)
    if anchor == Anchor.SERVED:
        return midnight(use.served_on or use.issued_on)
    if anchor == Anchor.STARTS:
        return use.starts_at
    if anchor == Anchor.ENDS:
        return use.ends_at
    if anchor == Anchor.GROUNDS:
        return midnight(use.grounds_on) if use.grounds_on else None
    return None


def _follow_up_deadlines(use: PowerUse) -> list[CaseDeadline]:
    """The deadlines the catalogue sets for this use: its follow-up rows, its appeal window and,
    for someone under 18, its review interval."""
    power = use.power
    source = f"power:{use.pk}"
    under18 = use.respondent_age is not None and use.respondent_age < 18
    rows: list[CaseDeadline] = []

    def add(kind: str, label: str, moment: datetime | None) -> None:
        if moment is not None:
            rows.append(
                CaseDeadline(
                    case=use.case,
                    kind=f"power-{kind}"[:50],
                    label=f"{power.name}: {label}"[:200],
                    due_on=timezone.localdate(moment),
                    source=source,
                )
            )

    for follow_up in power.follow_ups.all():
        if follow_up.under18_only and not under18:
            continue
        closure = follow_up.when_grounds_closure_order
        if closure is not None and closure != use.grounds_closure_order:
            continue
        start = _anchor(use, follow_up.anchor)
        if start is not None:
            add(
                follow_up.kind,
                follow_up.label,
                add_duration(start, follow_up.offset, follow_up.offset_unit),
            )
    if power.appeal_window_days:
        start = _anchor(use, Anchor.SERVED)
        assert start is not None
        add(
            "appeal-window",
            "appeal window closes",
            add_duration(start, power.appeal_window_days, "days"),
        )
    if under18 and power.under18_review_months:
        add(
            "under18-review",
            "review (respondent under 18)",
            add_duration(use.starts_at, power.under18_review_months, "months"),
        )
    return rows
