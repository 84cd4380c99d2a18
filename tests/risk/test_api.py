from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tandem.accounts.models import Role
from tandem.alerts.models import Alert
from tandem.risk.models import RiskAssessment
from tests.factories import UserFactory
from tests.risk.conftest import all_answers, personal_report

pytestmark = pytest.mark.django_db

MATRIX_URL = "/api/v1/risk/matrix/"


def assessments_url(case) -> str:
    return f"/api/v1/cases/{case.reference}/assessments/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


class TestMatrix:
    def test_the_published_matrix_with_questions_options_bands_and_rules(self, api_client):
        response = api_client.get(MATRIX_URL)

        assert response.status_code == 200
        body = response.json()
        assert body["version"] == 1
        assert [s["code"] for s in body["sections"]] == [
            "personal-vulnerability",
            "situational-factors",
            "incident-impact",
        ]
        fear = next(
            q
            for s in body["sections"]
            for q in s["questions"]
            if q["code"] == "fear-physical-safety"
        )
        assert isinstance(fear["id"], int)
        assert fear["automatic_high"] is True
        assert fear["options"] == [
            {"value": "yes", "label": "Yes", "score": 4},
            {"value": "no", "label": "No", "score": 0},
            {"value": "dont_know", "label": "Don't know", "score": 2},
        ]
        bands = {b["band"]: b for b in body["bands"]}
        assert (bands["medium"]["min_score"], bands["high"]["min_score"]) == (14, 28)
        assert bands["high"]["supervisor_review_days"] == 14
        assert bands["high"]["head_of_service_review_days"] == 56
        assert bands["high"]["contact_offer"] == "weekly"
        assert bands["medium"]["reassess_after_days"] == 28
        rules = {r["kind"]: r for r in body["automatic_high_rules"]}
        assert rules["repeat_victim"]["threshold"] == 3
        assert set(rules) == {"designated_question", "hate_with_threats", "repeat_victim"}

    def test_anonymous_is_refused(self, db):
        assert APIClient().get(MATRIX_URL).status_code == 401


class TestRecording:
    def test_returns_the_score_bands_reasons_and_version(
        self, api_client, case_and_victim, supervisor
    ):
        case, victim = case_and_victim

        response = api_client.post(
            assessments_url(case),
            {"person": victim.pk, "answers": all_answers(fear_physical_safety="yes")},
            format="json",
        )

        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["score"] == 4
        assert body["band"] == body["computed_band"] == "high"
        assert body["matrix_version"] == 1
        assert body["case"] == case.reference
        assert body["person"] == {"id": victim.pk, "name": "Jane Example"}
        assert body["reasons"][0] == "Score 4: standard band (0 or more)"
        assert body["reasons"][1].startswith("Automatic high")
        assert body["current"] is True
        assert {
            "question": "fear-physical-safety",
            "answer": "yes",
            "score": 4,
            "restricted": [],
        } in body["answers"]
        assert Alert.objects.filter(recipient=supervisor).count() == 1

    def test_raising_with_a_reason(self, api_client, case_and_victim):
        case, victim = case_and_victim
        response = api_client.post(
            assessments_url(case),
            {
                "person": victim.pk,
                "answers": all_answers(),
                "override_band": "medium",
                "override_reason": "Victim is frightened to say more",
            },
            format="json",
        )
        assert response.status_code == 201
        body = response.json()
        assert (body["computed_band"], body["band"]) == ("standard", "medium")
        assert body["overridden_by"]["name"] == "Olive Officer"
        assert body["override_reason"] == "Victim is frightened to say more"

    def test_lists_the_cases_assessments_newest_first(self, api_client, case_and_victim):
        case, victim = case_and_victim
        for answers in (all_answers(), all_answers(carer="yes")):
            api_client.post(
                assessments_url(case), {"person": victim.pk, "answers": answers}, format="json"
            )

        response = api_client.get(assessments_url(case))

        assert response.status_code == 200
        newest, oldest = response.json()
        assert (newest["score"], newest["current"]) == (2, True)
        assert (oldest["score"], oldest["current"]) == (0, False)
        assert oldest["superseded_by"] == newest["id"]

    def test_an_invisible_case_is_a_404(self, case_and_victim, other_officer):
        case, victim = case_and_victim
        client = client_for(other_officer)
        assert client.get(assessments_url(case)).status_code == 404
        response = client.post(
            assessments_url(case), {"person": victim.pk, "answers": all_answers()}, format="json"
        )
        assert response.status_code == 404
        assert client.get("/api/v1/cases/ASB-2026-NOPE0/assessments/").status_code == 404

    def test_roles_that_do_not_assess_may_read_but_not_record(self, agency, case_and_victim):
        case, victim = case_and_victim
        client = client_for(UserFactory(agency=agency, role=Role.ANALYST))
        assert client.get(assessments_url(case)).status_code == 200
        response = client.post(
            assessments_url(case), {"person": victim.pk, "answers": all_answers()}, format="json"
        )
        assert response.status_code == 403


