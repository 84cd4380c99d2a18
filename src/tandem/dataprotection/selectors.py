"""Reads for data protection: finding a person, the subject access request list, and the subject
access export itself.

``subject_access_export`` assembles everything the requesting user's agency holds about a person
and may disclose to them; the JSON download and the readable document are both made from it, so
they always say the same. It starts from ``cases_visible_to``: a case the agency cannot see
contributes nothing. Other people named in the same records are reduced to their part ("another
person (alleged perpetrator)"), and special category data appears only for those allowed to see
it. What was left out, and why, is listed in ``withheld``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from tandem.accounts.models import User
from tandem.cases.models import Case, SurveyResponse
from tandem.cases.selectors import cases_visible_to
from tandem.casework.models import ContactLog, ContactPlan
from tandem.dataprotection.models import (
    RectificationRecord,
    RequestStatus,
    SubjectAccessRequest,
)
from tandem.evidence.models import DiaryEntry, EvidenceFile
from tandem.incidents.models import Incident, IncidentPerson, PersonRole
from tandem.people.keys import fold
from tandem.people.models import Person, PersonMerge
from tandem.people.policies import can_see_sensitive
from tandem.people.selectors import merged_families
from tandem.powers.models import PowerUse
from tandem.referrals.models import Referral
from tandem.risk.models import RiskAnswer, RiskAssessment

# --------------------------------------------------------------------------------------------
# Finding a person


def people_search(
    user: User, *, name: str, date_of_birth: date | None = None, limit: int = 25
) -> list[Person]:
    """People on cases ``user`` may see whose names contain every word of ``name`` (folded, so
    accents, case, hyphens and apostrophes do not matter), optionally born on ``date_of_birth``."""
    words = [fold(word) for word in name.split()]
    words = [word for word in words if word]
    if not words:
        return []
    on_visible_case = IncidentPerson.objects.filter(
        person_id=OuterRef("pk"), incident__case__in=cases_visible_to(user)
    )
    queryset = Person.objects.filter(Exists(on_visible_case))
    for word in words:
        queryset = queryset.filter(name_key__contains=word)
    if date_of_birth is not None:
        queryset = queryset.filter(date_of_birth=date_of_birth)
    return list(queryset.order_by("last_name", "first_name", "pk")[:limit])


def person_rectifications(person: Person) -> list[RectificationRecord]:
    return list(
        RectificationRecord.objects.filter(person=person)
        .select_related("recorded_by")
        .order_by("-recorded_at", "-id")
    )


# --------------------------------------------------------------------------------------------
# Subject access requests


def agency_of(user: User) -> int:
    """The agency a member of staff answers requests for (every staff user has one)."""
    if user.agency_id is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only members of an agency handle subject access requests")
    return user.agency_id


DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class RequestRow:
    request: SubjectAccessRequest
    days_left: int

    @property
    def late(self) -> bool:
        """Closed after the due date (or still open past it)."""
        closed = self.request.completed_at
        if closed is None:
            return self.days_left < 0
        return timezone.localdate(closed) > self.request.due_on

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def state(self) -> str:
        """overdue, due today, due soon (within a week), due, or the closed request's status."""
        if not self.request.is_open:
            return self.request.get_status_display().lower()
        if self.days_left < 0:
            return "overdue"
        if self.days_left == 0:
            return "due today"
        if self.days_left <= DUE_SOON_DAYS:
            return "due soon"
        return "due"


def subject_access_requests(
    user: User, *, closed: bool = False, today: date | None = None, limit: int = 100
) -> list[RequestRow]:
    """The requests ``user``'s agency is answering: open ones soonest due first, or (``closed``)
    completed and withdrawn ones most recently closed first. One query."""
    today = today or timezone.localdate()
    queryset = SubjectAccessRequest.objects.filter(agency_id=agency_of(user)).select_related(
        "person", "handled_by"
    )
    if closed:
        queryset = queryset.exclude(status=RequestStatus.OPEN).order_by("-completed_at", "-id")
    else:
        queryset = queryset.filter(status=RequestStatus.OPEN).order_by("due_on", "id")
    return [
        RequestRow(request=row, days_left=(row.due_on - today).days) for row in queryset[:limit]
    ]


