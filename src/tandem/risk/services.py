"""Writes of the risk app: recording assessments, and drafting and publishing matrix versions.

An assessment is never changed once recorded: there is no update service. A new assessment of the
same person on the same case supersedes the old one, which only gains ``superseded_by`` and
``superseded_at``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tandem.accounts.models import User
from tandem.alerts.models import AlertKind
from tandem.alerts.services import alert_supervisors
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus
from tandem.cases.services import case_priority_refresh
from tandem.incidents.models import Incident
from tandem.people.models import Person
from tandem.risk.models import (
    BAND_ORDER,
    Answer,
    AutomaticHighRule,
    BandThreshold,
    MatrixStatus,
    Question,
    RiskAnswer,
    RiskAssessment,
    RiskBand,
    RiskMatrix,
    Section,
)
from tandem.risk.policies import may_assess, may_lower_band
from tandem.risk.scoring import score_answers
from tandem.risk.selectors import (
    is_victim_on_case,
    matrix_questions,
    matrix_spec,
    published_matrix,
    scoring_context,
)
from tandem.standards.services import case_risk_clocks_sync

NO_MATRIX = "No risk matrix is published: ask an administrator to publish one"


def answers_errors(questions: list[Question], answers: Mapping[str, str]) -> dict[str, list[str]]:
    """Every question answered yes, no or don't know, and nothing else: errors by question code
    (unknown codes included)."""
    errors: dict[str, list[str]] = {}
    known = {question.code for question in questions}
    for code in answers:
        if code not in known:
            errors[code] = ["There is no such question in the published risk matrix"]
    for question in questions:
        value = answers.get(question.code)
        if value is None or value == "":
            errors[question.code] = [f"Answer “{question.text}”"]
        elif value not in Answer.values:
            errors[question.code] = ["Answer yes, no or don't know (yes, no or dont_know)"]
    return errors


@transaction.atomic
def assessment_record(
    *,
    case: Case,
    person: Person,
    actor: User,
    answers: Mapping[str, str],
    override_band: str | None = None,
    override_reason: str = "",
) -> RiskAssessment:
    """Score the answers with the published matrix and record the assessment, superseding the
    person's previous one on the case.

    Professional judgement: ``override_band`` may raise the band with a reason; lowering it needs
    a supervisor. Sets the case's re-assessment date from the band's cadence, refreshes its
    priority, and alerts the lead agency's supervisors at once when the band is high. Raises
    ``ValidationError`` with field errors (``person``, ``answers``, ``override_band``,
    ``override_reason``) before writing anything.
    """
    if not may_assess(actor, case):
        raise PermissionDenied("Your role or agency may not assess risk on this case")
    case = Case.objects.select_for_update().get(pk=case.pk)  # one assessment at a time per case
    matrix = published_matrix()
    if matrix is None:
        raise ValidationError(NO_MATRIX)

    errors: dict[str, list[str]] = {}
    if case.status == CaseStatus.CLOSED:
        errors["case"] = [f"Case {case.reference} is closed: it can no longer be assessed"]
    if not is_victim_on_case(case, person.pk):
        errors["person"] = ["Choose a victim named on this case"]
    questions = matrix_questions(matrix)
    answer_errors = answers_errors(questions, answers)
    if answer_errors:
        errors["answers"] = [f"{code}: {message}" for code, (message, *_) in answer_errors.items()]

    context = scoring_context(case, person)
    scoring = score_answers(matrix_spec(matrix), answers, context)
    band = scoring.band
    reasons = list(scoring.reasons)
    reason = override_reason.strip()
    overridden_by: User | None = None
    approved_by: User | None = None
    if override_band and override_band != scoring.band:
        if override_band not in RiskBand.values:
            errors["override_band"] = ["Choose standard, medium or high"]
        else:
            band = RiskBand(override_band)
            lowering = BAND_ORDER.index(band) < BAND_ORDER.index(scoring.band)
            if lowering and not may_lower_band(actor):
                errors["override_band"] = [
                    "Only a supervisor may lower the band: ask a supervisor to assess"
                ]
            if not reason:
                errors["override_reason"] = ["Give the reason for changing the band"]
            overridden_by = actor
            approved_by = actor if lowering else None
            reasons.append(
                f"Professional judgement: {'lowered' if lowering else 'raised'} from "
                f"{scoring.band.label.lower()} to {band.label.lower()} by {actor.display_name}"
            )
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    previous = list(
        RiskAssessment.objects.select_for_update().filter(
            case=case, person=person, superseded_at__isnull=True
        )
    )
    # Retire the old one first: only one assessment per person and case is current.
    RiskAssessment.objects.filter(pk__in=[old.pk for old in previous]).update(superseded_at=now)
    assessment = RiskAssessment.objects.create(
        case=case,
        person=person,
        matrix=matrix,
        score=scoring.score,
        computed_band=scoring.band,
        band=band,
        reasons=reasons,
        context=context.as_dict(),
        override_reason=reason if overridden_by else "",
        overridden_by=overridden_by,
        approved_by=approved_by,
        assessor=actor,
        assessed_at=now,
    )
    RiskAnswer.objects.bulk_create(
        [
            RiskAnswer(
                assessment=assessment,
                question=question,
                answer=answers[question.code],
                score=_points(question, answers[question.code]),
            )
            for question in questions
        ]
    )
    RiskAssessment.objects.filter(pk__in=[old.pk for old in previous]).update(
        superseded_by=assessment
    )

    case.reassessment_due = reassessment_due(case)
    case.save(update_fields=["reassessment_due", "updated_at"])
    case_risk_clocks_sync(case=case)
    summary = (
        f"{person.full_name} assessed by {actor.display_name}: {band.label.lower()} risk "
        f"(score {scoring.score}, matrix version {matrix.version})"
    )
    if overridden_by is not None:
        summary += f"; the matrix gave {scoring.band.label.lower()}. Reason: {reason}"
    CaseEvent.objects.create(
        case=case, kind=CaseEventKind.ASSESSED, occurred_at=now, actor=actor, summary=summary
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="risk_assessment",
        object_id=assessment.pk,
        case_reference=case.reference,
        detail={
            "person": person.pk,
            "matrix_version": matrix.version,
            "score": scoring.score,
            "computed_band": str(scoring.band),
            "band": str(band),
            "supersedes": [old.pk for old in previous],
        },
    )
    case_priority_refresh(case=case, actor=actor)
    if band == RiskBand.HIGH:
        alert_supervisors(
            case=case,
            kind=AlertKind.HIGH_RISK,
            message=f"{person.full_name} was assessed as high risk on case {case.reference} by "
            f"{actor.display_name} (score {scoring.score}). Review the case now.",
            actor=actor,
        )
    return assessment


def _points(question: Question, answer: str) -> int:
    if answer == Answer.YES:
        return question.score_yes
    if answer == Answer.DONT_KNOW:
        return question.score_dont_know
    return 0


def reassessment_due(case: Case) -> date | None:
    """When the case's victims are next to be re-assessed: the earliest of each current
    assessment's band cadence, or the day a newer incident joined the case."""
    current = list(
        RiskAssessment.objects.filter(case=case, superseded_at__isnull=True).only(
            "assessed_at", "band", "matrix_id"
        )
    )
    if not current:
        return None
    cadence = {
        (threshold.matrix_id, threshold.band): threshold.reassess_after_days
        for threshold in BandThreshold.objects.filter(
            matrix_id__in={assessment.matrix_id for assessment in current}
        )
    }
    latest_incident = Incident.objects.filter(case=case).aggregate(latest=Max("created_at"))[
        "latest"
    ]
    dates = []
    for assessment in current:
        if latest_incident is not None and latest_incident > assessment.assessed_at:
            dates.append(timezone.localdate(latest_incident))
            continue
        days = cadence.get((assessment.matrix_id, assessment.band))
        if days:
            dates.append(timezone.localdate(assessment.assessed_at) + timedelta(days=days))
    return min(dates, default=None)