class TestErrors:
    def post(self, client, case, **body):
        return client.post(assessments_url(case), body, format="json")

    def test_unknown_questions_bad_answers_and_missing_ones(self, api_client, case_and_victim):
        case, victim = case_and_victim
        answers = all_answers(sleep="maybe")
        del answers["carer"]
        answers["made-up"] = "yes"

        response = self.post(api_client, case, person=victim.pk, answers=answers)

        assert response.status_code == 400
        errors = response.json()["answers"]
        assert errors["sleep"] == ['"maybe" is not a valid choice.']
        assert set(errors) == {"sleep"}  # the format first, then the matrix

        del answers["sleep"]
        response = self.post(api_client, case, person=victim.pk, answers=answers)
        assert response.json() == {
            "answers": {
                "made-up": ["There is no such question in the published risk matrix"],
                "carer": ["Answer “Is the person a carer for someone else?”"],
                "sleep": ["Answer “Is it affecting the person's sleep?”"],
            }
        }
        assert not RiskAssessment.objects.exists()

    def test_missing_answers_and_person(self, api_client, case_and_victim):
        case, _ = case_and_victim
        response = self.post(api_client, case)
        assert response.status_code == 400
        assert set(response.json()) == {"person", "answers"}

    def test_a_person_not_on_the_case(self, api_client, case_and_victim, officer):
        case, _ = case_and_victim
        stranger = personal_report(officer).involvements.get().person
        response = self.post(api_client, case, person=stranger.pk, answers=all_answers())
        assert response.status_code == 400
        assert response.json() == {"person": ["Choose a victim named on this case"]}
        response = self.post(api_client, case, person=999999, answers=all_answers())
        assert response.json() == {"person": ["Choose a victim named on this case"]}

    def test_lowering_without_a_supervisor(self, api_client, case_and_victim, supervisor):
        case, victim = case_and_victim
        body = {
            "person": victim.pk,
            "answers": all_answers(fear_physical_safety="yes"),
            "override_band": "standard",
            "override_reason": "Not that worried",
        }

        refused = self.post(api_client, case, **body)
        allowed = self.post(client_for(supervisor), case, **body)

        assert refused.status_code == 400
        assert refused.json() == {
            "override_band": ["Only a supervisor may lower the band: ask a supervisor to assess"]
        }
        assert allowed.status_code == 201
        assert allowed.json()["approved_by"]["name"] == "Sam Supervisor"

    def test_an_override_needs_a_reason(self, api_client, case_and_victim):
        case, victim = case_and_victim
        response = self.post(
            api_client, case, person=victim.pk, answers=all_answers(), override_band="high"
        )
        assert response.status_code == 400
        assert response.json() == {"override_reason": ["Give the reason for changing the band"]}


def test_the_schema_describes_the_risk_endpoints(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"get"} <= set(schema["paths"]["/api/v1/risk/matrix/"])
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/cases/{reference}/assessments/"])
    components = schema["components"]["schemas"]
    assert components["RiskAnswerEnum"]["enum"] == ["yes", "no", "dont_know"]
    assert components["RiskBandEnum"]["enum"] == ["standard", "medium", "high"]