def subject_access_request_get(user: User, reference: str) -> SubjectAccessRequest:
    """One of ``user``'s agency's requests, or 404 (whether missing or another agency's)."""
    from django.http import Http404

    found = (
        SubjectAccessRequest.objects.filter(
            agency_id=agency_of(user), reference=reference.strip().upper()
        )
        .select_related("person", "handled_by", "logged_by", "agency")
        .first()
    )
    if found is None:
        raise Http404("No such request")
    return found


def person_requests(user: User, person: Person) -> list[SubjectAccessRequest]:
    """``user``'s agency's requests about ``person``, newest first."""
    return list(
        SubjectAccessRequest.objects.filter(agency_id=agency_of(user), person=person)
        .select_related("handled_by")
        .order_by("-received_on", "-id")
    )


# --------------------------------------------------------------------------------------------
# The export


@dataclass(frozen=True)
class RecordDetails:
    """One record of the person's details (the person may have several, merged together)."""

    record: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    address: str
    postcode: str
    phone: str
    email: str
    preferred_contact: str
    created_at: datetime
    merged_into_record: int | None
    anonymised_at: datetime | None


@dataclass(frozen=True)
class SpecialCategory:
    record: int
    vulnerability: list[str]
    vulnerability_notes: str
    feels_targeted_for: list[str]


@dataclass(frozen=True)
class IncidentEntry:
    reference: str
    occurred_at: datetime
    reported_at: datetime
    how_reported: str
    received_by: str
    category: str
    types: list[str]
    description: str
    location: str
    ward: str
    their_part: list[str]
    other_people: list[str]
    # Special category data: None when withheld.
    hate_motivated: bool | None
    hate_strands: list[str] | None
    domestic_abuse: bool | None


@dataclass(frozen=True)
class ContactPlanEntry:
    channel: str
    every_days: int
    best_times: str
    agreed_at: datetime


@dataclass(frozen=True)
class ContactEntry:
    occurred_at: datetime
    channel: str
    direction: str
    summary: str
    by: str


@dataclass(frozen=True)
class DiaryEntryRow:
    occurred_on: date
    occurred_time: time | None
    what_happened: str
    effect: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: str


@dataclass(frozen=True)
class AssessmentEntry:
    assessed_at: datetime
    band: str
    score: int
    assessor: str
    current: bool
    # Special category data (health, vulnerability): None when withheld.
    answers: list[AnswerRow] | None
    reason_for_changed_band: str | None


@dataclass(frozen=True)
class PowerEntry:
    power: str
    issued_on: date
    starts_at: datetime
    ends_at: datetime | None
    notes: str


@dataclass(frozen=True)
class SharedWithEntry:
    agency: str
    service: str
    requested_at: datetime
    status: str


@dataclass(frozen=True)
class EvidenceEntry:
    kind: str
    uploaded_at: datetime
    description: str


@dataclass(frozen=True)
class SurveyEntry:
    recorded_at: datetime
    overall_satisfaction: str
    comments: str


@dataclass(frozen=True)
class CaseEntry:
    reference: str
    lead_agency: str
    category: str
    status: str
    opened_at: datetime
    closed_at: datetime | None
    closure_reason: str
    ward: str
    incidents: list[IncidentEntry] = field(default_factory=list)
    contact_plans: list[ContactPlanEntry] = field(default_factory=list)
    contacts: list[ContactEntry] = field(default_factory=list)
    diary_entries: list[DiaryEntryRow] = field(default_factory=list)
    risk_assessments: list[AssessmentEntry] = field(default_factory=list)
    powers_used: list[PowerEntry] = field(default_factory=list)
    shared_with: list[SharedWithEntry] = field(default_factory=list)
    evidence_files: list[EvidenceEntry] = field(default_factory=list)
    satisfaction_surveys: list[SurveyEntry] = field(default_factory=list)


