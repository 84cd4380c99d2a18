"""Reads of the risk matrix and of assessments. Which cases a user may see is decided by
``tandem.cases.selectors``; these functions take a case the caller has already found visible."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from tandem.cases.models import Case
from tandem.incidents.models import IncidentPerson, PersonRole
from tandem.people.models import Person
from tandem.people.selectors import repeat_victim_summary
from tandem.risk.models import (
    BAND_ORDER,
    MatrixStatus,
    Question,
    RiskAssessment,
    RiskBand,
    RiskMatrix,
    RuleKind,
    Section,
)
from tandem.risk.scoring import BandSpec, MatrixSpec, QuestionSpec, RuleSpec, ScoringContext


def published_matrix() -> RiskMatrix | None:
    """The matrix new assessments use, with its sections, questions, bands and rules."""
    return (
        RiskMatrix.objects.filter(status=MatrixStatus.PUBLISHED)
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=Section.objects.order_by("position", "id").prefetch_related(
                    Prefetch("questions", queryset=Question.objects.order_by("position", "id"))
                ),
            ),
            "bands",
            "rules",
        )
        .first()
    )


def matrix_questions(matrix: RiskMatrix) -> list[Question]:
    """Every question of the matrix in the order they are asked (uses prefetched rows)."""
    return [question for section in matrix.sections.all() for question in section.questions.all()]


def matrix_spec(matrix: RiskMatrix) -> MatrixSpec:
    """The matrix as plain values for ``tandem.risk.scoring.score_answers``."""
    return MatrixSpec(
        version=matrix.version,
        questions=tuple(
            QuestionSpec(
                code=question.code,
                text=question.text,
                score_yes=question.score_yes,
                score_dont_know=question.score_dont_know,
                automatic_high=question.automatic_high,
                signal=question.signal,
            )
            for question in matrix_questions(matrix)
        ),
        bands=tuple(
            BandSpec(band=RiskBand(band.band), min_score=band.min_score)
            for band in matrix.bands.all()
        ),
        rules=tuple(
            RuleSpec(kind=RuleKind(rule.kind), threshold=rule.threshold)
            for rule in matrix.rules.all()
            if rule.active
        ),
    )


def case_victims(case: Case) -> list[Person]:
    """The people named as victims on any of the case's incidents, first named first."""
    involvements = (
        IncidentPerson.objects.filter(incident__case=case, role=PersonRole.VICTIM)
        .select_related("person")
        .order_by("incident__reported_at", "id")
    )
    victims: dict[int, Person] = {}
    for involvement in involvements:
        victims.setdefault(involvement.person_id, involvement.person)
    return list(victims.values())


def is_victim_on_case(case: Case, person_id: int) -> bool:
    return IncidentPerson.objects.filter(
        incident__case=case, person_id=person_id, role=PersonRole.VICTIM
    ).exists()


def scoring_context(case: Case, person: Person) -> ScoringContext:
    """What the case's incidents and the partnership's records say about the person now."""
    incidents = case.incidents.all()
    return ScoringContext(
        hate_motivated=incidents.filter(hate_motivated=True).exists(),
        threats_or_violence=incidents.filter(types__serious=True).exists(),
        repeat_incidents=repeat_victim_summary([person.pk]).incidents_last_12_months,
    )


def current_assessments(case: Case) -> QuerySet[RiskAssessment]:
    """The assessments in force on the case: one per assessed person."""
    return (
        RiskAssessment.objects.filter(case=case, superseded_at__isnull=True)
        .select_related("person", "assessor", "matrix")
        .order_by("assessed_at", "id")
    )


def current_assessments_by_person(case: Case) -> dict[int, RiskAssessment]:
    return {assessment.person_id: assessment for assessment in current_assessments(case)}


def highest_current_band(case: Case) -> RiskBand | None:
    bands = RiskAssessment.objects.filter(case=case, superseded_at__isnull=True).values_list(
        "band", flat=True
    )
    return max((RiskBand(band) for band in bands), key=BAND_ORDER.index, default=None)


def case_has_current_assessment(case: Case) -> bool:
    return RiskAssessment.objects.filter(case=case, superseded_at__isnull=True).exists()


def case_assessments(case: Case) -> QuerySet[RiskAssessment]:
    """Every assessment on the case, newest first, with their answers."""
    return (
        RiskAssessment.objects.filter(case=case)
        .select_related(
            "person", "assessor", "matrix", "overridden_by", "approved_by", "superseded_by"
        )
        .prefetch_related("answers__question")
        .order_by("-assessed_at", "-id")
    )


@dataclass(frozen=True)
class VictimRisk:
    person: Person
    assessment: RiskAssessment | None


def victims_with_risk(case: Case, people: Iterable[Person] | None = None) -> list[VictimRisk]:
    """Each victim on the case with their current assessment, if any (two queries)."""
    victims = list(people) if people is not None else case_victims(case)
    current = current_assessments_by_person(case)
    return [VictimRisk(person=person, assessment=current.get(person.pk)) for person in victims]


def sensitive_question_codes() -> frozenset[str]:
    """The codes of questions flagged sensitive in any version of the matrix (one query): an
    answer under such a code is sensitive whichever version it was given in."""
    return frozenset(
        Question.objects.filter(sensitive=True).values_list("code", flat=True).distinct()
    )


RESTRICTED_REASON = "Automatic high: a restricted question answered yes"


def redacted_reasons(
    reasons: list[str], assessment: RiskAssessment, sensitive_codes: frozenset[str]
) -> list[str]:
    """An assessment's reasons without the text of any sensitive question (an automatic-high
    reason quotes the question). Uses the prefetched ``answers__question``."""
    texts = [
        answer.question.text
        for answer in assessment.answers.all()
        if answer.question.code in sensitive_codes
    ]
    return [
        RESTRICTED_REASON if any(f"“{text}”" in reason for text in texts) else reason
        for reason in reasons
    ]
