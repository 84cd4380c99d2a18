from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.alerts.models import Alert, AlertKind
from tandem.audit.models import AuditEvent
from tandem.cases.models import CaseEvent, CaseEventKind, CaseStatus, Priority
from tandem.incidents.services import PersonInvolved
from tandem.people.services import PersonDetails
from tandem.risk.models import RiskAnswer, RiskAssessment, RiskBand
from tandem.risk.selectors import current_assessments, published_matrix
from tandem.risk.services import assessment_record, matrix_copy_as_draft, matrix_publish
from tests.factories import PersonFactory, UserFactory
from tests.helpers import log_report
from tests.risk.conftest import all_answers, hate_with_threats, personal_report

pytestmark = pytest.mark.django_db

HIGH = {"fear_physical_safety": "yes"}
# 3 + 3 + 2 + 3 + 3 = 14: exactly the medium threshold, with no automatic rule.
MEDIUM = {
    "disability_illness": "yes",
    "mental_health": "yes",
    "age": "yes",
    "at_home": "yes",
    "targeted": "yes",
}


def assess(case, person, actor, answers=None, **kwargs):
    return assessment_record(
        case=case, person=person, actor=actor, answers=answers or all_answers(), **kwargs
    )


class TestRecording:
    def test_records_answers_score_band_assessor_time_and_matrix_version(
        self, officer, case_and_victim
    ):
        case, victim = case_and_victim

        assessment = assess(case, victim, officer, all_answers(**MEDIUM, sleep="dont_know"))

        assert assessment.score == 15
        assert assessment.band == assessment.computed_band == RiskBand.MEDIUM
        assert assessment.assessor == officer
        assert assessment.matrix.version == 1
        assert assessment.assessed_at <= timezone.now()
        assert assessment.answers.count() == len(all_answers())
        sleep = assessment.answers.get(question__code="sleep")
        assert (sleep.answer, sleep.score) == ("dont_know", 1)
        assert assessment.answers.get(question__code="carer").score == 0
        event = case.events.get(kind=CaseEventKind.ASSESSED)
        assert "medium risk (score 15, matrix version 1)" in event.summary
        assert AuditEvent.objects.filter(
            object_type="risk_assessment", object_id=str(assessment.pk), action="create"
        ).exists()

    def test_a_new_assessment_supersedes_the_last_and_leaves_it_unchanged(
        self, officer, case_and_victim
    ):
        case, victim = case_and_victim
        first = assess(case, victim, officer, all_answers(**MEDIUM))
        answers_before = list(first.answers.values_list("question__code", "answer", "score"))

        second = assess(case, victim, officer, all_answers())

        first.refresh_from_db()
        assert first.superseded_by == second
        assert first.superseded_at == second.assessed_at
        assert (first.score, first.band) == (14, RiskBand.MEDIUM)
        assert list(first.answers.values_list("question__code", "answer", "score")) == (
            answers_before
        )
        assert list(current_assessments(case)) == [second]
        assert second.band == RiskBand.STANDARD

    def test_there_is_no_way_to_change_an_assessment(self):
        import tandem.risk.services as services

        writes = [name for name in dir(services) if name.startswith("assessment_")]
        assert writes == ["assessment_record"]

    def test_the_database_keeps_one_current_assessment_per_person(self, officer, case_and_victim):
        from django.db import IntegrityError, transaction

        case, victim = case_and_victim
        existing = assess(case, victim, officer)
        with pytest.raises(IntegrityError), transaction.atomic():
            RiskAssessment.objects.create(
                case=case,
                person=victim,
                matrix=existing.matrix,
                score=0,
                computed_band="standard",
                band="standard",
                assessor=officer,
                assessed_at=timezone.now(),
            )

    def test_assessments_keep_their_matrix_version_when_a_new_one_is_published(
        self, officer, supervisor, case_and_victim
    ):
        case, victim = case_and_victim
        old = assess(case, victim, officer)
        draft = matrix_copy_as_draft(matrix=published_matrix(), actor=supervisor)
        matrix_publish(matrix=draft, actor=supervisor)

        new = assess(case, victim, officer)

        old.refresh_from_db()
        assert (old.matrix.version, new.matrix.version) == (1, 2)
        assert old.answers.first().question.section.matrix.version == 1


