"""Sensitive data never reaches a reader whose role may not see it, on any page or endpoint.

A case is seeded whose victim has sentinel values in every sensitive field (vulnerability notes,
factor and perceived hate targeting; the incident's hate strand and domestic-abuse flag; answers
to sensitive risk questions and an automatic-high reason quoting one; officers' free text about
them), and referred to a partner agency, which accepts. Then every URL pattern and API endpoint is
requested, its parameters filled from the seeded records, as each kind of reader: no sentinel may
appear for those without the permission, and the owning agency's case officer sees them all.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from tandem.accounts.models import Role, User
from tandem.alerts.models import Alert
from tandem.audit.models import AuditEvent
from tandem.cases.models import Case, Priority
from tandem.cases.services import case_priority_refresh
from tandem.casework.services import contact_log
from tandem.evidence.models import EvidenceFile
from tandem.evidence.services import diary_entry_record
from tandem.incidents.models import HateStrand
from tandem.incidents.services import PersonInvolved
from tandem.people.models import VulnerabilityFactor
from tandem.people.services import PersonDetails, person_merge, person_record_vulnerability
from tandem.referrals.models import ReferralService
from tandem.referrals.services import referral_accept, referral_make, task_create
from tandem.risk.models import Question
from tandem.risk.selectors import matrix_questions, published_matrix, sensitive_question_codes
from tandem.risk.services import assessment_record
from tandem.sharing.models import CaseShare
from tandem.supervision.models import ReviewDecision
from tandem.supervision.services import DiscussedCase, conference_record, supervisor_review_record
from tests.core.test_url_policies import walk
from tests.factories import AgencyFactory
from tests.helpers import log_report

pytestmark = pytest.mark.django_db


def staff_user(username: str, **fields: Any) -> User:
    """A member of staff without a password (hashing one costs a second; tests sign in with
    ``force_login``)."""
    return User.objects.create(username=username, **fields)


NOTES = "SENTINEL-HEALTH-NOTES-Q7"
FACTOR = "SENTINEL-FACTOR-Q7"
STRAND = "SENTINEL-STRAND-Q7"
CONTACT = "SENTINEL-CONTACT-Q7"
EFFECT = "SENTINEL-EFFECT-Q7"
REVIEW = "SENTINEL-REVIEW-Q7"
DECISIONS = "SENTINEL-DECISIONS-Q7"
OVERRIDE = "SENTINEL-OVERRIDE-Q7"
SENTINELS = [NOTES, FACTOR, STRAND, CONTACT, EFFECT, REVIEW, DECISIONS, OVERRIDE]

# GET never changes anything on these, but signing out would end the session being tested.
SKIPPED_ROUTES = {"sign-out/"}
# Besides each pattern as it stands: lists filtered the other way, and the timeline filtered.
EXTRA_QUERIES = {
    "cases/": ["?scope=agency", "?scope=agency&status=open&status=in_progress"],
    "api/v1/cases/": ["?scope=agency"],
    "cases/<str:reference>/": ["?kind=case&kind=contact&kind=conference&kind=evidence"],
}
PRIORITY_REASON = re.compile(r"Priority (?:raised|lowered) from \w+ to \w+:[^<\"]*domestic abuse")


@pytest.fixture
def world(agency, officer, supervisor, ward, postcode) -> dict[str, Any]:
    partner = AgencyFactory(code="PARTNERHA", name="Partner Housing", kind="housing")
    unrelated = AgencyFactory(code="ELSEWHERE", name="Elsewhere Council")
    users = {
        "owner_officer": officer,
        "partner_worker": staff_user(username="partner", agency=partner, role=Role.PARTNER_WORKER),
        "partner_officer": staff_user(
            username="partnerofficer", agency=partner, role=Role.CASE_OFFICER
        ),
        "analyst": staff_user(username="analyst", agency=agency, role=Role.ANALYST),
        "call_handler": staff_user(username="handler", agency=agency, role=Role.CALL_HANDLER),
        "auditor": staff_user(username="auditor", agency=agency, role=Role.AUDITOR),
        "unrelated_officer": staff_user(
            username="elsewhere", agency=unrelated, role=Role.CASE_OFFICER
        ),
    }
    # Inactive, so the names appear in no form or reference list: only as someone's data.
    factor = VulnerabilityFactor.objects.create(code="sentinel", name=FACTOR, active=False)
    strand = HateStrand.objects.create(code="sentinel", name=STRAND, active=False)

    first = log_report(officer)
    case = first.case
    victim = first.involvements.get(role="victim").person
    incident = log_report(
        officer,
        case=case,
        hate_motivated=True,
        hate_strands=[strand],
        domestic_abuse=True,
        description="Shouting and banging on the door.",
        people=[],
    )
    # A refresh that raises the priority records why: domestic abuse, a sensitive reason.
    Case.objects.filter(pk=case.pk).update(priority=Priority.STANDARD)
    case.refresh_from_db()
    case_priority_refresh(case=case, actor=officer)
    person_record_vulnerability(
        person=victim,
        actor=officer,
        factors=[factor],
        hate_strands=[strand],
        notes=NOTES,
        replace=True,
        case_reference=case.reference,
    )

    # Risk: a sensitive question made automatic-high, so a reason quotes it; an earlier
    # assessment raised by judgement, with officers' free text as the reason.
    Question.objects.filter(code="mental-health").update(automatic_high=True)
    matrix = published_matrix()
    assert matrix is not None
    no = {question.code: "no" for question in matrix_questions(matrix)}
    assessment_record(
        case=case,
        person=victim,
        actor=officer,
        answers={**no, "disability-illness": "yes"},
        override_band="medium",
        override_reason=OVERRIDE,
    )
    assessment_record(
        case=case, person=victim, actor=officer, answers={**no, "mental-health": "yes"}
    )

    contact_log(
        case=case,
        actor=officer,
        occurred_at=timezone.now(),
        channel="telephone",
        direction="outbound",
        summary=CONTACT,
        person=victim,
    )
    diary_entry_record(
        case=case,
        actor=officer,
        person=victim,
        occurred_on=timezone.localdate(),
        what_happened="Banging on the door at 2am.",
        effect=EFFECT,
    )
    supervisor_review_record(
        case=case,
        actor=supervisor,
        decision=ReviewDecision.objects.filter(active=True).first(),
        notes=REVIEW,
        next_review_on=timezone.localdate() + timedelta(days=14),
    )
    conference = conference_record(
        actor=officer,
        title="Monthly ASB meeting",
        held_at=timezone.now(),
        chair="Chris Chair",
        agencies_present=[partner],
        discussed=[DiscussedCase(reference=case.reference, decisions=DECISIONS)],
    )

    service = ReferralService.objects.get(code="mediation")
    service.agency = partner
    service.save()
    referral = referral_make(case=case, actor=officer, service=service, reason="Tenancy support")
    referral_accept(referral=referral, actor=users["partner_worker"])
    task = task_create(case=case, actor=officer, title="Visit", assigned_agency=partner)

    witness = PersonInvolved(
        role="witness", details=PersonDetails(first_name="Janet", last_name="Example")
    )
    other = log_report(officer, case=case, people=[witness]).involvements.get().person
    merge = person_merge(survivor=victim, duplicate=other, actor=supervisor, reason="Same person")
    evidence = EvidenceFile.objects.create(
        case=case,
        kind="photo",
        original_name="door.jpg",
        sha256="0" * 64,
        size_bytes=1,
        content_type="image/jpeg",
        stored_name="missing/on/purpose",
        uploaded_by=officer,
        uploaded_at=timezone.now(),
    )
    alert = Alert.objects.filter(case=case).first()
    assert alert is not None  # the high-risk assessment alerted the supervisors
    return {
        "users": users,
        "case": case,
        "incident": incident.reference,
        "params": {
            "reference": case.reference,
            "person_id": victim.pk,
            "referral_id": referral.pk,
            "task_id": task.pk,
            "conference_id": conference.pk,
            "merge_id": merge.pk,
            "alert_id": alert.pk,
            "draft_id": uuid.uuid4().hex,
            "public_id": evidence.public_id,
            "event_id": AuditEvent.objects.filter(case_reference=case.reference).first().pk,
            # The accepted referral opened a share of the case.
            "share_id": CaseShare.objects.filter(case=case).first().pk,
        },
    }


def every_get(params: dict[str, Any]) -> list[str]:
    """Every URL pattern (the admin's aside), its parameters filled from the seeded records."""
    urls = []
    for route, _callback in walk(get_resolver().url_patterns):
        if route in SKIPPED_ROUTES:
            continue
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(params[m.group(1)]), route)
        urls.append(path)
        urls.extend(path + query for query in EXTRA_QUERIES.get(route, []))
    return urls