@dataclass(frozen=True)
class MergeEntry:
    merged_at: datetime
    record: int
    merged_into_record: int
    undone_at: datetime | None


@dataclass(frozen=True)
class CorrectionEntry:
    recorded_at: datetime
    detail: str
    old_value: str
    new_value: str
    reason: str
    asked_for_by_the_person: bool


@dataclass(frozen=True)
class RequestEntry:
    reference: str
    received_on: date
    status: str
    completed_at: datetime | None


@dataclass(frozen=True)
class SubjectAccessExport:
    """Everything the requesting agency holds about a person and may disclose to them."""

    generated_at: datetime
    generated_by: str
    agency: str
    request_reference: str
    request_received_on: date | None
    person: RecordDetails
    other_records: list[RecordDetails]
    special_category: list[SpecialCategory] | None
    cases: list[CaseEntry]
    merges: list[MergeEntry]
    corrections: list[CorrectionEntry]
    access_requests: list[RequestEntry]
    withheld: list[str]

    def as_dict(self) -> dict[str, Any]:
        """For the JSON download (dates and times become ISO 8601 strings when encoded with
        ``DjangoJSONEncoder``)."""
        return asdict(self)


def _label(role: str) -> str:
    return PersonRole(role).label.lower() if role in PersonRole.values else role


class _Redactor:
    """Replaces other people's recorded names, phone numbers and emails in free text with their
    part ("another person (witness)"), and counts how often it did."""

    def __init__(self, others: dict[int, tuple[Person, list[str]]], own_names: set[str]) -> None:
        patterns: list[tuple[str, bool, str]] = []  # (text, ignore case, replacement)
        for person, roles in others.values():
            replacement = f"[another person ({', '.join(roles)})]"
            if person.first_name and person.last_name:
                patterns.append((person.full_name, True, replacement))
            for name in (person.last_name, person.first_name):
                if len(fold(name)) >= 2 and fold(name) not in own_names:
                    patterns.append((name, False, replacement))
                    patterns.append((name.upper(), False, replacement))
            for contact in (person.phone, person.email):
                if len(contact) >= 6:
                    patterns.append((contact, True, replacement))
        # Longest first, so a full name is replaced before its parts.
        patterns.sort(key=lambda item: -len(item[0]))
        self.patterns = [
            (
                re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE if ignore_case else 0),
                replacement,
            )
            for text, ignore_case, replacement in dict.fromkeys(patterns)
        ]
        self.count = 0

    def __call__(self, text: str) -> str:
        for pattern, replacement in self.patterns:
            text, found = pattern.subn(replacement, text)
            self.count += found
        return text


def _details(person: Person) -> RecordDetails:
    return RecordDetails(
        record=person.pk,
        first_name=person.first_name,
        last_name=person.last_name,
        date_of_birth=person.date_of_birth,
        address=person.address,
        postcode=person.postcode,
        phone=person.phone,
        email=person.email,
        preferred_contact=person.get_preferred_channel_display()
        if person.preferred_channel
        else "",
        created_at=person.created_at,
        merged_into_record=person.merged_into_id,
        anonymised_at=person.anonymised_at,
    )


def _name(user: User | None) -> str:
    return user.display_name if user is not None else ""


