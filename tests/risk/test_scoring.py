"""Scoring as properties: whatever the matrix, thresholds and answers, the band never falls as the
score rises, automatic-high rules always win, and "don't know" is not "no"."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tandem.risk.models import BAND_ORDER, Answer, QuestionSignal, RiskBand, RuleKind
from tandem.risk.scoring import (
    BandSpec,
    MatrixSpec,
    QuestionSpec,
    RuleSpec,
    ScoringContext,
    band_for_score,
    score_answers,
)
from tandem.risk.selectors import matrix_spec, published_matrix

ANSWERS = [Answer.NO, Answer.DONT_KNOW, Answer.YES]  # in rising order of concern


def rank(band: str) -> int:
    return BAND_ORDER.index(RiskBand(band))


@st.composite
def questions(draw) -> QuestionSpec:
    yes = draw(st.integers(min_value=0, max_value=10))
    return QuestionSpec(
        code=draw(st.uuids()).hex,
        text="A question",
        score_yes=yes,
        score_dont_know=draw(st.integers(min_value=0, max_value=yes)),
        automatic_high=draw(st.booleans()),
        signal=draw(st.sampled_from(QuestionSignal.values)),
    )


# Any thresholds, even ones an administrator got the wrong way round.
bands = st.lists(
    st.builds(BandSpec, band=st.sampled_from(RiskBand), min_score=st.integers(0, 120)),
    max_size=3,
    unique_by=lambda spec: spec.band,
).map(tuple)

rules = st.lists(
    st.builds(RuleSpec, kind=st.sampled_from(RuleKind), threshold=st.none() | st.integers(0, 10)),
    max_size=3,
    unique_by=lambda rule: rule.kind,
).map(tuple)


@st.composite
def matrices(draw) -> MatrixSpec:
    return MatrixSpec(
        version=1,
        questions=tuple(
            draw(st.lists(questions(), min_size=1, max_size=12, unique_by=lambda q: q.code))
        ),
        bands=draw(bands),
        rules=draw(rules),
    )


contexts = st.builds(
    ScoringContext,
    hate_motivated=st.booleans(),
    threats_or_violence=st.booleans(),
    repeat_incidents=st.integers(0, 20),
)


@st.composite
def matrix_and_answers(draw):
    matrix = draw(matrices())
    answers = {q.code: draw(st.sampled_from(ANSWERS)) for q in matrix.questions}
    return matrix, answers


@given(bands, st.integers(0, 150), st.integers(0, 150))
def test_the_band_never_falls_as_the_score_rises(thresholds, a, b):
    low, high = sorted((a, b))
    assert rank(band_for_score(thresholds, low)) <= rank(band_for_score(thresholds, high))


@given(matrix_and_answers(), contexts, st.data())
def test_a_more_worrying_answer_never_lowers_the_score_or_the_band(given_, context, data):
    matrix, answers = given_
    code = data.draw(st.sampled_from([q.code for q in matrix.questions]))
    current = ANSWERS.index(answers[code])
    assume(current < len(ANSWERS) - 1)
    worse = {**answers, code: data.draw(st.sampled_from(ANSWERS[current + 1 :]))}

    before = score_answers(matrix, answers, context)
    after = score_answers(matrix, worse, context)

    assert after.score >= before.score
    assert rank(after.band) >= rank(before.band)


@given(matrix_and_answers(), contexts)
def test_without_automatic_rules_the_band_is_the_scores(given_, context):
    matrix, answers = given_
    plain = MatrixSpec(version=1, questions=matrix.questions, bands=matrix.bands, rules=())

    result = score_answers(plain, answers, context)

    assert result.band == band_for_score(matrix.bands, result.score)
    assert result.score == sum(q.points(answers[q.code]) for q in matrix.questions)


def automatic_rule_applies(matrix: MatrixSpec, answers, context: ScoringContext) -> bool:
    kinds = {rule.kind: rule for rule in matrix.rules}
    said_yes = [q for q in matrix.questions if answers[q.code] == Answer.YES]
    hate = context.hate_motivated or any(q.signal == "hate_motivated" for q in said_yes)
    threats = context.threats_or_violence or any(
        q.signal == "threats_or_violence" for q in said_yes
    )
    repeat = kinds.get(RuleKind.REPEAT_VICTIM)
    return (
        (RuleKind.DESIGNATED_QUESTION in kinds and any(q.automatic_high for q in said_yes))
        or (RuleKind.HATE_WITH_THREATS in kinds and hate and threats)
        or (
            repeat is not None
            and repeat.threshold is not None
            and context.repeat_incidents > repeat.threshold
        )
    )


@settings(max_examples=300)
@given(matrix_and_answers(), contexts)
def test_automatic_high_rules_always_win(given_, context):
    matrix, answers = given_

    result = score_answers(matrix, answers, context)

    if automatic_rule_applies(matrix, answers, context):
        assert result.band == RiskBand.HIGH
        assert any(reason.startswith("Automatic high") for reason in result.reasons)
    else:
        assert result.band == band_for_score(matrix.bands, result.score)
        assert not any(reason.startswith("Automatic high") for reason in result.reasons)


@given(matrices(), contexts)
def test_dont_know_scores_differently_from_no(matrix, context):
    assume(any(q.score_dont_know for q in matrix.questions))
    no = score_answers(matrix, {q.code: Answer.NO for q in matrix.questions}, context)
    dont_know = score_answers(matrix, {q.code: Answer.DONT_KNOW for q in matrix.questions}, context)

    assert no.score == 0
    assert dont_know.score == sum(q.score_dont_know for q in matrix.questions) > no.score


@pytest.mark.django_db
class TestTheDefaultMatrix:
    @pytest.fixture
    def spec(self) -> MatrixSpec:
        matrix = published_matrix()
        assert matrix is not None
        return matrix_spec(matrix)

    def answers(self, spec: MatrixSpec, value: str = Answer.NO, **overrides: str):
        answers = {q.code: value for q in spec.questions}
        answers.update({code.replace("_", "-"): v for code, v in overrides.items()})
        return answers

    def test_every_dont_know_scores_something_but_less_than_yes(self, spec):
        assert all(0 < q.score_dont_know < q.score_yes for q in spec.questions)

    def test_all_no_is_standard_and_all_yes_is_high(self, spec):
        calm = score_answers(spec, self.answers(spec), ScoringContext())
        worst = score_answers(spec, self.answers(spec, Answer.YES), ScoringContext())

        assert (calm.score, calm.band) == (0, RiskBand.STANDARD)
        assert worst.band == RiskBand.HIGH

    def test_all_dont_know_is_not_the_same_as_all_no(self, spec):
        unknown = score_answers(spec, self.answers(spec, Answer.DONT_KNOW), ScoringContext())

        assert unknown.score > 0
        assert unknown.band == RiskBand.MEDIUM

    def test_fear_for_physical_safety_alone_is_high(self, spec):
        result = score_answers(
            spec, self.answers(spec, fear_physical_safety=Answer.YES), ScoringContext()
        )

        assert result.score == 4
        assert result.band == RiskBand.HIGH
        assert "Automatic high: “Does the person fear for their physical safety?” answered yes" in (
            result.reasons
        )

    def test_hate_with_threats_is_high_from_the_answers_or_the_incidents(self, spec):
        by_answers = score_answers(
            spec,
            self.answers(spec, hate_motivated=Answer.YES, threats_violence=Answer.YES),
            ScoringContext(),
        )
        by_incidents = score_answers(
            spec, self.answers(spec), ScoringContext(hate_motivated=True, threats_or_violence=True)
        )
        hate_only = score_answers(spec, self.answers(spec), ScoringContext(hate_motivated=True))

        assert by_answers.band == by_incidents.band == RiskBand.HIGH
        assert hate_only.band == RiskBand.STANDARD

    def test_a_repeat_victim_above_the_configured_count_is_high(self, spec):
        three = score_answers(spec, self.answers(spec), ScoringContext(repeat_incidents=3))
        four = score_answers(spec, self.answers(spec), ScoringContext(repeat_incidents=4))

        assert three.band == RiskBand.STANDARD
        assert four.band == RiskBand.HIGH
        assert four.reasons[-1] == (
            "Automatic high: repeat victim, 4 incidents in the last 12 months (more than 3)"
        )
