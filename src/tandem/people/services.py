"""Writes to people: creating them, recording match decisions, merging and unmerging duplicates,
and recording vulnerability. Each write is one transaction with its audit event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.people.keys import person_keys
from tandem.people.models import (
    MatchDecision,
    Person,
    PersonMatchDecision,
    PersonMerge,
    VulnerabilityFactor,
)
from tandem.people.policies import can_merge_people


@dataclass(frozen=True)
class PersonDetails:
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    preferred_channel: str = ""

    def as_json(self) -> dict[str, Any]:
        """For storing alongside a decision: dates as ISO strings."""
        data = asdict(self)
        data["date_of_birth"] = self.date_of_birth.isoformat() if self.date_of_birth else None
        return data


def person_create(*, details: PersonDetails) -> Person:
    person = Person(
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        date_of_birth=details.date_of_birth,
        address=details.address.strip(),
        postcode=details.postcode,
        phone=details.phone.strip(),
        email=details.email.strip(),
        preferred_channel=details.preferred_channel,
    )
    person_refresh_keys(person=person)
    person.full_clean()
    person.save()
    return person


def person_refresh_keys(*, person: Person) -> None:
    """Recompute the matching keys from the details (before saving the person)."""
    keys = person_keys(
        first_name=person.first_name,
        last_name=person.last_name,
        phone=person.phone,
        email=person.email,
        address=person.address,
        postcode=person.postcode,
    )
    for name, value in keys.as_dict().items():
        setattr(person, name, value)


# --------------------------------------------------------------------------------------------
# Match decisions


@dataclass(frozen=True)
class MatchDecisionInput:
    """One offered candidate and what the user said about it."""

    person: Person
    decision: MatchDecision
    confidence: float
    reasons: tuple[str, ...]
    details: PersonDetails


def match_decisions_record(
    *, actor: User, decisions: Sequence[MatchDecisionInput], incident_id: int | None = None
) -> list[PersonMatchDecision]:
    """Record the user's confirmations and rejections of offered candidates (call inside the
    transaction that stores the report, so they are kept together)."""
    if not decisions:
        return []
    with transaction.atomic():
        rows = PersonMatchDecision.objects.bulk_create(
            [
                PersonMatchDecision(
                    person=item.person,
                    decision=item.decision,
                    confidence=Decimal(f"{item.confidence:.3f}"),
                    reasons=list(item.reasons),
                    details=item.details.as_json(),
                    incident_id=incident_id,
                    decided_by=actor,
                )
                for item in decisions
            ]
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="person_match_decision",
            detail={
                "decisions": [
                    {"person": item.person.pk, "decision": str(item.decision)} for item in decisions
                ],
                "incident": incident_id,
            },
        )
    return rows


# --------------------------------------------------------------------------------------------
# Merging


def _root(person: Person) -> Person:
    seen = {person.pk}
    while person.merged_into_id is not None:
        person = Person.objects.get(pk=person.merged_into_id)
        if person.pk in seen:  # pragma: no cover - a cycle cannot be written by the services
            break
        seen.add(person.pk)
    return person


@transaction.atomic
def person_merge(*, survivor: Person, duplicate: Person, actor: User, reason: str) -> PersonMerge:
    """Record that ``duplicate`` is the same person as ``survivor``.

    The duplicate points at the survivor; no involvement moves, so ``person_unmerge`` restores
    exactly what was there. Searches offer the survivor instead of the duplicate, and repeat
    counts for the survivor include the duplicate's incidents.
    """
    if not can_merge_people(actor):
        raise PermissionDenied("Only supervisors and administrators may merge people")
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["Give the reason these records are the same person"]
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk])
    }
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    if survivor.pk == duplicate.pk:
        errors["duplicate"] = ["A record cannot be merged into itself"]
    elif duplicate.merged_into_id is not None:
        errors["duplicate"] = [f"{duplicate.full_name} has already been merged into someone"]
    elif survivor.merged_into_id is not None:
        errors["survivor"] = [
            f"{survivor.full_name} has been merged into {_root(survivor).full_name}: merge "
            "into that record instead"
        ]
    if errors:
        raise ValidationError(errors)

    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into", "updated_at"])
    merge = PersonMerge.objects.create(
        survivor=survivor, duplicate=duplicate, reason=reason, merged_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="person",
        object_id=duplicate.pk,
        detail={
            "change": "merged",
            "into": survivor.pk,
            "merge": merge.pk,
            "reason": reason,
            "fields": ["merged_into"],
        },
    )
    return merge


@transaction.atomic
def person_unmerge(*, merge: PersonMerge, actor: User, reason: str) -> PersonMerge:
    """Undo a merge: the duplicate stands on its own again, as it was before."""
    if not can_merge_people(actor):
        raise PermissionDenied("Only supervisors and administrators may unmerge people")
    reason = reason.strip()
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["Give the reason these records are different people"]
    if merge.undone_at is not None:
        errors["merge"] = ["This merge has already been undone"]
    if errors:
        raise ValidationError(errors)
    duplicate = Person.objects.select_for_update().get(pk=merge.duplicate_id)
    if duplicate.merged_into_id != merge.survivor_id:  # pragma: no cover - services keep these
        raise ValidationError({"merge": ["The records have changed since this merge"]})
    duplicate.merged_into = None
    duplicate.save(update_fields=["merged_into", "updated_at"])
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.undo_reason = reason
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="person",
        object_id=duplicate.pk,
        detail={
            "change": "unmerged",
            "fields": ["merged_into"],
            "from": merge.survivor_id,
            "merge": merge.pk,
            "reason": reason,
        },
    )
    return merge


# --------------------------------------------------------------------------------------------
# Vulnerability (special-category data)


@transaction.atomic
def person_record_vulnerability(
    *,
    person: Person,
    actor: User,
    factors: Iterable[VulnerabilityFactor],
    hate_strands: Iterable[Any],
    notes: str,
    replace: bool,
    case_reference: str = "",
) -> Person:
    """Record a person's vulnerability factors, perceived hate targeting and notes.

    ``replace`` sets them to what is given (for those who may see the current record); otherwise
    what is given is added to what is there, so a call handler can record what they are told
    without seeing what others recorded.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    factors, hate_strands, notes = list(factors), list(hate_strands), notes.strip()
    if replace:
        person.vulnerability_factors.set(factors)
        person.hate_strands.set(hate_strands)
        person.vulnerability_notes = notes
    else:
        person.vulnerability_factors.add(*factors)
        person.hate_strands.add(*hate_strands)
        if notes:
            stamp = f"{timezone.localtime():%d/%m/%Y} {actor.display_name}"
            person.vulnerability_notes = "\n\n".join(
                part for part in (person.vulnerability_notes, f"{stamp}: {notes}") if part
            )
    person.sensitive_updated_at = timezone.now()
    person.sensitive_updated_by = actor
    person.save(
        update_fields=[
            "vulnerability_notes",
            "sensitive_updated_at",
            "sensitive_updated_by",
            "updated_at",
        ]
    )
    # The audit event says that it changed, never what: it is special-category data.
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="person",
        object_id=person.pk,
        case_reference=case_reference,
        detail={
            "change": "vulnerability",
            "replace": replace,
            "fields": ["vulnerability_factors", "hate_strands", "vulnerability_notes"],
        },
    )
    return person