WITHHELD_OTHER_AGENCIES = (
    "Records held only in cases that {agency} cannot see are not included. Each agency in the "
    "partnership answers for its own records; the person may ask the others directly."
)
WITHHELD_THIRD_PARTIES = (
    "Other people named in these records are shown only by their part, for example "
    "“another person (alleged perpetrator)”: their personal data is not the requester's to "
    "receive. {count} mention(s) of their recorded names or contact details were replaced in "
    "the free text."
)
WITHHELD_REVIEW = (
    "Before sending, read the free text: the automatic replacement finds only the names and "
    "contact details recorded for other people on these cases, not nicknames, descriptions or "
    "addresses that could identify them."
)
WITHHELD_SPECIAL_CATEGORY = (
    "Special category data (vulnerability, health, perceived hate targeting, domestic abuse and "
    "the answers to risk assessment questions) may be held but is not shown where {user} may "
    "not see it (because of their role, or because their agency does not lead the case). Ask "
    "someone with that permission in the lead agency to make the export before the reply is "
    "sent."
)
WITHHELD_DIARY_WITNESSES = (
    "Who else saw or heard what a diary entry describes names other people, so it is left out."
)
WITHHELD_EVIDENCE = (
    "Evidence files are listed, not included: provide copies after checking them for other "
    "people's information."
)
WITHHELD_MERGED_ELSEWHERE = (
    "This record was found to be the same person as record {record} and merged into it: log the "
    "request against record {record} to include everything held under both."
)


