"""The data protection pages: the request list, finding a person, their page, logging and
closing a request; who may reach them; what they audit; and the links to them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditAction, AuditEvent
from tandem.dataprotection.models import RequestStatus, SubjectAccessRequest
from tests.dataprotection.test_subject_access import log_request


def test_the_request_list_shows_overdue_requests_first(story, supervisor, supervisor_client):
    today = timezone.localdate()
    late = log_request(story.jane, supervisor, received_on=today - timedelta(days=45))
    log_request(story.jane, supervisor, received_on=today)
    page = supervisor_client.get(reverse("dataprotection:requests"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Open (2, 1 overdue)" in html
    assert html.index(late.reference) < html.index("Due in")
    assert "Overdue by" in html
    assert AuditEvent.objects.filter(
        action=AuditAction.SEARCH, object_type="subject_access_request"
    ).exists()


def test_the_request_list_has_a_constant_number_of_queries(
    story, supervisor, supervisor_client, django_assert_max_num_queries
):
    for days in range(5):
        log_request(story.jane, supervisor, received_on=timezone.localdate() - timedelta(days))
    with django_assert_max_num_queries(12):
        supervisor_client.get(reverse("dataprotection:requests"))


def test_finding_a_person_on_the_agencys_cases(story, supervisor_client):
    url = reverse("dataprotection:people")
    page = supervisor_client.get(url, {"name": "jane exam"})
    html = page.content.decode()
    assert "1 person found" in html
    assert reverse("dataprotection:person", args=[story.jane.pk]) in html
    assert supervisor_client.get(url, {"name": "Rogue"}).content.decode().count("Mark") >= 1
    missing = supervisor_client.get(url, {"name": ""})
    assert "Enter a name to search for" in missing.content.decode()
    events = AuditEvent.objects.filter(action=AuditAction.SEARCH, object_type="person")
    assert events.count() == 2  # the two searches that ran
    assert all("jane" not in str(event.detail).lower() for event in events)


def test_a_person_on_another_agencys_case_only_is_not_found(story, other_supervisor, other_officer):
    client = Client()
    client.force_login(other_supervisor)
    # Mark is only on the council's case.
    page = client.get(reverse("dataprotection:people"), {"name": "Mark Rogue"})
    assert "0 people found" in page.content.decode()
    assert client.get(reverse("dataprotection:person", args=[story.mark.pk])).status_code == 404
    assert (
        client.get(reverse("dataprotection:request_new", args=[story.mark.pk])).status_code == 404
    )


def test_the_person_page_is_audited(story, supervisor_client):
    page = supervisor_client.get(reverse("dataprotection:person", args=[story.jane.pk]))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert "jane@example.com" in html
    assert "Log a subject access request" in html
    assert "Correct their details" in html
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="person", object_id=str(story.jane.pk)
    ).exists()


class TestLogAndClose:
    def test_logging_a_request(self, story, supervisor_client):
        today = timezone.localdate()
        response = supervisor_client.post(
            reverse("dataprotection:request_new", args=[story.jane.pk]),
            {
                "requested_by": "representative",
                "representative_name": "Sam Solicitor",
                "received_on_0": str(today.day),
                "received_on_1": str(today.month),
                "received_on_2": str(today.year),
                "notes": "Signed authority enclosed",
            },
        )
        request = SubjectAccessRequest.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("dataprotection:request", args=[request.reference])
        assert request.representative_name == "Sam Solicitor"
        page = supervisor_client.get(response["Location"])
        html = page.content.decode()
        assert "Sam Solicitor, acting for them" in html
        assert "View the readable copy" in html

    def test_errors_are_shown_and_nothing_is_saved(self, story, supervisor_client):
        future = timezone.localdate() + timedelta(days=2)
        response = supervisor_client.post(
            reverse("dataprotection:request_new", args=[story.jane.pk]),
            {
                "requested_by": "representative",
                "received_on_0": str(future.day),
                "received_on_1": str(future.month),
                "received_on_2": str(future.year),
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html
        assert "The date received must be today or in the past" in html
        assert not SubjectAccessRequest.objects.exists()

    def test_a_missing_representative_name_comes_back_from_the_service(
        self, story, supervisor_client
    ):
        today = timezone.localdate()
        response = supervisor_client.post(
            reverse("dataprotection:request_new", args=[story.jane.pk]),
            {
                "requested_by": "representative",
                "received_on_0": str(today.day),
                "received_on_1": str(today.month),
                "received_on_2": str(today.year),
            },
        )
        assert "Enter the name of the person acting for them" in response.content.decode()
        assert not SubjectAccessRequest.objects.exists()

    def test_closing_a_request(self, story, supervisor, supervisor_client):
        request = log_request(story.jane, supervisor)
        url = reverse("dataprotection:request", args=[request.reference])
        refused = supervisor_client.post(url, {})
        assert "Select what happened to the request" in refused.content.decode()
        response = supervisor_client.post(url, {"status": "completed", "notes": "Sent by post"})
        assert response.status_code == 302
        request.refresh_from_db()
        assert request.status == RequestStatus.COMPLETED
        page = supervisor_client.get(reverse("dataprotection:requests"))
        assert "Recently closed" in page.content.decode()
        assert request.reference in page.content.decode()


@pytest.mark.parametrize("role", ["supervisor", "administrator"])
def test_the_case_page_links_to_a_persons_data_protection_page(story, agency, role):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username=f"dp-{role}", agency=agency, role=role))
    html = client.get(reverse("cases:detail", args=[story.case.reference])).content.decode()
    assert reverse("dataprotection:person", args=[story.jane.pk]) in html
    assert 'href="/data-protection/subject-access/"' in html


def test_officers_see_no_data_protection_links(story, signed_in_client):
    html = signed_in_client.get(reverse("cases:detail", args=[story.case.reference])).content
    assert b"/data-protection/" not in html
