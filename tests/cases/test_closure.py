from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.audit.models import AuditEvent
from tandem.cases.closure import case_close, case_reopen, case_status_change
from tandem.cases.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    ClosureReason,
    SurveyInvitation,
    SurveyResponse,
)
from tandem.incidents.services import PersonInvolved
from tandem.notify.models import Notification, NotificationChannel, NotificationStatus
from tandem.people.services import PersonDetails
from tandem.standards.models import CaseDeadline
from tests.factories import UserFactory
from tests.helpers import log_report

pytestmark = pytest.mark.django_db


def victim(first, last, **details):
    return PersonInvolved(
        role="victim", details=PersonDetails(first_name=first, last_name=last, **details)
    )


@pytest.fixture
def case(officer) -> Case:
    incident = log_report(
        officer,
        officer=officer,
        people=[
            victim("Jane", "Example", email="jane@example.org", preferred_channel="email"),
            victim(
                "Joe",
                "Bloggs",
                address="3 Mill Lane, Maidstone",
                postcode="ME14 1AA",
                preferred_channel="letter",
            ),
        ],
    )
    case = incident.case
    case.officer = officer
    case.save()
    return case


def reason(code: str) -> ClosureReason:
    return ClosureReason.objects.get(code=code)


@pytest.fixture
def file_backend(settings, tmp_path):
    settings.TANDEM_NOTIFY_BACKEND = "file"
    settings.TANDEM_NOTIFY_DIR = tmp_path


def test_reasons_are_data_with_survey_rules():
    no_survey = set(ClosureReason.objects.filter(survey_due=False).values_list("code", flat=True))
    assert no_survey == {"unjustified", "resolved-on-the-spot", "referred-to-mediation"}
    assert {"resolved", "no-further-action", "moved-away", "legal-action-complete", "other"} <= set(
        ClosureReason.objects.filter(survey_due=True).values_list("code", flat=True)
    )


def test_closing_cancels_deadlines_writes_to_victims_and_invites_to_survey(
    case, officer, file_backend, django_capture_on_commit_callbacks
):
    open_deadline = CaseDeadline.objects.create(
        case=case, kind="update", label="Update", due_on=timezone.localdate() + timedelta(days=3)
    )
    met = CaseDeadline.objects.create(
        case=case,
        kind="first-contact",
        label="First contact",
        due_on=timezone.localdate(),
        met_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_close(case=case, actor=officer, reason=reason("resolved"), notes="Neighbour moved.")

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_by == officer
    assert case.closed_at is not None
    assert case.closure_notes == "Neighbour moved."
    open_deadline.refresh_from_db()
    met.refresh_from_db()
    assert open_deadline.cancelled_at is not None
    assert met.cancelled_at is None
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.CLOSED).exists()
    assert AuditEvent.objects.filter(
        case_reference=case.reference, detail__reason="resolved"
    ).exists()

    letters = {n.channel: n for n in Notification.objects.filter(kind="closure-letter")}
    assert set(letters) == {NotificationChannel.EMAIL, NotificationChannel.LETTER}
    assert letters[NotificationChannel.EMAIL].address == "jane@example.org"
    assert "3 Mill Lane" in letters[NotificationChannel.LETTER].address
    assert letters[NotificationChannel.EMAIL].status == NotificationStatus.SENT
    assert "Olive Officer" in letters[NotificationChannel.EMAIL].body
    assert "Neighbour moved." not in letters[NotificationChannel.EMAIL].body
    invitations = SurveyInvitation.objects.filter(case=case)
    assert invitations.count() == 2
    assert len({i.token for i in invitations}) == 2
    assert all(len(i.token) >= 32 for i in invitations)


@pytest.mark.parametrize("code", ["unjustified", "referred-to-mediation", "resolved-on-the-spot"])
def test_no_survey_when_the_reason_says_none_is_due(case, officer, code, file_backend):
    case_close(case=case, actor=officer, reason=reason(code))
    assert not SurveyInvitation.objects.filter(case=case).exists()
    assert Notification.objects.filter(case=case, kind="closure-letter").count() == 2