def responses(user: Any, params: dict[str, Any]) -> dict[str, tuple[int, str]]:
    client = Client()
    client.force_login(user)
    seen = {}
    for url in every_get(params):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = (response.status_code, body.decode(errors="replace"))
    return seen


def leaks(url: str, body: str, sensitive_codes: frozenset[str]) -> list[str]:
    found = [sentinel for sentinel in SENTINELS if sentinel in body]
    if PRIORITY_REASON.search(body):
        found.append("priority reason: domestic abuse")
    if re.search(r"Domestic abuse</dt><dd[^>]*>Yes", body) or "Domestic abuse: yes" in body:
        found.append("domestic abuse flag")
    if url.startswith("/api/") and body.startswith(("{", "[")):
        found.extend(_json_leaks(json.loads(body), sensitive_codes))
    return found


def _json_leaks(data: Any, sensitive_codes: frozenset[str]) -> list[str]:
    found = []
    if isinstance(data, dict):
        if "domestic_abuse" in data and "restricted" in data and data["domestic_abuse"] is not None:
            found.append("domestic_abuse in JSON")
        if "question" in data and data["question"] in sensitive_codes and data.get("answer"):
            found.append(f"answer to {data['question']} in JSON")
        for value in data.values():
            found.extend(_json_leaks(value, sensitive_codes))
    elif isinstance(data, list):
        for value in data:
            found.extend(_json_leaks(value, sensitive_codes))
    elif isinstance(data, str):
        texts = Question.objects.filter(code__in=sensitive_codes).values_list("text", flat=True)
        found.extend(f"question text in a reason: {text}" for text in texts if f"“{text}”" in data)
    return found