# Matrix versions ----------------------------------------------------------------------------


@transaction.atomic
def matrix_copy_as_draft(*, matrix: RiskMatrix, actor: User) -> RiskMatrix:
    """A new draft version: a deep copy of the matrix's sections, questions, bands and rules."""
    latest = RiskMatrix.objects.select_for_update().aggregate(latest=Max("version"))["latest"]
    draft = RiskMatrix.objects.create(
        version=(latest or 0) + 1,
        name=matrix.name,
        status=MatrixStatus.DRAFT,
        notes=f"Copied from version {matrix.version}.",
    )
    for section in matrix.sections.order_by("position", "id"):
        copied = Section.objects.create(
            matrix=draft,
            code=section.code,
            name=section.name,
            description=section.description,
            position=section.position,
        )
        Question.objects.bulk_create(
            [
                Question(
                    section=copied,
                    code=question.code,
                    text=question.text,
                    help_text=question.help_text,
                    score_yes=question.score_yes,
                    score_dont_know=question.score_dont_know,
                    position=question.position,
                    automatic_high=question.automatic_high,
                    signal=question.signal,
                    sensitive=question.sensitive,
                )
                for question in section.questions.order_by("position", "id")
            ]
        )
    BandThreshold.objects.bulk_create(
        [
            BandThreshold(
                matrix=draft,
                band=band.band,
                min_score=band.min_score,
                supervisor_review_days=band.supervisor_review_days,
                senior_review_days=band.senior_review_days,
                head_of_service_review_days=band.head_of_service_review_days,
                named_contact=band.named_contact,
                contact_offer=band.contact_offer,
            )
            for band in matrix.bands.all()
        ]
    )
    AutomaticHighRule.objects.bulk_create(
        [
            AutomaticHighRule(
                matrix=draft, kind=rule.kind, threshold=rule.threshold, active=rule.active
            )
            for rule in matrix.rules.all()
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="risk_matrix",
        object_id=draft.version,
        detail={"copied_from": matrix.version},
    )
    return draft


def matrix_publish_errors(matrix: RiskMatrix) -> list[str]:
    """Why the matrix may not be published, if it may not."""
    errors = []
    if matrix.status != MatrixStatus.DRAFT:
        errors.append(f"Version {matrix.version} is {matrix.get_status_display().lower()}")
    codes = list(Question.objects.filter(section__matrix=matrix).values_list("code", flat=True))
    if not codes:
        errors.append("The matrix has no questions")
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        errors.append(f"Question codes must be unique in a matrix: {', '.join(duplicates)}")
    thresholds = {band.band: band.min_score for band in matrix.bands.all()}
    missing = [band.label for band in BAND_ORDER if band not in thresholds]
    if missing:
        errors.append(f"Give a threshold for every band (missing: {', '.join(missing)})")
    else:
        scores = [thresholds[band] for band in BAND_ORDER]
        if scores != sorted(scores) or len(set(scores)) != len(scores):
            errors.append("Band thresholds must rise: standard below medium below high")
    return errors


@transaction.atomic
def matrix_publish(*, matrix: RiskMatrix, actor: User) -> RiskMatrix:
    """Make a draft the matrix new assessments use, retiring the one published before it.

    Assessments already made keep the version they used.
    """
    matrix = RiskMatrix.objects.select_for_update().get(pk=matrix.pk)
    errors = matrix_publish_errors(matrix)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    retired = list(
        RiskMatrix.objects.select_for_update()
        .filter(status=MatrixStatus.PUBLISHED)
        .values_list("version", flat=True)
    )
    RiskMatrix.objects.filter(status=MatrixStatus.PUBLISHED).update(
        status=MatrixStatus.RETIRED, retired_at=now
    )
    matrix.status = MatrixStatus.PUBLISHED
    matrix.published_at = now
    matrix.published_by = actor
    matrix.save(update_fields=["status", "published_at", "published_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="risk_matrix",
        object_id=matrix.version,
        detail={
            "published": True,
            "retired": retired,
            "fields": ["status", "published_at", "published_by"],
        },
    )
    return matrix
