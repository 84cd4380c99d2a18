"""What each kind of retention rule does, given the cut-off its period sets.

Each function answers with counts only (never personal data), and changes nothing when
``dry_run`` is true. ``tandem.dataprotection.services.retention_rule_apply`` runs one rule in one
transaction and records it in the audit.

Anonymisation keeps every row and every statistical field (category, types, ward, dates, status,
closure reason, priority, risk bands and scores, satisfaction answers, hate and domestic-abuse
flags) so the partnership's reports count the same afterwards; it clears names, dates of birth,
contact details, addresses, matching keys, vulnerability, and the free text that can describe
people. It cannot be undone, and running it again changes nothing more.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Left, Length, StrIndex

from tandem.alerts.models import Alert
from tandem.audit.services import audit_redact_personal_data
from tandem.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus, SurveyResponse
from tandem.casework.models import CaseAssignment, ContactLog, ContactPlan
from tandem.dataprotection.models import (
    RectificationRecord,
    RequestStatus,
    RetentionKind,
    SubjectAccessRequest,
)
from tandem.evidence.models import DiaryEntry, EvidenceFile
from tandem.evidence.storage import evidence_storage
from tandem.incidents.models import Incident, IncidentPerson
from tandem.notify.models import Notification, NotificationStatus
from tandem.people.models import Person, PersonMatchDecision, PersonMerge
from tandem.powers.models import PowerUse
from tandem.referrals.models import Referral, Task
from tandem.risk.models import RiskAssessment
from tandem.standards.models import CaseDeadline
from tandem.supervision.models import ConferenceAction, ConferenceCase, SupervisorReview

logger = logging.getLogger(__name__)

REMOVED = "Removed under the retention schedule"
ANONYMISED_FIRST_NAME = "Anonymised"
ANONYMISED_LAST_NAME = "person"
CHUNK = 500

T = TypeVar("T")


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the last day of the month when
    that month is shorter: 31 March less one month is 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


def months_after(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class RetentionOutcome:
    """What a rule did (or would do): counts by what was affected."""

    counts: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# People on long-closed cases


def _closed_before(cutoff: datetime, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": CaseStatus.CLOSED, f"{prefix}closed_at__lte": cutoff})


def people_due_for_anonymisation(cutoff: datetime) -> list[int]:
    """People involved in at least one case, every one of whose cases closed on or before
    ``cutoff``, with no open subject access request, not yet anonymised. Records merged together
    are one person: they are anonymised together or not at all."""
    on_any_case = IncidentPerson.objects.filter(person_id=OuterRef("pk"))
    on_live_case = IncidentPerson.objects.filter(person_id=OuterRef("pk")).exclude(
        _closed_before(cutoff, "incident__case__")
    )
    respondent_on_live_case = PowerUse.objects.filter(respondent_person_id=OuterRef("pk")).exclude(
        _closed_before(cutoff, "case__")
    )
    open_request = SubjectAccessRequest.objects.filter(
        person_id=OuterRef("pk"), status=RequestStatus.OPEN
    )
    candidates = set(
        Person.objects.filter(anonymised_at__isnull=True)
        .filter(Exists(on_any_case))
        .exclude(Exists(on_live_case))
        .exclude(Exists(respondent_on_live_case))
        .exclude(Exists(open_request))
        .values_list("pk", flat=True)
    )
    return sorted(_whole_families(candidates))


def _whole_families(candidates: set[int]) -> set[int]:
    """``candidates`` less anyone merged with (into, or from) a record that is neither a
    candidate nor already anonymised. Merges are few: all of them are read in one query."""
    edges = list(
        Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id")
    )
    if not edges:
        return candidates
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for child, survivor in edges:
        parent[root(child)] = root(survivor)
    members: dict[int, set[int]] = {}
    for node in list(parent):
        members.setdefault(root(node), set()).add(node)
    outsiders = {
        node
        for group in members.values()
        if group & candidates
        for node in group
        if node not in candidates
    }
    anonymised = set(
        Person.objects.filter(pk__in=outsiders, anonymised_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    blocked = {
        node for group in members.values() if (group - candidates) - anonymised for node in group
    }
    return candidates - blocked


def _cases_of(people: Sequence[int], cutoff: datetime) -> set[int]:
    found: set[int] = set()
    for batch in chunks(people):
        found.update(
            Case.objects.filter(_closed_before(cutoff))
            .filter(
                Q(incidents__involvements__person_id__in=batch)
                | Q(power_uses__respondent_person_id__in=batch)
            )
            .values_list("pk", flat=True)
            .distinct()
        )
    return found


def _count(model: Any, lookup: str, ids: Iterable[int]) -> int:
    return sum(
        model.objects.filter(**{f"{lookup}__in": batch}).count() for batch in chunks(sorted(ids))
    )


def _outward_postcode() -> SqlCase:
    """ME14 1AA → ME14: the postcode district stays for local statistics, the street goes."""
    return SqlCase(
        When(postcode__contains=" ", then=Left("postcode", StrIndex("postcode", Value(" ")) - 1)),
        When(postcode__regex=r"^.{5,}$", then=Left("postcode", Length("postcode") - 3)),
        default=F("postcode"),
    )


def _anonymise_people(people: list[int], now: datetime) -> None:
    Person.objects.filter(pk__in=people).update(
        first_name=ANONYMISED_FIRST_NAME,
        last_name=ANONYMISED_LAST_NAME,
        date_of_birth=None,
        address="",
        postcode="",
        phone="",
        email="",
        preferred_channel="",
        name_key="",
        surname_key="",
        forename_key="",
        phone_key="",
        email_key="",
        address_key="",
        vulnerability_notes="",
        sensitive_updated_at=None,
        sensitive_updated_by=None,
        anonymised_at=now,
        updated_at=now,
    )
    Person.vulnerability_factors.through.objects.filter(person_id__in=people).delete()
    Person.hate_strands.through.objects.filter(person_id__in=people).delete()
    PersonMatchDecision.objects.filter(person_id__in=people).update(details={})
    merges = PersonMerge.objects.filter(Q(survivor_id__in=people) | Q(duplicate_id__in=people))
    merges.update(reason=REMOVED)
    merges.exclude(undo_reason="").update(undo_reason=REMOVED)
    RectificationRecord.objects.filter(person_id__in=people).update(
        old_value="", new_value="", reason=REMOVED
    )
    requests = SubjectAccessRequest.objects.filter(person_id__in=people)
    requests.update(notes="")
    requests.exclude(representative_name="").update(representative_name=REMOVED)


def _clear_cases(cases: list[int]) -> None:
    """Clear the free text and precise places on closed cases; keep what reports count."""
    Case.objects.filter(pk__in=cases).update(
        address="", postcode=_outward_postcode(), closure_notes=""
    )
    Incident.objects.filter(case_id__in=cases).update(
        description=REMOVED,
        address=REMOVED,
        postcode=_outward_postcode(),
        latitude=None,
        longitude=None,
        address_key="",
        crime_reference="",
    )
    CaseEvent.objects.filter(case_id__in=cases).update(
        summary=SqlCase(
            *[When(kind=kind, then=Value(label)) for kind, label in CaseEventKind.choices],
            default=Value(REMOVED),
        )
    )
    CaseDeadline.objects.filter(case_id__in=cases).update(label=F("kind"))
    CaseAssignment.objects.filter(case_id__in=cases).update(reason="")
    ContactLog.objects.filter(case_id__in=cases).update(summary=REMOVED)
    ContactPlan.objects.filter(case_id__in=cases).update(best_times="")
    DiaryEntry.objects.filter(case_id__in=cases).update(
        what_happened=REMOVED, effect="", witnesses=""
    )
    EvidenceFile.objects.filter(case_id__in=cases).update(description="", original_name="evidence")
    Referral.objects.filter(case_id__in=cases).update(reason=REMOVED, decline_reason="", outcome="")
    Task.objects.filter(case_id__in=cases).update(title=REMOVED)
    PowerUse.objects.filter(case_id__in=cases).update(notes="", conviction_reference="")
    SupervisorReview.objects.filter(case_id__in=cases).update(notes="", later_reason="")
    ConferenceCase.objects.filter(case_id__in=cases).update(decisions=REMOVED)
    ConferenceAction.objects.filter(case_id__in=cases).update(description=REMOVED)
    SurveyResponse.objects.filter(case_id__in=cases).update(comments="")
    RiskAssessment.objects.filter(case_id__in=cases).exclude(override_reason="").update(
        override_reason=REMOVED
    )
    Notification.objects.filter(case_id__in=cases).exclude(status=NotificationStatus.QUEUED).update(
        address="", subject=REMOVED, body=REMOVED, last_error=""
    )
    Alert.objects.filter(case_id__in=cases).update(message=REMOVED)


def anonymise_closed_case_people(
    *, cutoff: datetime, dry_run: bool, now: datetime
) -> RetentionOutcome:
    people = people_due_for_anonymisation(cutoff)
    cases = sorted(_cases_of(people, cutoff))
    counts = {
        "people": len(people),
        "cases": len(cases),
        "incidents": _count(Incident, "case_id", cases),
        "diary_entries": _count(DiaryEntry, "case_id", cases),
        "contacts": _count(ContactLog, "case_id", cases),
    }
    if not dry_run:
        for batch in chunks(people):
            _anonymise_people(batch, now)
        for batch in chunks(cases):
            _clear_cases(batch)
    return RetentionOutcome(counts=counts)


# --------------------------------------------------------------------------------------------
# Evidence files of long-closed cases


def _remove_files(names: list[str]) -> None:
    storage = evidence_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - reported, and the next run cannot find the row
            logger.exception("Could not remove evidence file %s from the evidence store", name)


def delete_closed_case_evidence(
    *, cutoff: datetime, dry_run: bool, now: datetime
) -> RetentionOutcome:
    """Delete the evidence files (and their rows) of cases closed on or before ``cutoff``. The
    files leave the evidence store once the rows' deletion has committed."""
    files = EvidenceFile.objects.filter(_closed_before(cutoff, "case__"))
    rows = list(files.values_list("pk", "stored_name", "size_bytes"))
    counts = {"files": len(rows), "bytes": sum(size for _, _, size in rows)}
    if not dry_run and rows:
        for batch in chunks([pk for pk, _, _ in rows]):
            EvidenceFile.objects.filter(pk__in=batch).delete()
        names = [name for _, name, _ in rows]
        transaction.on_commit(lambda: _remove_files(names))
    return RetentionOutcome(counts=counts)