class TestRefusals:
    def test_every_question_must_be_answered_yes_no_or_dont_know(self, officer, case_and_victim):
        case, victim = case_and_victim
        answers = all_answers()
        del answers["carer"]
        answers["sleep"] = "maybe"
        answers["made-up"] = "yes"

        with pytest.raises(ValidationError) as error:
            assess(case, victim, officer, answers)

        messages = error.value.message_dict["answers"]
        assert "carer: Answer “Is the person a carer for someone else?”" in messages
        assert "sleep: Answer yes, no or don't know (yes, no or dont_know)" in messages
        assert "made-up: There is no such question in the published risk matrix" in messages
        assert not RiskAssessment.objects.exists()
        assert not RiskAnswer.objects.exists()

    def test_the_person_must_be_a_victim_on_the_case(self, officer, case_and_victim):
        case, _ = case_and_victim
        with pytest.raises(ValidationError) as error:
            assess(case, PersonFactory(), officer)
        assert error.value.message_dict == {"person": ["Choose a victim named on this case"]}

    def test_a_closed_case_is_not_assessed(self, officer, case_and_victim):
        case, victim = case_and_victim
        case.status, case.closed_at = CaseStatus.CLOSED, timezone.now()
        case.save()
        with pytest.raises(ValidationError, match="closed"):
            assess(case, victim, officer)

    def test_other_agencies_and_roles_may_not_assess(self, other_officer, agency, case_and_victim):
        case, victim = case_and_victim
        analyst = UserFactory(agency=agency, role=Role.ANALYST)
        for actor in (other_officer, analyst):
            with pytest.raises(PermissionDenied):
                assess(case, victim, actor)


class TestProfessionalJudgement:
    def test_anyone_assessing_may_raise_the_band_with_a_reason(self, officer, case_and_victim):
        case, victim = case_and_victim

        assessment = assess(
            case, victim, officer, override_band="high", override_reason="Threatened with a knife"
        )

        assert assessment.computed_band == RiskBand.STANDARD
        assert assessment.band == RiskBand.HIGH
        assert assessment.override_reason == "Threatened with a knife"
        assert assessment.overridden_by == officer
        assert assessment.approved_by is None
        assert assessment.reasons[-1] == (
            "Professional judgement: raised from standard to high by Olive Officer"
        )

    def test_changing_the_band_needs_a_reason(self, officer, case_and_victim):
        case, victim = case_and_victim
        with pytest.raises(ValidationError) as error:
            assess(case, victim, officer, override_band="medium", override_reason="  ")
        assert error.value.message_dict == {
            "override_reason": ["Give the reason for changing the band"]
        }

    def test_a_case_officer_may_not_lower_the_band(self, officer, case_and_victim):
        case, victim = case_and_victim
        with pytest.raises(ValidationError) as error:
            assess(
                case,
                victim,
                officer,
                all_answers(**HIGH),
                override_band="medium",
                override_reason="Moved away",
            )
        assert error.value.message_dict == {
            "override_band": ["Only a supervisor may lower the band: ask a supervisor to assess"]
        }
        assert not RiskAssessment.objects.exists()

    def test_a_supervisor_may_lower_it_and_is_recorded_as_approving(
        self, supervisor, case_and_victim
    ):
        case, victim = case_and_victim

        assessment = assess(
            case,
            victim,
            supervisor,
            all_answers(**HIGH),
            override_band="medium",
            override_reason="The perpetrator is in custody",
        )

        assert (assessment.computed_band, assessment.band) == (RiskBand.HIGH, RiskBand.MEDIUM)
        assert assessment.approved_by == supervisor
        assert assessment.overridden_by == supervisor

    def test_choosing_the_band_the_answers_give_is_no_override(self, officer, case_and_victim):
        case, victim = case_and_victim
        assessment = assess(case, victim, officer, override_band="standard", override_reason="")
        assert not assessment.overridden
        assert assessment.overridden_by is None


class TestAutomaticHigh:
    def test_a_hate_incident_with_threats_makes_the_victim_high_risk(self, officer):
        incident = personal_report(officer, **hate_with_threats())
        victim = incident.involvements.get().person

        assessment = assess(incident.case, victim, officer)

        assert assessment.score == 0
        assert assessment.band == RiskBand.HIGH
        assert assessment.context == {
            "hate_motivated": True,
            "threats_or_violence": True,
            "repeat_incidents": 1,
        }

    def test_a_repeat_victim_above_the_count_is_high_risk(self, officer, case_and_victim):
        case, victim = case_and_victim
        for _ in range(3):  # 4 incidents in all as a victim, across the partnership
            log_report(
                officer,
                people=[
                    PersonInvolved(
                        role="victim",
                        details=PersonDetails(first_name="Jane", last_name="Example"),
                        existing=victim,
                    )
                ],
            )

        assessment = assess(case, victim, officer)

        assert assessment.context["repeat_incidents"] == 4
        assert assessment.band == RiskBand.HIGH


