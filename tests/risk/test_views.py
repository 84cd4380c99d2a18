"""The assessment page, the risk block on the case page, and where the log-a-report journey
goes once a report is stored."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tandem.accounts.models import Role
from tandem.cases.models import Case
from tandem.risk.models import RiskAssessment
from tandem.risk.services import assessment_record
from tests.factories import UserFactory
from tests.helpers import log_report
from tests.incidents.test_views import answers as report_answers
from tests.risk.conftest import all_answers, personal_report

pytestmark = pytest.mark.django_db


def assess_url(case, person) -> str:
    return f"/cases/{case.reference}/assess/{person.pk}/"


def form_data(**overrides: str) -> dict[str, str]:
    data = {f"q-{code}": answer for code, answer in all_answers().items()}
    data["override_band"] = "matrix"
    data.update(overrides)
    return data


def error_summary(response) -> list[str]:
    return re.findall(r'<li><a href="#[^"]*">([^<]+)</a>', response.content.decode())


class TestAssessmentPage:
    def test_questions_are_grouped_by_section_with_three_answers(
        self, signed_in_client, case_and_victim
    ):
        case, victim = case_and_victim

        response = signed_in_client.get(assess_url(case, victim))

        html = response.content.decode()
        assert response.status_code == 200
        assert "Assess the risk to Jane Example" in html
        legends = re.findall(r'<h2 class="govuk-fieldset__heading">([^<]+)</h2>', html)
        assert legends == ["Personal vulnerability", "Situational factors", "Incident and impact"]
        assert html.count('type="radio" value="dont_know"') == len(all_answers())
        assert "Does the person fear for their physical safety?" in html
        assert "Risk matrix version 1" in html

    def test_missing_answers_are_listed_and_nothing_is_saved(
        self, signed_in_client, case_and_victim
    ):
        case, victim = case_and_victim
        data = form_data(override_band="high")
        del data["q-carer"]
        del data["q-sleep"]

        response = signed_in_client.post(assess_url(case, victim), data)

        assert response.status_code == 200
        assert error_summary(response) == [
            "Answer “Is the person a carer for someone else?”",
            "Answer “Is it affecting the person&#x27;s sleep?”",
            "Give the reason for changing the band",
        ]
        html = response.content.decode()
        assert "<title>Error: Assess the risk to Jane Example" in html
        assert 'href="#id_q-carer_0"' in html
        assert not RiskAssessment.objects.exists()

    def test_a_case_officer_lowering_the_band_is_told_to_ask_a_supervisor(
        self, signed_in_client, case_and_victim
    ):
        case, victim = case_and_victim
        data = form_data(
            **{"q-fear-physical-safety": "yes"},
            override_band="standard",
            override_reason="Seems fine",
        )

        response = signed_in_client.post(assess_url(case, victim), data)

        assert error_summary(response) == [
            "Only a supervisor may lower the band: ask a supervisor to assess"
        ]
        assert not RiskAssessment.objects.exists()

    def test_a_complete_assessment_is_saved_and_shown_on_the_case(
        self, signed_in_client, case_and_victim
    ):
        case, victim = case_and_victim

        response = signed_in_client.post(
            assess_url(case, victim), form_data(**{"q-fear-physical-safety": "yes"})
        )

        assert response.status_code == 302
        assert response["Location"] == f"/cases/{case.reference}/"
        page = signed_in_client.get(response["Location"]).content.decode()
        assert "Jane Example assessed: high risk (score 4)" in page
        risk = page[page.index('id="risk"') : page.index(">People<")]
        assert "High risk" in risk
        assert "Olive Officer" in risk
        assert "Assess again" in risk
        assert "Re-assessment due" in risk

    def test_another_agencys_case_is_a_404(self, other_officer, case_and_victim):
        case, victim = case_and_victim
        client = Client()
        client.force_login(other_officer)
        assert client.get(assess_url(case, victim)).status_code == 404
        assert client.post(assess_url(case, victim), form_data()).status_code == 404

    def test_someone_not_a_victim_on_the_case_is_a_404(self, signed_in_client, officer):
        mine = personal_report(officer)
        other = personal_report(officer).involvements.get().person
        assert signed_in_client.get(assess_url(mine.case, other)).status_code == 404

    @pytest.mark.parametrize("role", [Role.PARTNER_WORKER, Role.ANALYST])
    def test_roles_that_do_not_assess_are_refused(self, agency, case_and_victim, role):
        case, victim = case_and_victim
        client = Client()
        client.force_login(UserFactory(agency=agency, role=role))
        assert client.get(assess_url(case, victim)).status_code == 403


class TestCasePage:
    def test_unassessed_victims_are_offered_an_assessment(self, signed_in_client, case_and_victim):
        case, victim = case_and_victim
        html = signed_in_client.get(f"/cases/{case.reference}/").content.decode()
        risk = html[html.index('id="risk"') : html.index(">People<")]
        assert "Not assessed" in risk
        assert f'href="{assess_url(case, victim)}"' in risk

    def test_roles_that_do_not_assess_see_the_band_without_the_button(
        self, agency, officer, case_and_victim
    ):
        case, victim = case_and_victim
        assessment_record(case=case, person=victim, actor=officer, answers=all_answers())
        client = Client()
        client.force_login(UserFactory(agency=agency, role=Role.ANALYST))
        html = client.get(f"/cases/{case.reference}/").content.decode()
        assert "Standard risk" in html
        assert "/assess/" not in html

    def test_query_count_does_not_grow_with_victims_and_assessments(
        self, signed_in_client, officer, case_and_victim
    ):
        case, victim = case_and_victim

        def queries() -> int:
            with CaptureQueriesContext(connection) as context:
                assert signed_in_client.get(f"/cases/{case.reference}/").status_code == 200
            return len(context.captured_queries)

        assessment_record(case=case, person=victim, actor=officer, answers=all_answers())
        one = queries()
        for _ in range(3):
            other = log_report(officer, case=case).involvements.get().person
            assessment_record(case=case, person=other, actor=officer, answers=all_answers())
        assert queries() == one


class TestJourney:
    """Where Submit report goes: asked for Personal, offered for Nuisance, not for
    Environmental."""

    def submit(self, client: Client, **overrides) -> tuple[Case, str]:
        check_url = client.post("/reports/new/", report_answers(**overrides))["Location"]
        response = client.post(check_url, {"case": "new"})
        assert response.status_code == 302, response.content.decode()
        return Case.objects.latest("opened_at"), response["Location"]

    def test_personal_goes_straight_to_the_victims_assessment(self, signed_in_client, postcode):
        case, location = self.submit(signed_in_client, category="personal")
        victim = case.incidents.get().involvements.get().person
        assert location == f"{assess_url(case, victim)}?from=report"
        page = signed_in_client.get(location).content.decode()
        assert "The report is saved." in page
        assert f"logged on case {case.reference}" in page
        assert "Assess later" in page

    def test_nuisance_offers_it_on_the_case_page(self, signed_in_client, postcode):
        case, location = self.submit(signed_in_client, category="nuisance", types=["noise"])
        victim = case.incidents.get().involvements.get().person
        assert location == f"/cases/{case.reference}/?risk=offer"
        page = signed_in_client.get(location).content.decode()
        assert "Offer Priya Example a risk assessment" in page
        assert f'href="{assess_url(case, victim)}?from=report">Assess risk now' in page

    def test_environmental_goes_to_the_case_page(self, signed_in_client, postcode):
        case, location = self.submit(
            signed_in_client, category="environmental", types=["fly-tipping"]
        )
        assert location == f"/cases/{case.reference}/"
        page = signed_in_client.get(location).content.decode()
        assert "Assess risk now" not in page
        assert "Assess risk" in page  # the officer can still choose to

    def test_no_banner_once_the_victim_is_assessed(self, signed_in_client, officer):
        incident = log_report(officer)
        victim = incident.involvements.get().person
        assessment_record(case=incident.case, person=victim, actor=officer, answers=all_answers())
        page = signed_in_client.get(f"/cases/{incident.case.reference}/?risk=offer")
        assert "Assess risk now" not in page.content.decode()