@pytest.mark.parametrize(
    "reader", ["partner_worker", "analyst", "call_handler", "auditor", "unrelated_officer"]
)
def test_no_sensitive_value_reaches_a_reader_without_the_permission(world, reader):
    sensitive_codes = sensitive_question_codes()
    assert {"mental-health", "disability-illness"} <= sensitive_codes

    seen = responses(world["users"][reader], world["params"])

    leaked = {
        url: found
        for url, (_status, body) in seen.items()
        if (found := leaks(url, body, sensitive_codes))
    }
    assert leaked == {}
    if reader != "unrelated_officer":  # the others see the case, with the data marked withheld
        case_page = seen[f"/cases/{world['case'].reference}/"]
        assert case_page[0] == 200
        assert "tandem-restricted" in case_page[1]
        api = json.loads(seen[f"/api/v1/cases/{world['case'].reference}/"][1])
        incident = next(i for i in api["incidents"] if i["reference"] == world["incident"])
        assert incident["restricted"] == ["hate_strands", "domestic_abuse"]
    else:
        assert seen[f"/cases/{world['case'].reference}/"][0] == 404


@pytest.mark.parametrize("reader", ["owner_officer", "partner_officer"])
def test_the_owning_and_a_sharing_agencys_case_officers_see_everything(world, reader):
    """The owning agency's case officer; and a case officer of the agency the case was referred
    to (a sharing agency), whose role may see sensitive data."""
    seen = responses(world["users"][reader], world["params"])

    everything = "\n".join(body for _status, body in seen.values())
    assert [sentinel for sentinel in SENTINELS if sentinel not in everything] == []
    assert PRIORITY_REASON.search(everything)
    api = json.loads(seen[f"/api/v1/cases/{world['case'].reference}/"][1])
    incident = next(i for i in api["incidents"] if i["reference"] == world["incident"])
    assert incident["domestic_abuse"] is True
    assert incident["restricted"] == []
    assessments = json.loads(seen[f"/api/v1/cases/{world['case'].reference}/assessments/"][1])
    answers = {a["question"]: a["answer"] for a in assessments[0]["answers"]}
    assert answers["mental-health"] == "yes"


def test_a_restricted_reader_gets_nulls_and_the_names_of_what_was_withheld(world):
    client = Client()
    client.force_login(world["users"]["partner_worker"])
    reference = world["case"].reference

    assessments = client.get(f"/api/v1/cases/{reference}/assessments/").json()

    latest, earlier = assessments
    mental_health = next(a for a in latest["answers"] if a["question"] == "mental-health")
    assert mental_health == {
        "question": "mental-health",
        "answer": None,
        "score": None,
        "restricted": ["answer", "score"],
    }
    targeted = next(a for a in latest["answers"] if a["question"] == "targeted")
    assert targeted["answer"] == "no"
    assert targeted["restricted"] == []
    assert "Automatic high: a restricted question answered yes" in latest["reasons"]
    assert earlier["override_reason"] is None
    assert earlier["restricted"] == ["override_reason"]
    assert latest["band"] == "high"  # the band and score stay visible


def test_the_incident_api_echoes_no_sensitive_value_to_a_call_handler(world):
    """A call handler records sensitive data but never reads it back, even in the response."""
    from tests.api.payloads import report_payload

    client = Client()
    client.force_login(world["users"]["call_handler"])
    payload = report_payload(domestic_abuse=True, hate_motivated=True, hate_strands=["race"])

    response = client.post("/api/v1/incidents/", payload, content_type="application/json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["domestic_abuse"] is None
    assert body["hate_strands"] is None
    assert body["restricted"] == ["hate_strands", "domestic_abuse"]