class TestAlerts:
    def test_high_risk_alerts_the_lead_agencys_active_supervisors_only(
        self, officer, supervisor, other_supervisor, agency, case_and_victim
    ):
        case, victim = case_and_victim
        retired = UserFactory(agency=agency, role=Role.SUPERVISOR, is_active=False)

        assess(case, victim, officer, all_answers(**HIGH))

        alert = Alert.objects.get()
        assert alert.recipient == supervisor
        assert alert.case == case
        assert alert.kind == AlertKind.HIGH_RISK
        assert "Jane Example was assessed as high risk" in alert.message
        assert alert.read_at is None
        assert not Alert.objects.filter(recipient__in=[other_supervisor, retired, officer])

    def test_lower_bands_alert_nobody(self, officer, supervisor, case_and_victim):
        case, victim = case_and_victim
        assess(case, victim, officer, all_answers(**MEDIUM))
        assert not Alert.objects.exists()

    def test_nothing_is_alerted_when_the_assessment_fails(
        self, officer, supervisor, case_and_victim
    ):
        case, victim = case_and_victim
        with pytest.raises(ValidationError):
            assess(case, victim, officer, all_answers(**HIGH), override_band="standard")
        assert not Alert.objects.exists()


class TestReassessment:
    @pytest.mark.parametrize(
        ("answers", "days"), [({}, None), (MEDIUM, 28), (HIGH, 14)], ids=["standard", "28", "14"]
    )
    def test_falls_due_at_the_bands_cadence(self, officer, case_and_victim, answers, days):
        case, victim = case_and_victim

        assess(case, victim, officer, all_answers(**answers))

        case.refresh_from_db()
        expected = None if days is None else timezone.localdate() + timedelta(days=days)
        assert case.reassessment_due == expected

    def test_falls_due_at_once_when_a_new_incident_joins_the_case(self, officer, case_and_victim):
        case, victim = case_and_victim
        assess(case, victim, officer, all_answers(**MEDIUM))

        log_report(officer, case=case)

        case.refresh_from_db()
        assert case.reassessment_due == timezone.localdate()
        # Re-assessing clears it back to the band's cadence.
        assess(case, victim, officer, all_answers(**MEDIUM))
        case.refresh_from_db()
        assert case.reassessment_due == timezone.localdate() + timedelta(days=28)

    def test_a_new_incident_on_an_unassessed_case_sets_nothing(self, officer, case_and_victim):
        case, _ = case_and_victim
        log_report(officer, case=case)
        case.refresh_from_db()
        assert case.reassessment_due is None

    def test_the_earliest_victims_date_counts(self, officer, case_and_victim):
        case, victim = case_and_victim
        second = log_report(
            officer,
            case=case,
            people=[
                PersonInvolved(
                    role="victim", details=PersonDetails(first_name="Jo", last_name="Other")
                )
            ],
        ).involvements.get()
        assess(case, victim, officer, all_answers(**HIGH))
        assess(case, second.person, officer, all_answers(**MEDIUM))

        case.refresh_from_db()
        assert case.reassessment_due == timezone.localdate() + timedelta(days=14)


class TestPriority:
    def test_a_high_risk_assessment_makes_the_case_high_priority(self, officer, case_and_victim):
        case, victim = case_and_victim
        assert case.priority == Priority.MEDIUM  # a Personal incident

        assess(case, victim, officer, all_answers(**HIGH))

        case.refresh_from_db()
        assert case.priority == Priority.HIGH
        event = case.events.get(kind=CaseEventKind.PRIORITY_CHANGED)
        assert event.summary == "Priority raised from Medium to High: a high-risk victim"

    def test_a_standard_band_never_lowers_what_the_incidents_imply(self, officer, case_and_victim):
        case, victim = case_and_victim
        assess(case, victim, officer)
        case.refresh_from_db()
        assert case.priority == Priority.MEDIUM
        assert not CaseEvent.objects.filter(kind=CaseEventKind.PRIORITY_CHANGED).exists()

    def test_a_supervisor_lowering_the_band_brings_priority_back_to_the_incidents(
        self, officer, supervisor, case_and_victim
    ):
        case, victim = case_and_victim
        assess(case, victim, officer, all_answers(**HIGH))

        assess(
            case,
            victim,
            supervisor,
            all_answers(**HIGH),
            override_band="standard",
            override_reason="Perpetrator rehoused out of the county",
        )

        case.refresh_from_db()
        assert case.priority == Priority.MEDIUM
        lowered = case.events.filter(kind=CaseEventKind.PRIORITY_CHANGED).first()
        assert lowered.summary == "Priority lowered from High to Medium: the category's default"
