from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tandem.accounts.models import Role, User
from tandem.alerts.models import Alert, AlertKind
from tandem.alerts.services import alert_supervisors
from tandem.cases.closure import case_close
from tandem.cases.models import Case, ClosureReason
from tandem.dataprotection.models import SubjectAccessRequest
from tandem.dataprotection.services import subject_access_request_log
from tandem.evidence.models import EvidenceFile
from tandem.evidence.services import evidence_file_upload
from tandem.incidents.models import PersonRole
from tandem.incidents.services import PersonInvolved
from tandem.people.models import Person, PersonMerge
from tandem.people.services import PersonDetails, person_merge
from tandem.referrals.models import Referral, ReferralService, Task
from tandem.referrals.services import referral_accept, referral_make, task_create
from tandem.sharing.models import AgreementStatus, SharingAgreement
from tandem.supervision.models import CaseConference
from tandem.supervision.services import DiscussedCase, conference_record
from tests.factories import AgencyFactory, UserFactory
from tests.helpers import log_report

# A name no page prints unless it shows this person's record.
SENTINEL_FIRST = "Zebedee"
SENTINEL_LAST = "Quillfeather"
SENTINEL = SENTINEL_LAST


@pytest.fixture
def auditor(agency) -> User:
    return UserFactory(
        username="auditor", agency=agency, role=Role.AUDITOR, first_name="Ada", last_name="Auditor"
    )


@pytest.fixture
def other_auditor(other_agency) -> User:
    return UserFactory(username="otherauditor", agency=other_agency, role=Role.AUDITOR)


@pytest.fixture
def administrator(agency) -> User:
    return UserFactory(username="administrator", agency=agency, role=Role.ADMINISTRATOR)


@pytest.fixture
def partner_worker(other_agency) -> User:
    return UserFactory(username="partnerworker", agency=other_agency, role=Role.PARTNER_WORKER)


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", "root@example.com", "not-used-in-tests-1")


@dataclass
class World:
    """One of every record a page or endpoint may be asked for, all about the sentinel."""

    case: Case
    closed_case: Case
    victim: Person
    merge: PersonMerge
    requested_referral: Referral
    accepted_referral: Referral
    task: Task
    conference: CaseConference
    alert: Alert
    evidence: EvidenceFile
    subject_access: SubjectAccessRequest
    agreement: SharingAgreement


def sentinel_victim(first_name: str = SENTINEL_FIRST) -> PersonInvolved:
    return PersonInvolved(
        role=PersonRole.VICTIM,
        details=PersonDetails(first_name=first_name, last_name=SENTINEL_LAST, phone="07700 900777"),
    )


@pytest.fixture
def world(officer, supervisor, other_agency, partner_worker, postcode, settings, tmp_path) -> World:
    settings.TANDEM_EVIDENCE_DIR = tmp_path / "evidence"
    case = log_report(officer, officer=officer, people=[sentinel_victim()]).case
    victim = Person.objects.get(first_name=SENTINEL_FIRST, last_name=SENTINEL_LAST)
    # A second record of the same victim, on its own report, merged into the first.
    log_report(officer, officer=officer, people=[sentinel_victim("Zeb")], address="9 Far Lane")
    duplicate = Person.objects.get(first_name="Zeb", last_name=SENTINEL_LAST)
    merge = person_merge(survivor=victim, duplicate=duplicate, actor=supervisor, reason="Same")
    closed_case = log_report(
        officer, officer=officer, people=[sentinel_victim("Zebby")], address="1 Closed Row"
    ).case
    case_close(case=closed_case, actor=officer, reason=ClosureReason.objects.get(code="moved-away"))
    service = ReferralService.objects.get(code="mediation")
    requested = referral_make(
        case=case, actor=officer, service=service, to_agency=other_agency, reason="Neighbours"
    )
    accepted = referral_make(
        case=case,
        actor=officer,
        service=ReferralService.objects.exclude(pk=service.pk).first(),
        to_agency=other_agency,
        reason="Support",
    )
    referral_accept(referral=accepted, actor=partner_worker)
    task = task_create(case=case, actor=officer, title="Visit", assigned_user=officer)
    conference = conference_record(
        actor=supervisor,
        title="Bridge ward ASB panel",
        held_at=timezone.now() - timedelta(hours=1),
        chair="Inspector Hale",
        location="Town Hall",
        agencies_present=[],
        discussed=[DiscussedCase(case.reference, "Mediation for the victim")],
        actions=[],
    )
    alert = alert_supervisors(
        case=case, kind=AlertKind.HIGH_RISK, message="A high-risk victim", actor=officer
    )[0]
    evidence = evidence_file_upload(
        case=case,
        actor=officer,
        upload=SimpleUploadedFile(
            f"{SENTINEL_LAST}-statement.pdf",
            b"%PDF-1.4\n% " + SENTINEL.encode() + b"\ntrailer\n%%EOF\n",
            content_type="application/pdf",
        ),
        description="Statement",
    )
    subject_access = subject_access_request_log(
        person=victim, actor=supervisor, requested_by="subject", received_on=date(2026, 11, 2)
    )
    today = timezone.localdate()
    agreement = SharingAgreement.objects.create(
        title="Bridge ward information-sharing agreement",
        reference="BRIDGE-ISA-1",
        owner_agency=officer.agency,
        purpose="Tackling anti-social behaviour together",
        legal_basis="Crime and Disorder Act 1998 s.115",
        data_categories="Names, addresses, incident details",
        starts_on=today - timedelta(days=30),
        review_due=today + timedelta(days=300),
        status=AgreementStatus.ACTIVE,
    )
    agreement.parties.set([officer.agency, other_agency])
    return World(
        agreement=agreement,
        subject_access=subject_access,
        case=case,
        closed_case=closed_case,
        victim=victim,
        merge=merge,
        requested_referral=requested,
        accepted_referral=accepted,
        task=task,
        conference=conference,
        alert=alert,
        evidence=evidence,
    )


@pytest.fixture
def foreign_agency(db):
    return AgencyFactory(code="FOREIGN", name="Foreign Housing", kind="housing")
