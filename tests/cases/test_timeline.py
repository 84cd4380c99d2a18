"""The case's one timeline (``tandem.cases.timeline``), its filter on the case page, and the
printable case summary."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.audit.models import AuditEvent
from tandem.cases.models import Case, CaseEvent, CaseEventKind
from tandem.cases.timeline import Kind, case_timeline
from tandem.casework.services import contact_log
from tandem.evidence.models import DiaryEntry, EvidenceFile
from tandem.incidents.models import PersonRole
from tandem.powers.models import Power
from tandem.powers.services import power_record
from tandem.referrals.models import ReferralService
from tandem.referrals.services import referral_accept, referral_make, task_complete, task_create
from tandem.risk.selectors import matrix_questions, published_matrix
from tandem.risk.services import assessment_record
from tandem.standards.models import CaseDeadline
from tandem.supervision.models import (
    CaseConference,
    ConferenceCase,
    ReviewDecision,
    SupervisorReview,
)
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import log_report

pytestmark = pytest.mark.django_db

SECRET_CONTACT = "She told us about her mental health crisis"
SECRET_NOTES = "Diagnosed with severe anxiety"


def victim_of(case: Case):
    return case.incidents.first().involvements.get(role=PersonRole.VICTIM).person


def assess(case: Case, actor) -> None:
    matrix = published_matrix()
    assert matrix is not None
    answers = {question.code: "no" for question in matrix_questions(matrix)}
    assessment_record(case=case, person=victim_of(case), actor=actor, answers=answers)


def log_contact(case: Case, actor, summary: str = "Called to introduce myself") -> None:
    contact_log(
        case=case,
        actor=actor,
        occurred_at=timezone.now(),
        channel="telephone",
        direction="outbound",
        summary=summary,
        person=victim_of(case),
    )


def record_power(case: Case, actor, name: str = "The Flats Management Ltd") -> None:
    power_record(
        case=case,
        actor=actor,
        power=Power.objects.get(code="warning-letter"),
        respondent_kind="body",
        respondent_name=name,
        issued_on=timezone.localdate(),
        starts_at=timezone.now(),
    )


@pytest.fixture
def partner(db):
    return AgencyFactory(code="MEDIATE", name="Mediation Kent", kind="voluntary")


@pytest.fixture
def partner_worker(partner):
    return UserFactory(username="partnerworker", agency=partner, role=Role.PARTNER_WORKER)


@pytest.fixture
def mediation(partner):
    service = ReferralService.objects.get(code="mediation")
    service.agency = partner
    service.save()
    return service


@pytest.fixture
def case(officer) -> Case:
    return log_report(officer).case


def fill(case: Case, officer, mediation, partner_worker, *, times: int = 1) -> None:
    """``times`` records of every kind the timeline shows."""
    now = timezone.now()
    review = ReviewDecision.objects.filter(active=True).first()
    assert review is not None
    for n in range(times):
        log_report(officer, case=case)
        log_contact(case, officer, SECRET_CONTACT)
        record_power(case, officer, name=f"Business {n}")
        task = task_create(
            case=case, actor=officer, title=f"Visit the flats {n}", assigned_user=officer
        )
        task_complete(task=task, actor=officer)
        referral = referral_make(
            case=case, actor=officer, service=mediation, reason="Neighbour dispute"
        )
        referral_accept(referral=referral, actor=partner_worker)
        DiaryEntry.objects.create(
            case=case,
            person=victim_of(case),
            occurred_on=timezone.localdate(),
            what_happened="Music until 3am",
            effect=SECRET_NOTES,
            recorded_by=officer,
            recorded_at=now,
        )
        EvidenceFile.objects.create(
            case=case,
            kind="photo",
            original_name=f"door-{n}.jpg",
            sha256=uuid.uuid4().hex * 2,
            size_bytes=10,
            content_type="image/jpeg",
            stored_name=uuid.uuid4().hex,
            uploaded_by=officer,
            uploaded_at=now,
        )
        SupervisorReview.objects.create(
            case=case, reviewer=officer, reviewed_at=now, decision=review
        )
        conference = CaseConference.objects.create(
            title=f"Monthly ASB meeting {n}",
            held_at=now,
            chair="Chris Chair",
            agency=officer.agency,
            recorded_by=officer,
            recorded_at=now,
        )
        ConferenceCase.objects.create(conference=conference, case=case, decisions=SECRET_NOTES)
        CaseDeadline.objects.create(
            case=case,
            kind="update",
            label=f"Update {n}",
            due_on=timezone.localdate() - timedelta(days=3),
        )
    assess(case, officer)


class TestSources:
    def test_every_source_gives_entries_of_its_kind(self, case, officer, mediation, partner_worker):
        fill(case, officer, mediation, partner_worker)

        entries = case_timeline(case, user=officer)
        kinds = {entry.kind for entry in entries}

        assert kinds >= {
            Kind.CASE,
            Kind.INCIDENT,
            Kind.ASSESSMENT,
            Kind.CONTACT,
            Kind.ACTION,
            Kind.TASK,
            Kind.REFERRAL,
            Kind.EVIDENCE,
            Kind.REVIEW,
            Kind.CONFERENCE,
            Kind.DEADLINE,
        }
        titles = [entry.title for entry in entries]
        assert "Warning letter" in titles
        assert "Referral to Mediation accepted" in " ".join(titles)
        assert "Task done: Visit the flats 0" in titles
        assert "Update 0: missed" in titles
        assert "First contact: telephone with Jane Example" in titles
        assert any(title.startswith("Diary entry from Jane Example") for title in titles)
        assert "Supervisor review" in titles
        assert "Discussed at Monthly ASB meeting 0" in titles
        assert "Risk assessed" in titles
        assert "Case opened" in titles

    def test_mirrored_case_events_do_not_appear_twice(self, case, officer):
        log_contact(case, officer)
        assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.NOTE).exists()

        entries = case_timeline(case, user=officer)

        assert [e.kind for e in entries].count(Kind.CONTACT) == 1
        assert [e.kind for e in entries].count(Kind.INCIDENT) == 1

    def test_newest_first(self, case, officer):
        now = timezone.now()
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.STATUS_CHANGED,
            occurred_at=now + timedelta(days=2),
            actor=officer,
            summary="Later",
        )
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.PRIORITY_CHANGED,
            occurred_at=now - timedelta(days=30),
            actor=officer,
            summary="Earliest",
        )

        entries = case_timeline(case, user=officer)

        assert entries[0].summary == "Later"
        assert entries[-1].summary == "Earliest"
        assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)

    def test_deadlines_met_and_missed_but_not_those_still_running(self, case, officer):
        today = timezone.localdate()
        CaseDeadline.objects.create(
            case=case, kind="review", label="Review", due_on=today - timedelta(days=1)
        )
        CaseDeadline.objects.create(
            case=case, kind="later", label="Later", due_on=today + timedelta(days=5)
        )
        CaseDeadline.objects.create(
            case=case,
            kind="met",
            label="Kept",
            due_on=today,
            met_at=timezone.now(),
        )

        titles = [e.title for e in case_timeline(case, kinds=[Kind.DEADLINE], user=officer)]

        assert "Review: missed" in titles
        assert "Kept: met" in titles
        assert not any(title.startswith("Later") for title in titles)

    def test_filter_by_kind(self, case, officer):
        log_contact(case, officer)
        record_power(case, officer)

        entries = case_timeline(case, kinds=[Kind.CONTACT, Kind.ACTION], user=officer)

        assert {e.kind for e in entries} == {Kind.CONTACT, Kind.ACTION}


class TestCasePage:
    def test_shows_the_unified_timeline_and_the_filter(self, signed_in_client, case, officer):
        record_power(case, officer)

        html = signed_in_client.get(f"/cases/{case.reference}/").content.decode()

        assert "Filter the timeline" in html
        assert 'name="kind"' in html
        assert "Actions and powers" in html
        assert "Warning letter" in html
        assert f"/cases/{case.reference}/summary/" in html

    def test_filter_by_kind_through_the_query_string(self, signed_in_client, case, officer):
        record_power(case, officer)
        log_contact(case, officer)

        response = signed_in_client.get(f"/cases/{case.reference}/?kind=action")
        html = response.content.decode()
        timeline = html[html.index('id="timeline"') :]

        assert "Warning letter" in timeline
        assert "First contact" not in timeline
        assert 'value="action" checked' in html
        assert "Show everything" in html

    def test_an_unknown_kind_is_ignored(self, signed_in_client, case, officer):
        response = signed_in_client.get(f"/cases/{case.reference}/?kind=nonsense")
        assert response.status_code == 200
        assert "Case opened" in response.content.decode()

    def test_query_count_does_not_grow_with_records(
        self, signed_in_client, case, officer, mediation, partner_worker
    ):
        url = f"/cases/{case.reference}/"
        fill(case, officer, mediation, partner_worker, times=1)

        def queries(path: str) -> int:
            with CaptureQueriesContext(connection) as context:
                assert signed_in_client.get(path).status_code == 200
            return len(context.captured_queries)

        page, summary = queries(url), queries(f"{url}summary/")
        fill(case, officer, mediation, partner_worker, times=5)
        assert queries(url) == page
        assert queries(f"{url}summary/") == summary


class TestSensitiveData:
    def test_a_partner_worker_sees_no_officers_free_text_or_vulnerability(
        self, case, officer, mediation, partner_worker
    ):
        victim = victim_of(case)
        victim.vulnerability_notes = SECRET_NOTES
        victim.save()
        fill(case, officer, mediation, partner_worker)
        partner = Client()
        partner.force_login(partner_worker)

        page = partner.get(f"/cases/{case.reference}/")
        summary = partner.get(f"/cases/{case.reference}/summary/")

        assert page.status_code == summary.status_code == 200
        timeline = page.content.decode()
        timeline = timeline[timeline.index('id="timeline"') :]
        for html in (timeline, summary.content.decode()):
            assert SECRET_CONTACT not in html
            assert SECRET_NOTES not in html
        assert "tandem-restricted" in summary.content.decode()  # withheld visibly, not silently
        for entry in case_timeline(case, user=partner_worker):
            assert SECRET_CONTACT not in entry.summary
            assert SECRET_NOTES not in entry.summary

    def test_the_case_officer_sees_contact_summaries(self, signed_in_client, case, officer):
        log_contact(case, officer, SECRET_CONTACT)
        entries = case_timeline(case, kinds=[Kind.CONTACT], user=officer)
        assert any(SECRET_CONTACT in entry.summary for entry in entries)


class TestSummary:
    def test_the_summary_has_the_case_and_is_audited_as_an_export(
        self, signed_in_client, case, officer
    ):
        record_power(case, officer)
        victim = victim_of(case)
        victim.vulnerability_notes = SECRET_NOTES
        victim.save()

        response = signed_in_client.get(f"/cases/{case.reference.lower()}/summary/")
        html = response.content.decode()

        assert response.status_code == 200
        assert f"Case summary {case.reference}" in html
        assert "Jane Example" in html
        assert "Loud music every night after midnight." in html
        assert "Warning letter against The Flats Management Ltd" in html
        assert "Print this page" in html
        assert "tandem/js/print" in html
        assert "onclick" not in html
        assert "Vulnerability" in html  # the case officer may see it
        assert SECRET_NOTES in html
        assert AuditEvent.objects.filter(
            action="export",
            object_type="case_summary",
            case_reference=case.reference,
            actor=officer,
        ).exists()

    def test_another_agencys_case_is_a_404(self, signed_in_client, other_officer):
        theirs = log_report(other_officer).case
        assert signed_in_client.get(f"/cases/{theirs.reference}/summary/").status_code == 404
        assert signed_in_client.get("/cases/ASB-2026-NOPE0/summary/").status_code == 404
        assert not AuditEvent.objects.filter(object_type="case_summary").exists()

    def test_signed_out_is_sent_to_sign_in(self, case):
        response = Client().get(f"/cases/{case.reference}/summary/")
        assert response.status_code == 302


def test_dates_are_english(case, officer):
    CaseDeadline.objects.create(case=case, kind="x", label="X", due_on=date(2026, 1, 5))
    entry = next(e for e in case_timeline(case, kinds=[Kind.DEADLINE], user=officer))
    assert entry.summary == "Due 5 January 2026"
