"""Scoring an assessment: a pure function of the matrix, the answers and what the case shows.

No database here: ``tandem.risk.selectors.matrix_spec`` turns a stored matrix into a ``MatrixSpec``
so the rules can be tested exhaustively (``tests/risk/test_scoring.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from tandem.risk.models import BAND_ORDER, Answer, QuestionSignal, RiskBand, RuleKind


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    text: str
    score_yes: int
    score_dont_know: int
    automatic_high: bool = False
    signal: str = QuestionSignal.NONE

    def points(self, answer: str) -> int:
        if answer == Answer.YES:
            return self.score_yes
        if answer == Answer.DONT_KNOW:
            return self.score_dont_know
        return 0


@dataclass(frozen=True)
class BandSpec:
    band: RiskBand
    min_score: int


@dataclass(frozen=True)
class RuleSpec:
    kind: RuleKind
    threshold: int | None = None


@dataclass(frozen=True)
class MatrixSpec:
    version: int
    questions: tuple[QuestionSpec, ...]
    bands: tuple[BandSpec, ...]
    rules: tuple[RuleSpec, ...] = field(default_factory=tuple)

    def question(self, code: str) -> QuestionSpec | None:
        return next((q for q in self.questions if q.code == code), None)


@dataclass(frozen=True)
class ScoringContext:
    """What the case and the partnership's records say, beyond the answers."""

    hate_motivated: bool = False
    threats_or_violence: bool = False
    repeat_incidents: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "hate_motivated": self.hate_motivated,
            "threats_or_violence": self.threats_or_violence,
            "repeat_incidents": self.repeat_incidents,
        }


class Scoring(NamedTuple):
    score: int
    band: RiskBand
    reasons: tuple[str, ...]


def band_for_score(bands: tuple[BandSpec, ...], score: int) -> RiskBand:
    """The highest band whose threshold the score reaches (standard if none): a higher score can
    never give a lower band, whatever the thresholds."""
    reached = [spec.band for spec in bands if score >= spec.min_score]
    return max(reached, key=BAND_ORDER.index, default=RiskBand.STANDARD)


def score_answers(
    matrix: MatrixSpec, answers: Mapping[str, str], context: ScoringContext
) -> Scoring:
    """The total score, the band it reaches and why; any automatic-high rule makes it high.

    ``answers`` maps question codes to ``yes``, ``no`` or ``dont_know``; a question without an
    answer scores nothing (the service refuses incomplete answers before scoring).
    """
    score = sum(question.points(answers.get(question.code, "")) for question in matrix.questions)
    band = band_for_score(matrix.bands, score)
    threshold = next((spec.min_score for spec in matrix.bands if spec.band == band), 0)
    reasons = [f"Score {score}: {band.label.lower()} band ({threshold} or more)"]

    automatic = _automatic_high_reasons(matrix, answers, context)
    if automatic:
        band = RiskBand.HIGH
        reasons.extend(automatic)
    return Scoring(score=score, band=band, reasons=tuple(reasons))


def _automatic_high_reasons(
    matrix: MatrixSpec, answers: Mapping[str, str], context: ScoringContext
) -> list[str]:
    said_yes = [q for q in matrix.questions if answers.get(q.code) == Answer.YES]
    hate = context.hate_motivated or any(
        q.signal == QuestionSignal.HATE_MOTIVATED for q in said_yes
    )
    threats = context.threats_or_violence or any(
        q.signal == QuestionSignal.THREATS_OR_VIOLENCE for q in said_yes
    )
    reasons: list[str] = []
    for rule in matrix.rules:
        if rule.kind == RuleKind.DESIGNATED_QUESTION:
            reasons.extend(
                f"Automatic high: “{q.text}” answered yes" for q in said_yes if q.automatic_high
            )
        elif rule.kind == RuleKind.HATE_WITH_THREATS and hate and threats:
            reasons.append("Automatic high: hate motivated, with threats or violence")
        elif (
            rule.kind == RuleKind.REPEAT_VICTIM
            and rule.threshold is not None
            and context.repeat_incidents > rule.threshold
        ):
            reasons.append(
                f"Automatic high: repeat victim, {context.repeat_incidents} incidents in the last "
                f"12 months (more than {rule.threshold})"
            )
    return reasons


def band_rank(band: str) -> int:
    return BAND_ORDER.index(RiskBand(band))