# --------------------------------------------------------------------------------------------
# Personal data in old audit records


def redact_old_audit_records(*, cutoff: datetime, dry_run: bool, now: datetime) -> RetentionOutcome:
    """Blank the personal data in audit records older than the cutoff, through the audit app's
    redaction: the only code allowed past the audit table's append-only protection."""
    redacted = audit_redact_personal_data(before=cutoff, dry_run=dry_run)
    return RetentionOutcome(counts={"audit_records": int(redacted)})


KIND_HANDLERS: dict[str, Callable[..., RetentionOutcome]] = {
    RetentionKind.CLOSED_CASE_PEOPLE: anonymise_closed_case_people,
    RetentionKind.EVIDENCE_FILES: delete_closed_case_evidence,
    RetentionKind.AUDIT_PERSONAL_DATA: redact_old_audit_records,
}

COUNT_LABELS = {
    "people": ("person", "people"),
    "cases": ("case", "cases"),
    "incidents": ("incident", "incidents"),
    "diary_entries": ("diary entry", "diary entries"),
    "contacts": ("contact record", "contact records"),
    "files": ("file", "files"),
    "bytes": ("byte", "bytes"),
    "audit_records": ("audit record", "audit records"),
}


def describe_counts(counts: dict[str, int]) -> str:
    """``{"people": 2, "cases": 1}`` → ``2 people, 1 case``."""
    parts = []
    for key, value in counts.items():
        singular, plural = COUNT_LABELS.get(key, (key.replace("_", " "), key.replace("_", " ")))
        parts.append(f"{value} {singular if value == 1 else plural}")
    return ", ".join(parts) or "nothing"
