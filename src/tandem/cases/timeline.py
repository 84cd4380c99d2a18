"""The case's one timeline: incidents, assessments, contacts, actions, tasks, referrals, shares,
evidence, reviews, deadlines and closure, newest first.

Each app's records come from a *source*: a function taking the case and returning
``TimelineEntry`` rows with a fixed number of queries (one or two, with ``select_related`` and
``prefetch_related``), so the case page costs the same however many records the case holds.
Sources are registered with the kinds they produce; a filter by kind skips the sources it does
not need. A source for an app that is not installed is simply not registered.

Summaries carry no special-category data (vulnerability, health, hate targeting): the timeline
is shown to everyone who may see the case, partner workers included. Officers' free text (a
contact's summary, a conference's decisions) and sensitive reasons for a priority change are
shown only to readers who may see sensitive details (``can_see_sensitive``); others see the
entry marked restricted. Diary entries never show what happened or its effect. Risk entries give
the band, never the answers or the reasons for an override; power entries never the
respondent's disability; survey entries never the comments.

``CaseEvent`` rows of kind ``note``, ``incident_added``, ``assessed``, ``officer_assigned``,
``survey_recorded``, ``shared`` and ``share_revoked`` mirror records that have their own source
here and are left out, so nothing appears twice. The remaining kinds (opened, status and priority changes, closure, reopening)
come from the ``CaseEvent`` table itself.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.utils import timezone
from django.utils.text import Truncator

from tandem.cases.models import Case, CaseEvent, CaseEventKind, SurveyResponse
from tandem.cases.priority import priority_summary_redacted


class Kind:
    CASE = "case"
    INCIDENT = "incident"
    ASSESSMENT = "assessment"
    CONTACT = "contact"
    ACTION = "action"
    TASK = "task"
    REFERRAL = "referral"
    SHARING = "sharing"
    EVIDENCE = "evidence"
    REVIEW = "review"
    CONFERENCE = "conference"
    DEADLINE = "deadline"
    CLOSURE = "closure"


KIND_LABELS: dict[str, str] = {
    Kind.CASE: "Case updates",
    Kind.INCIDENT: "Incidents",
    Kind.ASSESSMENT: "Risk assessments",
    Kind.CONTACT: "Contacts",
    Kind.ACTION: "Actions and powers",
    Kind.TASK: "Tasks",
    Kind.REFERRAL: "Referrals",
    Kind.SHARING: "Sharing with other agencies",
    Kind.EVIDENCE: "Evidence",
    Kind.REVIEW: "Supervisor reviews",
    Kind.CONFERENCE: "Case conferences",
    Kind.DEADLINE: "Deadlines met or missed",
    Kind.CLOSURE: "Closure and survey",
}


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str
    title: str
    summary: str = ""
    actor: str = ""
    link: str = ""
    restricted: bool = False
    """Part of the entry is sensitive and withheld from this reader (shown as "Restricted")."""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.title())


# A source gets the case and whether the reader may see special-category details on it
# (``tandem.people.policies.can_see_sensitive``): free text written by officers (a contact's
# summary, a conference's decisions) can carry them, so it is shown only then.
Source = Callable[[Case, bool], Iterable[TimelineEntry]]


@dataclass(frozen=True)
class RegisteredSource:
    name: str
    kinds: frozenset[str]
    function: Source


_SOURCES: list[RegisteredSource] = []


def register(name: str, *kinds: str) -> Callable[[Source], Source]:
    def decorator(function: Source) -> Source:
        _SOURCES.append(RegisteredSource(name=name, kinds=frozenset(kinds), function=function))
        return function

    return decorator


def registered_kinds() -> list[tuple[str, str]]:
    """The kinds some registered source can produce, as (value, label) in display order."""
    produced = {kind for source in _SOURCES for kind in source.kinds}
    return [(kind, label) for kind, label in KIND_LABELS.items() if kind in produced]


def _name(user: object | None) -> str:
    return str(getattr(user, "display_name", "") or "") if user is not None else ""


def _short(text: str, words: int = 30) -> str:
    return Truncator(text).words(words, truncate="…")


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _end_of(day: date) -> datetime:
    """The moment a deadline due on ``day`` is missed: the start of the next day, local time."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def case_timeline(
    case: Case, *, kinds: Collection[str] | None = None, user: object
) -> list[TimelineEntry]:
    """Everything that happened on ``case``, newest first; only ``kinds`` when given.

    ``user`` is the reader: officers' free text (which may hold special-category details) is
    in the summaries only for those who may see sensitive details on the case.
    """
    from tandem.people.policies import can_see_sensitive

    wanted = set(kinds) if kinds else None
    sensitive = can_see_sensitive(user, case)
    entries: list[TimelineEntry] = []
    for source in _SOURCES:
        if wanted is not None and not (source.kinds & wanted):
            continue
        entries.extend(
            entry
            for entry in source.function(case, sensitive)
            if wanted is None or entry.kind in wanted
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


# Sources -----------------------------------------------------------------------------------

_MIRRORED_EVENT_KINDS = {
    CaseEventKind.NOTE,
    CaseEventKind.INCIDENT_ADDED,
    CaseEventKind.ASSESSED,
    CaseEventKind.OFFICER_ASSIGNED,
    CaseEventKind.SURVEY_RECORDED,
    CaseEventKind.SHARED,
    CaseEventKind.SHARE_REVOKED,
}
_CLOSURE_EVENT_KINDS = {CaseEventKind.CLOSED, CaseEventKind.REOPENED}


@register("case-events", Kind.CASE, Kind.CLOSURE)
def _case_events(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
    if "events" in getattr(case, "_prefetched_objects_cache", {}):  # by case_get_visible
        events: Iterable[CaseEvent] = case.events.all()
    else:
        events = CaseEvent.objects.filter(case=case).select_related("actor")
    for event in events:
        if event.kind in _MIRRORED_EVENT_KINDS:
            continue
        summary, restricted = event_summary_for_reader(event, sensitive)
        yield TimelineEntry(
            when=event.occurred_at,
            kind=Kind.CLOSURE if event.kind in _CLOSURE_EVENT_KINDS else Kind.CASE,
            title=event.get_kind_display(),
            summary=summary,
            actor=_name(event.actor),
            restricted=restricted,
        )


def event_summary_for_reader(event: CaseEvent, sensitive: bool) -> tuple[str, bool]:
    """A case event's summary as ``sensitive`` (may the reader see sensitive data?) allows,
    and whether part of it was withheld: a priority change may give domestic abuse or a
    vulnerable victim as its reason; an assessment, the assessor's reason for changing the band
    (free text)."""
    if sensitive:
        return event.summary, False
    if event.kind == CaseEventKind.PRIORITY_CHANGED:
        return priority_summary_redacted(event.summary)
    if event.kind == CaseEventKind.ASSESSED and _OVERRIDE_REASON in event.summary:
        head = event.summary.split(_OVERRIDE_REASON, 1)[0]
        return head + _OVERRIDE_REASON.strip() + " restricted", True
    return event.summary, False


_OVERRIDE_REASON = ". Reason: "  # as ``tandem.risk.services.assessment_record`` writes it


@register("survey-responses", Kind.CLOSURE)
def _survey_responses(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
    for response in SurveyResponse.objects.filter(case=case).select_related("recorded_by"):
        yield TimelineEntry(
            when=response.recorded_at,
            kind=Kind.CLOSURE,
            title="Satisfaction survey recorded",
            summary=f"Overall: {response.get_overall_satisfaction_display().lower()}",
            actor=_name(response.recorded_by),
        )


@register("incidents", Kind.INCIDENT)
def _incidents(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
    from tandem.incidents.models import Incident

    incidents = (
        Incident.objects.filter(case=case)
        .select_related("created_by", "receiving_agency")
        .prefetch_related("types")
    )
    for incident in incidents:
        types = ", ".join(t.name for t in incident.types.all())
        yield TimelineEntry(
            when=incident.reported_at,
            kind=Kind.INCIDENT,
            title=f"Incident {incident.reference}" + (f": {types}" if types else ""),
            summary=f"Reported by {incident.get_channel_display().lower()} to "
            f"{incident.receiving_agency.name}. {_short(incident.description)}",
            actor=_name(incident.created_by),
        )


@register("risk-assessments", Kind.ASSESSMENT)
def _assessments(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
    from tandem.risk.models import RiskAssessment

    assessments = RiskAssessment.objects.filter(case=case).select_related("person", "assessor")
    for assessment in assessments:
        yield TimelineEntry(
            when=assessment.assessed_at,
            kind=Kind.ASSESSMENT,
            title="Risk assessed",
            summary=f"{assessment.person.full_name}: {assessment.get_band_display().lower()} "
            "risk" + (" (band changed by the assessor)" if assessment.overridden else ""),
            actor=_name(assessment.assessor),
        )


if apps.is_installed("tandem.casework"):

    @register("contacts", Kind.CONTACT)
    def _contacts(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        from tandem.casework.models import ContactLog

        for contact in ContactLog.objects.filter(case=case).select_related("person", "by"):
            who = contact.person.full_name if contact.person is not None else "someone"
            title = "First contact" if contact.first_contact else "Contact"
            yield TimelineEntry(
                when=contact.occurred_at,
                kind=Kind.CONTACT,
                title=f"{title}: {contact.get_channel_display().lower()} with {who}",
                summary=contact.get_direction_display()
                + (f". {_short(contact.summary)}" if sensitive else ""),
                actor=_name(contact.by),
                restricted=not sensitive and bool(contact.summary),
            )

    @register("contact-plans", Kind.CONTACT)
    def _contact_plans(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        from tandem.casework.models import ContactPlan

        for plan in ContactPlan.objects.filter(case=case).select_related("person", "agreed_by"):
            yield TimelineEntry(
                when=plan.agreed_at,
                kind=Kind.CONTACT,
                title=f"Contact plan agreed with {plan.person.full_name}",
                summary=f"{plan.get_channel_display()} every {plan.frequency_days} days",
                actor=_name(plan.agreed_by),
            )

    @register("assignments", Kind.CASE)
    def _assignments(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        from tandem.casework.models import CaseAssignment

        assignments = CaseAssignment.objects.filter(case=case).select_related(
            "from_agency", "to_agency", "to_officer", "by"
        )
        for assignment in assignments:
            officer = _name(assignment.to_officer) or "nobody (unallocated)"
            if assignment.agency_changed:
                title = "Lead agency changed"
                summary = (
                    f"From {assignment.from_agency.name} to {assignment.to_agency.name}; "
                    f"officer {officer}"
                )
            else:
                title = "Officer assigned"
                summary = f"Officer {officer}"
            yield TimelineEntry(
                when=assignment.at,
                kind=Kind.CASE,
                title=title,
                summary=summary,
                actor=_name(assignment.by),
            )


if apps.is_installed("tandem.powers"):

    @register("powers", Kind.ACTION)
    def _powers(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        from tandem.powers.models import PowerUse

        uses = PowerUse.objects.filter(case=case).select_related(
            "power", "respondent_person", "recorded_by"
        )
        for use in uses:
            yield TimelineEntry(
                when=use.recorded_at,
                kind=Kind.ACTION,
                title=use.power.name,
                summary=f"Against {use.respondent}; issued {_day(use.issued_on)}",
                actor=_name(use.recorded_by),
            )


if apps.is_installed("tandem.referrals"):

    @register("tasks", Kind.TASK)
    def _tasks(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        from tandem.referrals.models import Task

        tasks = Task.objects.filter(case=case).select_related(
            "assigned_user", "assigned_agency", "created_by", "done_by"
        )
        for task in tasks:
            due = f"; due {_day(task.due_on)}" if task.due_on else ""
            yield TimelineEntry(
                when=task.created_at,
                kind=Kind.TASK,
                title=f"Task set: {task.title}",
                summary=f"For {task.assignee}{due}",
                actor=_name(task.created_by),
            )
            if task.done_at is not None:
                yield TimelineEntry(
                    when=task.done_at,
                    kind=Kind.TASK,
                    title=f"Task done: {task.title}",
                    actor=_name(task.done_by),
                )

    @register("referrals", Kind.REFERRAL)
    def _referrals(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        from tandem.referrals.models import Referral, ReferralStatus

        referrals = Referral.objects.filter(case=case).select_related(
            "service", "to_agency", "requested_by", "responded_by", "completed_by"
        )
        for referral in referrals:
            service = referral.service.name
            yield TimelineEntry(
                when=referral.requested_at,
                kind=Kind.REFERRAL,
                title=f"Referred to {service}",
                summary=f"To {referral.to_agency.name}",
                actor=_name(referral.requested_by),
            )
            if referral.responded_at is not None:
                declined = referral.status == ReferralStatus.DECLINED
                yield TimelineEntry(
                    when=referral.responded_at,
                    kind=Kind.REFERRAL,
                    title=f"Referral to {service} {'declined' if declined else 'accepted'}",
                    summary=f"By {referral.to_agency.name}",
                    actor=_name(referral.responded_by),
                )
            if referral.completed_at is not None:
                yield TimelineEntry(
                    when=referral.completed_at,
                    kind=Kind.REFERRAL,
                    title=f"Referral to {service} completed",
                    summary=f"By {referral.to_agency.name}",
                    actor=_name(referral.completed_by),
                )


if apps.is_installed("tandem.sharing"):

    @register("shares", Kind.SHARING)
    def _shares(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        # Which other agencies see the case is for the lead agency's case workers (the readers
        # of sensitive details); a partner learns only of its own share, on the sharing panel.
        if not sensitive:
            return
        from tandem.sharing.models import CaseShare

        now = timezone.now()
        shares = CaseShare.objects.filter(case=case).select_related(
            "agency", "granted_by", "revoked_by"
        )
        for share in shares:
            agency = share.agency.name
            last_day = share.last_day
            yield TimelineEntry(
                when=share.granted_at,
                kind=Kind.SHARING,
                title=f"Shared with {agency}",
                summary=(f"Until {_day(last_day)}" if last_day else "Until revoked")
                + f". {_short(share.purpose, 20)}",
                actor=_name(share.granted_by),
            )
            if share.revoked_at is not None:
                yield TimelineEntry(
                    when=share.revoked_at,
                    kind=Kind.SHARING,
                    title=f"Share with {agency} revoked",
                    summary=share.revoke_reason,
                    actor=_name(share.revoked_by),
                )
            elif share.expires_at is not None and share.expires_at <= now:
                yield TimelineEntry(
                    when=share.expires_at, kind=Kind.SHARING, title=f"Share with {agency} expired"
                )


if apps.is_installed("tandem.standards"):

    @register("deadlines", Kind.DEADLINE)
    def _deadlines(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        from tandem.standards.models import CaseDeadline

        today = timezone.localdate()
        deadlines = CaseDeadline.objects.filter(case=case, cancelled_at__isnull=True).exclude(
            met_at__isnull=True, due_on__gte=today
        )
        for deadline in deadlines:
            due = _day(deadline.due_on)
            if deadline.met_at is not None:
                late = timezone.localdate(deadline.met_at) > deadline.due_on
                yield TimelineEntry(
                    when=deadline.met_at,
                    kind=Kind.DEADLINE,
                    title=f"{deadline.label}: met{' late' if late else ''}",
                    summary=f"Due {due}",
                )
            else:
                yield TimelineEntry(
                    when=_end_of(deadline.due_on),
                    kind=Kind.DEADLINE,
                    title=f"{deadline.label}: missed",
                    summary=f"Due {due}",
                )


if apps.is_installed("tandem.evidence"):

    @register("diary-entries", Kind.EVIDENCE)
    def _diary_entries(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        from tandem.evidence.models import DiaryEntry

        entries = DiaryEntry.objects.filter(case=case).select_related("person", "recorded_by")
        for entry in entries:
            # What happened and its effect stay on the evidence panel: they can hold health and
            # other special-category details.
            yield TimelineEntry(
                when=entry.recorded_at,
                kind=Kind.EVIDENCE,
                title=f"Diary entry from {entry.person.full_name}",
                summary=f"About {_day(entry.occurred_on)}",
                actor=_name(entry.recorded_by),
            )

    @register("evidence-files", Kind.EVIDENCE)
    def _evidence_files(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        from tandem.evidence.models import EvidenceFile

        for upload in EvidenceFile.objects.filter(case=case).select_related("uploaded_by"):
            yield TimelineEntry(
                when=upload.uploaded_at,
                kind=Kind.EVIDENCE,
                title=f"{upload.get_kind_display()} uploaded",
                summary=upload.original_name,
                actor=_name(upload.uploaded_by),
            )


if apps.is_installed("tandem.supervision"):

    @register("supervisor-reviews", Kind.REVIEW)
    def _reviews(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        from tandem.supervision.models import SupervisorReview

        reviews = SupervisorReview.objects.filter(case=case).select_related("decision", "reviewer")
        for review in reviews:
            nxt = f"; next review {_day(review.next_review_on)}" if review.next_review_on else ""
            yield TimelineEntry(
                when=review.reviewed_at,
                kind=Kind.REVIEW,
                title="Supervisor review",
                summary=f"{review.decision.name}{nxt}",
                actor=_name(review.reviewer),
            )

    @register("case-conferences", Kind.CONFERENCE)
    def _conferences(case: Case, sensitive: bool) -> Iterable[TimelineEntry]:
        from tandem.supervision.models import ConferenceCase

        discussions = ConferenceCase.objects.filter(case=case).select_related(
            "conference", "conference__recorded_by"
        )
        for discussion in discussions:
            conference = discussion.conference
            yield TimelineEntry(
                when=conference.held_at,
                kind=Kind.CONFERENCE,
                title=f"Discussed at {conference.title}",
                summary=f"Chaired by {conference.chair}"
                + (f". {_short(discussion.decisions, 20)}" if sensitive else ""),
                actor=_name(conference.recorded_by),
                restricted=not sensitive and bool(discussion.decisions),
            )