def test_nothing_queued_when_closing_fails(case, officer):
    case_close(case=case, actor=officer, reason=reason("resolved"))
    with pytest.raises(ValidationError):
        case_close(case=case, actor=officer, reason=reason("other"))
    assert Notification.objects.filter(case=case).count() == 2


def test_reopen(case, officer):
    case_close(case=case, actor=officer, reason=reason("moved-away"))
    with pytest.raises(ValidationError):
        case_reopen(case=case, actor=officer, reason_text=" ")
    case_reopen(case=case, actor=officer, reason_text="New incident reported")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.closed_at is None
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.REOPENED).exists()


def test_status_changes(case, officer):
    case_status_change(case=case, actor=officer, status=CaseStatus.IN_PROGRESS)
    case_status_change(case=case, actor=officer, status=CaseStatus.ON_HOLD, note="Awaiting court")
    case.refresh_from_db()
    assert case.status == CaseStatus.ON_HOLD
    with pytest.raises(ValidationError):
        case_status_change(case=case, actor=officer, status=CaseStatus.CLOSED)
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.STATUS_CHANGED).count() == 2


# Pages


def test_close_page_shows_errors_then_closes(case, signed_in_client):
    url = reverse("cases:close", args=[case.reference])
    page = signed_in_client.get(url)
    assert page.status_code == 200
    assert "No satisfaction survey is sent" in page.content.decode()
    response = signed_in_client.post(url, {})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Choose why the case is being closed" in body
    response = signed_in_client.post(
        url, {"reason": reason("unjustified").pk, "notes": "Not ASB: a one-off party."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    detail = signed_in_client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Unjustified" in detail
    assert "None due" in detail


def test_status_and_reopen_pages(case, signed_in_client):
    response = signed_in_client.post(
        reverse("cases:status", args=[case.reference]), {"status": "in_progress"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    signed_in_client.post(
        reverse("cases:close", args=[case.reference]),
        {"reason": reason("resolved").pk, "notes": "Done"},
    )
    response = signed_in_client.post(
        reverse("cases:reopen", args=[case.reference]), {"reason": "It started again"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_closure_letter_names_the_officer_and_no_other_agency(
    case, officer, other_officer, signed_in_client
):
    case_close(case=case, actor=officer, reason=reason("resolved"), notes="Private notes")
    page = signed_in_client.get(reverse("cases:closure-letter", args=[case.reference]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Olive Officer" in body
    assert "Jane Example" in body
    assert "Joe Bloggs" in body
    assert case.lead_agency.name in body
    assert other_officer.agency.name not in body
    assert "Private notes" not in body
    assert "tandem-letter" in body


def test_survey_response_recorded(case, officer, signed_in_client):
    case_close(case=case, actor=officer, reason=reason("resolved"))
    url = reverse("cases:survey", args=[case.reference])
    response = signed_in_client.post(url, {"timescales_met": "agree"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    answers = {
        "timescales_met": "agree",
        "kept_informed": "strongly_agree",
        "able_to_contact_officer": "agree",
        "support_offered": "neither",
        "outcome": "satisfied",
        "overall_satisfaction": "very_satisfied",
        "comments": "Thank you",
    }
    assert signed_in_client.post(url, answers).status_code == 302
    response = SurveyResponse.objects.get(case=case)
    assert response.recorded_by == officer
    assert response.invitation is not None
    assert response.invitation.responded_at is not None


@pytest.mark.parametrize("name", ["status", "close", "reopen", "closure-letter", "survey"])
def test_another_agencys_case_is_404(case, other_officer, name):
    client = Client()
    client.force_login(other_officer)
    assert client.get(reverse(f"cases:{name}", args=[case.reference])).status_code == 404


@pytest.mark.parametrize("role", [Role.CALL_HANDLER, Role.ANALYST, Role.PARTNER_WORKER])
@pytest.mark.parametrize("name", ["status", "close", "closure-letter", "survey"])
def test_roles_that_do_not_work_cases_are_403(case, agency, role, name):
    client = Client()
    client.force_login(UserFactory(username=f"u-{role}", agency=agency, role=role))
    assert client.get(reverse(f"cases:{name}", args=[case.reference])).status_code == 403
    assert client.post(reverse(f"cases:{name}", args=[case.reference]), {}).status_code == 403
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED
