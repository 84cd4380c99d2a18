"""Subject access: the request log with its statutory deadline, and the export of what an agency
holds about a person — what it includes, what it leaves out, both formats, and the audit."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import Capability, RolePermissions, User
from tandem.accounts.services import role_permissions_update
from tandem.audit.models import AuditAction, AuditEvent
from tandem.dataprotection.models import RequesterKind, RequestStatus, SubjectAccessRequest
from tandem.dataprotection.selectors import subject_access_export, subject_access_requests
from tandem.dataprotection.services import (
    subject_access_due_on,
    subject_access_request_close,
    subject_access_request_log,
)
from tandem.dataprotection.views import export_as_json
from tandem.incidents.services import PersonInvolved
from tandem.people.services import PersonDetails, person_merge
from tandem.referrals.models import ReferralService
from tandem.referrals.services import referral_accept, referral_make
from tests.dataprotection.conftest import JANE
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import log_report


def log_request(person, actor, **overrides) -> SubjectAccessRequest:
    values = {"requested_by": RequesterKind.SUBJECT, "received_on": timezone.localdate()}
    values.update(overrides)
    return subject_access_request_log(person=person, actor=actor, **values)


class TestDueDate:
    @pytest.mark.parametrize(
        ("received", "due"),
        [
            (date(2026, 7, 4), date(2026, 8, 4)),  # the same date next month
            (date(2026, 6, 10), date(2026, 7, 10)),
            (date(2026, 1, 31), date(2026, 3, 2)),  # no 31 February: the 28th, a Saturday
            (date(2026, 3, 3), date(2026, 4, 7)),  # Good Friday, the weekend, Easter Monday
            (date(2026, 11, 25), date(2026, 12, 29)),  # Christmas and Boxing Day (observed)
        ],
    )
    def test_one_calendar_month_then_the_next_working_day(self, received, due):
        assert subject_access_due_on(received) == due


class TestRequestLog:
    def test_logging_records_the_request_with_its_due_date_and_audit(self, story, supervisor):
        received = timezone.localdate() - timedelta(days=3)
        request = log_request(story.jane, supervisor, received_on=received, notes="Passport seen")
        assert request.reference.startswith(f"SAR-{received.year}-")
        assert request.due_on == subject_access_due_on(received)
        assert request.status == RequestStatus.OPEN
        assert request.agency == supervisor.agency
        assert request.handled_by == supervisor
        event = AuditEvent.objects.get(object_type="subject_access_request")
        assert event.action == AuditAction.CREATE
        assert event.object_id == request.reference
        assert "Passport" not in json.dumps(event.detail)

    def test_a_representative_must_be_named(self, story, supervisor):
        with pytest.raises(ValidationError) as error:
            log_request(story.jane, supervisor, requested_by=RequesterKind.REPRESENTATIVE)
        assert "representative_name" in error.value.message_dict
        assert not SubjectAccessRequest.objects.exists()

    def test_the_date_received_cannot_be_in_the_future(self, story, supervisor):
        with pytest.raises(ValidationError) as error:
            log_request(story.jane, supervisor, received_on=timezone.localdate() + timedelta(1))
        assert "received_on" in error.value.message_dict

    def test_only_supervisors_and_administrators_handle_requests(self, story, officer):
        with pytest.raises(PermissionDenied):
            log_request(story.jane, officer)

    def test_closing_a_request(self, story, supervisor, administrator):
        request = log_request(story.jane, supervisor)
        subject_access_request_close(
            request=request, actor=administrator, status=RequestStatus.COMPLETED, notes="Posted"
        )
        request.refresh_from_db()
        assert request.status == RequestStatus.COMPLETED
        assert request.completed_at is not None
        assert request.handled_by == administrator
        assert "Posted" in request.notes
        with pytest.raises(ValidationError):
            subject_access_request_close(
                request=request, actor=administrator, status=RequestStatus.WITHDRAWN
            )

    def test_another_agency_cannot_close_it(self, story, supervisor, other_supervisor):
        request = log_request(story.jane, supervisor)
        with pytest.raises(PermissionDenied):
            subject_access_request_close(
                request=request, actor=other_supervisor, status=RequestStatus.COMPLETED
            )

    def test_the_list_shows_due_and_overdue_soonest_first(self, story, supervisor):
        today = timezone.localdate()
        late = log_request(story.jane, supervisor, received_on=today - timedelta(days=40))
        soon = log_request(story.jane, supervisor, received_on=today - timedelta(days=27))
        fresh = log_request(story.jane, supervisor, received_on=today)
        rows = subject_access_requests(supervisor, today=today)
        assert [row.request for row in rows] == [late, soon, fresh]
        assert rows[0].state == "overdue"
        assert rows[0].days_overdue > 0
        assert rows[1].state in {"due soon", "due today"}
        assert rows[2].state == "due"


class TestExport:
    def test_everything_held_on_the_agencys_cases(self, story, supervisor):
        export = subject_access_export(user=supervisor, person=story.jane)
        assert export.person.first_name == "Jane"
        assert export.person.date_of_birth == JANE.date_of_birth
        assert export.person.phone == JANE.phone
        assert export.person.email == JANE.email
        assert export.person.address == JANE.address
        assert [case.reference for case in export.cases] == [story.case.reference]
        case = export.cases[0]
        assert [incident.reference for incident in case.incidents] == [story.incident.reference]
        assert case.incidents[0].their_part == ["Victim or complainant"]
        assert len(case.contacts) == 1
        assert len(case.diary_entries) == 1
        assert len(case.risk_assessments) == 1
        assert case.risk_assessments[0].answers  # the supervisor's agency leads the case

    def test_nothing_from_cases_the_agency_cannot_see(self, story, supervisor):
        export = subject_access_export(user=supervisor, person=story.jane)
        text = export_as_json(export)
        assert story.police_case.reference not in text
        assert "confidential police matter" not in text
        assert any("cannot see" in note for note in export.withheld)

    def test_other_people_are_reduced_to_their_part(self, story, supervisor):
        export = subject_access_export(user=supervisor, person=story.jane)
        text = export_as_json(export)
        for personal in ("Mark", "Rogue", "ROGUE", "07700 900999", "Sally Witness"):
            assert personal not in text, personal
        incident = export.cases[0].incidents[0]
        assert incident.other_people == ["another person (alleged perpetrator)"]
        assert "[another person (alleged perpetrator)] shouted abuse at Jane" in (
            incident.description
        )
        assert "Jane" in incident.description  # the subject's own name stays
        assert any("their part" in note for note in export.withheld)
        assert any("saw or heard" in note for note in export.withheld)

    def test_special_category_data_for_those_who_may_see_it(self, story, supervisor):
        export = subject_access_export(user=supervisor, person=story.jane)
        assert export.special_category is not None
        assert export.special_category[0].vulnerability == ["Mental health"]
        assert export.special_category[0].feels_targeted_for == ["Race"]
        assert export.cases[0].incidents[0].hate_strands == ["Race"]

    def test_no_special_category_data_for_a_sharing_agency_without_the_permission(
        self, story, officer
    ):
        # A partner agency that sees the case through an accepted referral (a share). Its
        # supervisors may see sensitive data on shared cases by default (the issue's "owning or
        # a sharing agency"); take the permission away from the role and the export has none.
        partner = AgencyFactory(code="MEDIATE", name="Mediation Kent", kind="voluntary")
        partner_supervisor = UserFactory(username="partnersup", agency=partner, role="supervisor")
        service = ReferralService.objects.get(code="mediation")
        referral = referral_make(
            case=story.case, actor=officer, service=service, reason="Mediation", to_agency=partner
        )
        referral_accept(referral=referral, actor=partner_supervisor)
        shared = subject_access_export(user=partner_supervisor, person=story.jane)
        assert shared.special_category is not None
        grant = RolePermissions.objects.get(role="supervisor")
        role_permissions_update(
            role="supervisor",
            record_scope=grant.record_scope,
            capabilities=[c for c in grant.capabilities if c != Capability.SEE_SENSITIVE],
            actor=None,
        )
        partner_supervisor = User.objects.get(pk=partner_supervisor.pk)
        export = subject_access_export(user=partner_supervisor, person=story.jane)
        assert story.case.reference in [case.reference for case in export.cases]
        assert export.special_category is None
        incident = export.cases[0].incidents[0]
        assert incident.hate_motivated is None
        assert incident.hate_strands is None
        assert incident.domestic_abuse is None
        assert export.cases[0].risk_assessments[0].answers is None
        text = export_as_json(export)
        for sensitive in ("Mental health", "Anxious", "Race"):
            assert sensitive not in text, sensitive
        assert any("Special category" in note for note in export.withheld)

    def test_an_alleged_perpetrators_export_hides_the_victim(self, story, supervisor):
        export = subject_access_export(user=supervisor, person=story.mark)
        text = export_as_json(export)
        assert "Jane" not in text
        assert "Example" not in text
        assert "Anxious" not in text  # Jane's vulnerability is not Mark's
        assert export.cases[0].incidents[0].their_part == ["Alleged perpetrator"]
        assert export.cases[0].contacts == []  # contacts with Jane are hers
        assert export.cases[0].diary_entries == []

    def test_records_merged_into_the_person_are_included(self, story, supervisor, officer):
        other = log_report(
            officer,
            people=[
                PersonInvolved("witness", PersonDetails(first_name="Jayne", last_name="Example"))
            ],
            description="Jayne saw it too.",
        )
        duplicate = other.involvements.get().person
        person_merge(survivor=story.jane, duplicate=duplicate, actor=supervisor, reason="Same")
        export = subject_access_export(user=supervisor, person=story.jane)
        assert [record.first_name for record in export.other_records] == ["Jayne"]
        assert other.case.reference in [case.reference for case in export.cases]
        assert len(export.merges) == 1
        assert export.merges[0].record == duplicate.pk

    def test_a_fixed_number_of_queries(self, story, supervisor, django_assert_max_num_queries):
        with django_assert_max_num_queries(30):
            subject_access_export(user=supervisor, person=story.jane)


class TestExportPages:
    def test_readable_copy_and_json_are_audited_exports(self, story, supervisor):
        request = log_request(story.jane, supervisor)
        client = Client()
        client.force_login(supervisor)

        page = client.get(reverse("dataprotection:export_document", args=[request.reference]))
        assert page.status_code == 200
        assert page["Cache-Control"] == "no-store"
        html = page.content.decode()
        assert "Personal data held about Jane Example" in html
        assert story.case.reference in html
        assert "Rogue" not in html
        assert "What has been left out, and why" in html

        download = client.get(reverse("dataprotection:export_json", args=[request.reference]))
        assert download.status_code == 200
        assert download["Content-Type"].startswith("application/json")
        assert "attachment" in download["Content-Disposition"]
        data = json.loads(download.content)
        assert data["person"]["first_name"] == "Jane"
        assert data["request_reference"] == request.reference
        assert [case["reference"] for case in data["cases"]] == [story.case.reference]
        assert "Rogue" not in download.content.decode()

        exports = AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="person")
        assert sorted(exports.values_list("detail__format", flat=True)) == ["html", "json"]
        assert set(exports.values_list("object_id", flat=True)) == {str(story.jane.pk)}
        assert set(exports.values_list("actor", flat=True)) == {supervisor.pk}
        for event in exports:
            assert event.detail["request"] == request.reference
            assert event.detail["cases"] == [story.case.reference]
            assert "Jane" not in json.dumps(event.detail)

    @pytest.mark.parametrize("name", ["export_document", "export_json", "request"])
    def test_another_agencys_request_is_not_found(self, story, supervisor, other_supervisor, name):
        request = log_request(story.jane, supervisor)
        client = Client()
        client.force_login(other_supervisor)
        assert (
            client.get(reverse(f"dataprotection:{name}", args=[request.reference])).status_code
            == 404
        )
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()

    @pytest.mark.parametrize("role", ["case_officer", "call_handler", "partner_worker", "analyst"])
    def test_other_roles_are_refused(self, story, supervisor, agency, role):
        request = log_request(story.jane, supervisor)
        client = Client()
        client.force_login(UserFactory(username=f"u-{role}", agency=agency, role=role))
        for url in (
            reverse("dataprotection:requests"),
            reverse("dataprotection:export_json", args=[request.reference]),
            reverse("dataprotection:person", args=[story.jane.pk]),
        ):
            assert client.get(url).status_code == 403, url
