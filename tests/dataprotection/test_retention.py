"""The retention schedule: who is anonymised (and who is not), what is cleared and what stays for
the statistics, evidence files removed from disk, dry runs, idempotence, the audit rule's absence,
and the ``apply-retention`` command."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from tandem.audit.models import AuditAction, AuditEvent
from tandem.cases.models import Case, CaseStatus
from tandem.casework.models import ContactLog
from tandem.dataprotection import retention
from tandem.dataprotection.models import RetentionKind, RetentionRule
from tandem.dataprotection.retention import REMOVED, months_before
from tandem.dataprotection.services import retention_rule_apply
from tandem.evidence.models import DiaryEntry, EvidenceFile
from tandem.evidence.services import evidence_file_upload
from tandem.incidents.models import Incident
from tandem.incidents.services import PersonInvolved
from tandem.people.matching import find_candidates
from tandem.people.models import Person
from tandem.people.services import PersonDetails, person_merge
from tests.dataprotection.conftest import close_case, report
from tests.dataprotection.test_subject_access import log_request

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


def rule(kind: str) -> RetentionRule:
    return RetentionRule.objects.get(kind=kind)


def people_rule() -> RetentionRule:
    return rule(RetentionKind.CLOSED_CASE_PEOPLE)


def evidence_rule() -> RetentionRule:
    return rule(RetentionKind.EVIDENCE_FILES)


def audit_rule() -> RetentionRule:
    return rule(RetentionKind.AUDIT_PERSONAL_DATA)


def victim(first: str, last: str, phone: str) -> PersonDetails:
    return PersonDetails(
        first_name=first,
        last_name=last,
        phone=phone,
        address="5 Elm Street",
        postcode="ME14 2BB",
        email=f"{first.lower()}@example.com",
    )


@dataclass
class World:
    olga: Person  # her only case closed seven years ago: anonymised
    ned: Person  # the alleged perpetrator on Olga's case, on no other: anonymised
    rita: Person  # her case closed five years ago: kept
    bob: Person  # one case closed seven years ago, one open: kept
    old_case: Case
    recent_case: Case
    bobs_old_case: Case
    old_file: EvidenceFile
    recent_file: EvidenceFile


def upload(case: Case, actor, content: bytes) -> EvidenceFile:
    return evidence_file_upload(
        case=case,
        actor=actor,
        upload=SimpleUploadedFile("olga-door.pdf", content),
        description="Photo of Olga's door, taken by Ned's neighbour",
    )


@pytest.fixture
def world(officer) -> World:
    old = report(
        officer,
        [
            PersonInvolved("victim", victim("Olga", "Oldcase", "07700 900201")),
            PersonInvolved("alleged_perpetrator", victim("Ned", "Neighbour", "07700 900202")),
        ],
        description="Ned Neighbour kicked Olga's door at 5 Elm Street.",
        crime_reference="KP-123",
        officer=officer,
    )
    from tandem.evidence.services import diary_entry_record

    olga = old.involvements.get(role="victim").person
    diary_entry_record(
        case=old.case,
        actor=officer,
        person=olga,
        occurred_on=timezone.localdate(),
        what_happened="Ned kicked the door again",
        witnesses="Pat Passerby",
    )
    old_file = upload(old.case, officer, PDF)
    recent = report(
        officer,
        [PersonInvolved("victim", victim("Rita", "Recent", "07700 900203"))],
        description="Rita's car was scratched.",
    )
    recent_file = upload(recent.case, officer, PDF + b"%recent")
    bobs_old = report(officer, [PersonInvolved("victim", victim("Bob", "Both", "07700 900204"))])
    bob = bobs_old.involvements.get().person
    report(officer, [PersonInvolved("victim", victim("Bob", "Both", "07700 900204"), existing=bob)])
    close_case(old.case, years_ago=7)
    close_case(recent.case, years_ago=5)
    close_case(bobs_old.case, years_ago=7)
    return World(
        olga=olga,
        ned=old.involvements.get(role="alleged_perpetrator").person,
        rita=recent.involvements.get().person,
        bob=bob,
        old_case=old.case,
        recent_case=recent.case,
        bobs_old_case=bobs_old.case,
        old_file=old_file,
        recent_file=recent_file,
    )


def statistics() -> dict[str, object]:
    """What partnership reports count."""
    return {
        "cases_by_category": sorted(
            Case.objects.values_list("category__code").annotate(n=Count("id"))
        ),
        "cases_by_status": sorted(Case.objects.values_list("status").annotate(n=Count("id"))),
        "incidents_by_ward_and_category": sorted(
            Incident.objects.values_list("ward_id", "category__code", "hate_motivated").annotate(
                n=Count("id")
            )
        ),
        "involvements_by_role": sorted(
            Person.objects.values_list("involvements__role").annotate(n=Count("id"))
        ),
        "closed_on": sorted(Case.objects.values_list("pk", "closed_at", "opened_at")),
    }


def snapshot() -> list[tuple]:
    return sorted(
        Person.objects.values_list(
            "pk", "first_name", "last_name", "phone", "name_key", "anonymised_at"
        )
    )


def stored(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


class TestPeopleRule:
    def test_a_dry_run_changes_nothing_and_counts(self, world):
        before = snapshot()
        result = retention_rule_apply(rule=people_rule(), dry_run=True)
        assert result.outcome.counts == {
            "people": 2,
            "cases": 1,
            "incidents": 1,
            "diary_entries": 1,
            "contacts": 0,
        }
        assert snapshot() == before
        assert people_rule().last_run_at is None
        assert not AuditEvent.objects.filter(object_type="retention_rule").exists()

    def test_anonymises_exactly_those_whose_every_case_closed_long_ago(self, world):
        result = retention_rule_apply(rule=people_rule())
        assert result.outcome.counts["people"] == 2
        for person in (world.olga, world.ned):
            person.refresh_from_db()
            assert person.anonymised_at is not None
            assert person.full_name == "Anonymised person"
            assert (person.date_of_birth, person.phone, person.email, person.address) == (
                None,
                "",
                "",
                "",
            )
            assert (person.name_key, person.surname_key, person.phone_key, person.address_key) == (
                "",
                "",
                "",
                "",
            )
        for kept, name in ((world.rita, "Rita Recent"), (world.bob, "Bob Both")):
            kept.refresh_from_db()
            assert kept.anonymised_at is None
            assert kept.full_name == name

    def test_free_text_and_places_are_cleared_but_statistics_stay(self, world):
        before = statistics()
        retention_rule_apply(rule=people_rule())
        assert statistics() == before
        incident = world.old_case.incidents.get()
        assert incident.description == REMOVED
        assert incident.address == REMOVED
        assert incident.postcode == "ME14"
        assert incident.crime_reference == ""
        assert incident.latitude is None
        assert incident.category.code == "personal"
        world.old_case.refresh_from_db()
        assert world.old_case.address == ""
        assert world.old_case.status == CaseStatus.CLOSED
        diary = DiaryEntry.objects.get(case=world.old_case)
        assert (diary.what_happened, diary.witnesses) == (REMOVED, "")
        evidence = EvidenceFile.objects.get(pk=world.old_file.pk)
        assert "Olga" not in evidence.description + evidence.original_name
        summaries = " ".join(world.old_case.events.values_list("summary", flat=True))
        assert "Olga" not in summaries
        assert "Ned" not in summaries
        # The case kept for its recent closure is untouched.
        assert world.recent_case.incidents.get().description == "Rita's car was scratched."

    def test_vulnerability_is_cleared(self, world, officer):
        from tandem.people.models import VulnerabilityFactor
        from tandem.people.services import person_record_vulnerability

        Case.objects.filter(pk=world.old_case.pk).update(status=CaseStatus.OPEN, closed_at=None)
        person_record_vulnerability(
            person=world.olga,
            actor=officer,
            factors=[VulnerabilityFactor.objects.get(code="mental-health")],
            hate_strands=[],
            notes="Private notes",
            replace=True,
        )
        close_case(world.old_case, years_ago=7)
        retention_rule_apply(rule=people_rule())
        world.olga.refresh_from_db()
        assert world.olga.vulnerability_notes == ""
        assert not world.olga.vulnerability_factors.exists()

    def test_anonymised_people_are_never_offered_as_matches(self, world):
        details = victim("Olga", "Oldcase", "07700 900201")
        assert world.olga.pk in [c.person.pk for c in find_candidates(details)]
        retention_rule_apply(rule=people_rule())
        assert world.olga.pk not in [c.person.pk for c in find_candidates(details)]
        anonymous = PersonDetails(first_name="Anonymised", last_name="person")
        assert find_candidates(anonymous) == []

    def test_a_second_run_changes_nothing(self, world):
        retention_rule_apply(rule=people_rule())
        before = snapshot()
        texts = sorted(Incident.objects.values_list("pk", "description", "postcode"))
        result = retention_rule_apply(rule=people_rule())
        assert result.outcome.counts["people"] == 0
        assert result.outcome.counts["cases"] == 0
        assert snapshot() == before
        assert sorted(Incident.objects.values_list("pk", "description", "postcode")) == texts

    def test_a_real_run_is_audited_with_counts_and_recorded_on_the_rule(self, world):
        retention_rule_apply(rule=people_rule())
        event = AuditEvent.objects.get(object_type="retention_rule")
        assert event.action == AuditAction.UPDATE
        assert event.actor is None
        assert event.detail["counts"]["people"] == 2
        assert "Olga" not in json.dumps(event.detail)
        saved = people_rule()
        assert saved.last_run_at is not None
        assert saved.last_run_counts["people"] == 2

    def test_an_open_subject_access_request_holds_the_person(self, world, supervisor):
        log_request(world.olga, supervisor)
        retention_rule_apply(rule=people_rule())
        world.olga.refresh_from_db()
        assert world.olga.anonymised_at is None

    def test_merged_records_are_one_person(self, world, supervisor):
        # Olga was also recorded as "Olga Old" on Bob's open case: she is not done with yet.
        other = report(
            supervisor,
            [PersonInvolved("witness", victim("Olga", "Old", "07700 900201"))],
        )
        duplicate = other.involvements.get().person
        person_merge(survivor=world.olga, duplicate=duplicate, actor=supervisor, reason="Same")
        retention_rule_apply(rule=people_rule())
        world.olga.refresh_from_db()
        duplicate.refresh_from_db()
        assert world.olga.anonymised_at is None
        assert duplicate.anonymised_at is None
        world.ned.refresh_from_db()
        assert world.ned.anonymised_at is not None

    def test_a_shorter_period_takes_in_more(self, world):
        people_rule_row = people_rule()
        people_rule_row.period_years = 4
        people_rule_row.save()
        result = retention_rule_apply(rule=people_rule_row, dry_run=True)
        assert result.outcome.counts["people"] == 3  # Olga, Ned and Rita


class TestEvidenceRule:
    def test_files_of_long_closed_cases_leave_the_disk(
        self, world, evidence_dir, django_capture_on_commit_callbacks
    ):
        assert len(stored(evidence_dir)) == 2
        dry = retention_rule_apply(rule=evidence_rule(), dry_run=True)
        assert dry.outcome.counts == {"files": 1, "bytes": world.old_file.size_bytes}
        assert len(stored(evidence_dir)) == 2
        with django_capture_on_commit_callbacks(execute=True):
            result = retention_rule_apply(rule=evidence_rule())
        assert result.outcome.counts["files"] == 1
        assert not EvidenceFile.objects.filter(pk=world.old_file.pk).exists()
        assert EvidenceFile.objects.filter(pk=world.recent_file.pk).exists()
        remaining = stored(evidence_dir)
        assert [path.name for path in remaining] == [Path(world.recent_file.stored_name).name]
        event = AuditEvent.objects.get(object_type="retention_rule")
        assert event.action == AuditAction.DELETE
        again = retention_rule_apply(rule=evidence_rule())
        assert again.outcome.counts["files"] == 0


class TestAuditRule:
    def test_calls_the_audit_apps_redaction_with_the_cutoff(self, world, monkeypatch):
        calls: list[tuple[datetime, bool]] = []

        def fake(*, before: datetime, dry_run: bool = False) -> int:
            calls.append((before, dry_run))
            return 42

        monkeypatch.setattr(retention, "audit_redact_personal_data", fake)
        now = timezone.now()
        dry = retention_rule_apply(rule=audit_rule(), dry_run=True, now=now)
        real = retention_rule_apply(rule=audit_rule(), now=now)
        assert dry.outcome.counts == real.outcome.counts == {"audit_records": 42}
        expected = months_before(timezone.localtime(now), 72)
        assert calls == [(expected, True), (expected, False)]
        assert audit_rule().last_run_counts == {"audit_records": 42}


class TestCommand:
    def run(self, *args: str) -> str:
        out = io.StringIO()
        call_command("apply_retention", *args, stdout=out)
        return out.getvalue()

    def test_dry_run_prints_counts_per_rule_and_no_personal_data(self, world):
        before = snapshot()
        output = self.run("--dry-run")
        assert "Dry run: nothing will be changed." in output
        assert "Anonymise people on long-closed cases" in output
        assert "would affect 2 people, 1 case, 1 incident, 1 diary entry, 0 contact records" in (
            output
        )
        assert "would affect 1 file" in output
        assert "would affect 0 audit records" in output
        for personal in ("Olga", "Ned", "Oldcase", "07700"):
            assert personal not in output
        assert snapshot() == before

    def test_a_real_run_of_one_rule(self, world):
        output = self.run("--rule", "Anonymise people on long-closed cases")
        assert "done: 2 people" in output
        assert "evidence" not in output.lower()
        assert EvidenceFile.objects.count() == 2

    def test_unknown_and_switched_off_rules(self, world):
        with pytest.raises(CommandError, match="No retention rule"):
            self.run("--rule", "Nonsense")
        RetentionRule.objects.filter(kind=RetentionKind.EVIDENCE_FILES).update(active=False)
        with pytest.raises(CommandError, match="switched off"):
            self.run("--rule", "Delete evidence of long-closed cases")
        assert "would affect 1 file" in self.run(
            "--rule", "Delete evidence of long-closed cases", "--dry-run"
        )
        assert "evidence" not in self.run("--dry-run").lower()


def test_months_before_keeps_to_the_end_of_short_months():
    moment = timezone.make_aware(datetime(2026, 3, 31, 12, 0))
    assert months_before(moment, 1).date().isoformat() == "2026-02-28"
    assert months_before(moment, 72).date().isoformat() == "2020-03-31"
    assert months_before(moment, 13).date().isoformat() == "2025-02-28"


def test_contacts_are_counted(world, officer):
    Case.objects.filter(pk=world.old_case.pk).update(status=CaseStatus.OPEN, closed_at=None)
    from tandem.casework.services import contact_log

    contact_log(
        case=world.old_case,
        actor=officer,
        occurred_at=timezone.now(),
        channel="telephone",
        direction="outbound",
        summary="Called Olga",
        person=world.olga,
    )
    close_case(world.old_case, years_ago=7)
    retention_rule_apply(rule=people_rule())
    assert ContactLog.objects.get(case=world.old_case).summary == REMOVED