def subject_access_export(
    *,
    user: User,
    person: Person,
    request: SubjectAccessRequest | None = None,
    now: datetime | None = None,
) -> SubjectAccessExport:
    """Everything ``user``'s agency holds about ``person`` (and any records merged into them)
    and may disclose: a fixed number of queries whatever the number of cases."""
    now = now or timezone.now()
    family = merged_families([person.pk]).get(person.pk, {person.pk})
    records = {
        record.pk: record
        for record in Person.objects.filter(pk__in=family)
        .prefetch_related("vulnerability_factors", "hate_strands")
        .order_by("pk")
    }
    visible = cases_visible_to(user)
    own_involvements = list(
        IncidentPerson.objects.filter(person_id__in=family, incident__case__in=visible).values_list(
            "incident_id", "incident__case_id", "role"
        )
    )
    power_cases = set(
        PowerUse.objects.filter(respondent_person_id__in=family, case__in=visible).values_list(
            "case_id", flat=True
        )
    )
    case_ids = {case_id for _, case_id, _ in own_involvements} | power_cases
    cases = list(
        Case.objects.filter(pk__in=case_ids)
        .select_related("lead_agency", "category", "ward", "closure_reason")
        .order_by("opened_at", "pk")
    )
    sensitive_cases = {case.pk for case in cases if can_see_sensitive(user, case)}
    sees_special = bool(sensitive_cases) or (not cases and can_see_sensitive(user))
    own_names = {
        fold(name) for record in records.values() for name in (record.first_name, record.last_name)
    }

    # Everyone else named on these cases, reduced to their parts.
    others: dict[int, tuple[Person, list[str]]] = {}
    incident_others: dict[int, list[str]] = {}
    for involvement in (
        IncidentPerson.objects.filter(incident__case_id__in=case_ids)
        .exclude(person_id__in=family)
        .select_related("person")
        .order_by("incident_id", "role", "id")
    ):
        label = _label(involvement.role)
        _, roles = others.setdefault(involvement.person_id, (involvement.person, []))
        if label not in roles:
            roles.append(label)
        incident_others.setdefault(involvement.incident_id, []).append(f"another person ({label})")
    redact = _Redactor(others, own_names)

    their_parts: dict[int, list[str]] = {}
    for incident_id, _, role in own_involvements:
        label = PersonRole(role).label if role in PersonRole.values else role
        if label not in their_parts.setdefault(incident_id, []):
            their_parts[incident_id].append(label)
    incidents_by_case: dict[int, list[IncidentEntry]] = {}
    for incident in (
        Incident.objects.filter(pk__in=their_parts)
        .select_related("category", "ward", "receiving_agency")
        .prefetch_related("types", "hate_strands")
        .order_by("reported_at", "pk")
    ):
        special = incident.case_id in sensitive_cases
        incidents_by_case.setdefault(incident.case_id, []).append(
            IncidentEntry(
                reference=incident.reference,
                occurred_at=incident.occurred_at,
                reported_at=incident.reported_at,
                how_reported=incident.get_channel_display(),
                received_by=incident.receiving_agency.name,
                category=incident.category.name,
                types=[row.name for row in incident.types.all()],
                description=redact(incident.description),
                location=", ".join(part for part in (incident.address, incident.postcode) if part),
                ward=incident.ward.name if incident.ward else "",
                their_part=their_parts[incident.pk],
                other_people=sorted(set(incident_others.get(incident.pk, []))),
                hate_motivated=incident.hate_motivated if special else None,
                hate_strands=[row.name for row in incident.hate_strands.all()] if special else None,
                domestic_abuse=incident.domestic_abuse if special else None,
            )
        )

    def by_case(rows: Iterable[Any]) -> dict[int, list[Any]]:
        grouped: dict[int, list[Any]] = {}
        for row in rows:
            grouped.setdefault(row.case_id, []).append(row)
        return grouped

    in_cases = Q(case_id__in=case_ids)
    plans = by_case(
        ContactPlan.objects.filter(in_cases, person_id__in=family).order_by("agreed_at", "id")
    )
    contacts = by_case(
        ContactLog.objects.filter(in_cases, person_id__in=family)
        .select_related("by")
        .order_by("occurred_at", "id")
    )
    diary = by_case(
        DiaryEntry.objects.filter(in_cases, person_id__in=family)
        .select_related("recorded_by")
        .order_by("occurred_on", "occurred_time", "id")
    )
    assessments = by_case(
        RiskAssessment.objects.filter(in_cases, person_id__in=family)
        .select_related("assessor")
        .prefetch_related(
            Prefetch("answers", queryset=RiskAnswer.objects.select_related("question"))
        )
        .order_by("assessed_at", "id")
    )
    powers = by_case(
        PowerUse.objects.filter(in_cases, respondent_person_id__in=family)
        .select_related("power")
        .order_by("starts_at", "id")
    )
    referrals = by_case(
        Referral.objects.filter(in_cases)
        .select_related("to_agency", "service")
        .order_by("requested_at", "id")
    )
    evidence = by_case(EvidenceFile.objects.filter(in_cases).order_by("uploaded_at", "id"))
    surveys = by_case(
        SurveyResponse.objects.filter(in_cases, invitation__person_id__in=family).order_by(
            "recorded_at", "id"
        )
    )

    case_entries = []
    for case in cases:
        special = case.pk in sensitive_cases
        case_entries.append(
            CaseEntry(
                reference=case.reference,
                lead_agency=case.lead_agency.name,
                category=case.category.name,
                status=case.get_status_display(),
                opened_at=case.opened_at,
                closed_at=case.closed_at,
                closure_reason=case.closure_reason.name if case.closure_reason else "",
                ward=case.ward.name if case.ward else "",
                incidents=incidents_by_case.get(case.pk, []),
                contact_plans=[
                    ContactPlanEntry(
                        channel=plan.get_channel_display(),
                        every_days=plan.frequency_days,
                        best_times=plan.best_times,
                        agreed_at=plan.agreed_at,
                    )
                    for plan in plans.get(case.pk, [])
                ],
                contacts=[
                    ContactEntry(
                        occurred_at=row.occurred_at,
                        channel=row.get_channel_display(),
                        direction=row.get_direction_display(),
                        summary=redact(row.summary),
                        by=_name(row.by),
                    )
                    for row in contacts.get(case.pk, [])
                ],
                diary_entries=[
                    DiaryEntryRow(
                        occurred_on=row.occurred_on,
                        occurred_time=row.occurred_time,
                        what_happened=redact(row.what_happened),
                        effect=redact(row.effect),
                        recorded_by=_name(row.recorded_by),
                        recorded_at=row.recorded_at,
                    )
                    for row in diary.get(case.pk, [])
                ],
                risk_assessments=[
                    AssessmentEntry(
                        assessed_at=row.assessed_at,
                        band=row.get_band_display(),
                        score=row.score,
                        assessor=_name(row.assessor),
                        current=row.current,
                        answers=[
                            AnswerRow(
                                question=answer.question.text, answer=answer.get_answer_display()
                            )
                            for answer in row.answers.all()
                        ]
                        if special
                        else None,
                        reason_for_changed_band=redact(row.override_reason) if special else None,
                    )
                    for row in assessments.get(case.pk, [])
                ],
                powers_used=[
                    PowerEntry(
                        power=row.power.name,
                        issued_on=row.issued_on,
                        starts_at=row.starts_at,
                        ends_at=row.ends_at,
                        notes=redact(row.notes),
                    )
                    for row in powers.get(case.pk, [])
                ],
                shared_with=[
                    SharedWithEntry(
                        agency=row.to_agency.name,
                        service=row.service.name,
                        requested_at=row.requested_at,
                        status=row.get_status_display(),
                    )
                    for row in referrals.get(case.pk, [])
                ],
                evidence_files=[
                    EvidenceEntry(
                        kind=row.get_kind_display(),
                        uploaded_at=row.uploaded_at,
                        description=redact(row.description),
                    )
                    for row in evidence.get(case.pk, [])
                ],
                satisfaction_surveys=[
                    SurveyEntry(
                        recorded_at=row.recorded_at,
                        overall_satisfaction=row.get_overall_satisfaction_display(),
                        comments=redact(row.comments),
                    )
                    for row in surveys.get(case.pk, [])
                ],
            )
        )

    merges = [
        MergeEntry(
            merged_at=merge.merged_at,
            record=merge.duplicate_id,
            merged_into_record=merge.survivor_id,
            undone_at=merge.undone_at,
        )
        for merge in PersonMerge.objects.filter(
            Q(survivor_id__in=family) | Q(duplicate_id__in=family)
        ).order_by("merged_at", "id")
    ]
    corrections = [
        CorrectionEntry(
            recorded_at=row.recorded_at,
            detail=row.get_field_display(),
            old_value=row.old_value,
            new_value=row.new_value,
            reason=redact(row.reason),
            asked_for_by_the_person=row.requested_by_subject,
        )
        for row in RectificationRecord.objects.filter(person_id__in=family).order_by(
            "recorded_at", "id"
        )
    ]
    access_requests = [
        RequestEntry(
            reference=row.reference,
            received_on=row.received_on,
            status=row.get_status_display(),
            completed_at=row.completed_at,
        )
        for row in SubjectAccessRequest.objects.filter(
            person_id__in=family, agency_id=agency_of(user)
        ).order_by("received_on", "id")
    ]

    agency_name = user.agency.name if user.agency else ""
    withheld = [WITHHELD_OTHER_AGENCIES.format(agency=agency_name or "this agency")]
    if others:
        withheld.append(WITHHELD_THIRD_PARTIES.format(count=redact.count))
    withheld.append(WITHHELD_REVIEW)
    if not sees_special or len(sensitive_cases) < len(cases):
        withheld.append(WITHHELD_SPECIAL_CATEGORY.format(user=user.display_name))
    if any(row.witnesses for rows in diary.values() for row in rows):
        withheld.append(WITHHELD_DIARY_WITNESSES)
    if evidence:
        withheld.append(WITHHELD_EVIDENCE)
    if person.merged_into_id:
        withheld.append(WITHHELD_MERGED_ELSEWHERE.format(record=person.merged_into_id))

    primary = records[person.pk]
    return SubjectAccessExport(
        generated_at=now,
        generated_by=user.display_name,
        agency=agency_name,
        request_reference=request.reference if request else "",
        request_received_on=request.received_on if request else None,
        person=_details(primary),
        other_records=[_details(record) for pk, record in records.items() if pk != person.pk],
        special_category=[
            SpecialCategory(
                record=record.pk,
                vulnerability=[row.name for row in record.vulnerability_factors.all()],
                vulnerability_notes=record.vulnerability_notes,
                feels_targeted_for=[row.name for row in record.hate_strands.all()],
            )
            for record in records.values()
        ]
        if sees_special
        else None,
        cases=case_entries,
        merges=merges,
        corrections=corrections,
        access_requests=access_requests,
        withheld=withheld,
    )
