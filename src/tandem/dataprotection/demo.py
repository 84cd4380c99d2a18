"""Demo rows for data protection, loaded by ``tandem seed-demo`` (see ``tandem.core.demo``).

Two Maidstone cases closed seven years ago, whose people the default retention rule would
anonymise (so an administrator can try ``tandem apply-retention --dry-run``), and one open
subject access request for the Maidstone supervisor to answer. Idempotent: each part is skipped
when it is already there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from tandem.accounts.models import User
from tandem.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus
from tandem.dataprotection.models import RequesterKind, SubjectAccessRequest
from tandem.dataprotection.services import subject_access_request_log
from tandem.geography.models import Postcode
from tandem.incidents.models import Category, Channel, Incident, IncidentType, PersonRole
from tandem.incidents.services import IncidentReport, PersonInvolved, incident_log
from tandem.people.models import Person
from tandem.people.services import PersonDetails

MAIDSTONE_DISTRICT = "E07000110"
OFFICER = "maidstone.officer"
SUPERVISOR = "maidstone.supervisor"
YEARS_AGO = 7


@dataclass(frozen=True)
class OldCase:
    category: str
    types: tuple[str, ...]
    description: str
    street: str
    victim: tuple[str, str]
    perpetrator: tuple[str, str] | None
    days_open: int


OLD_CASES = (
    OldCase(
        category="nuisance",
        types=("noise",),
        description="Music from the flat upstairs every night until 3am since the new tenant "
        "moved in. Spoken to the tenant twice.",
        street="Orchard Row",
        victim=("Doreen", "Hatherley"),
        perpetrator=("Wayne", "Colbert"),
        days_open=75,
    ),
    OldCase(
        category="personal",
        types=("harassment-intimidation",),
        description="Teenagers gathering outside the shop, swearing at the owner and blocking "
        "the door. The owner is frightened to open in the evenings.",
        street="Weavers Parade",
        victim=("Harjit", "Sandhu"),
        perpetrator=None,
        days_open=120,
    ),
)


def seed_data_protection(*, users: dict[str, User], now: datetime | None = None) -> None:
    now = now or timezone.now()
    officer, supervisor = users.get(OFFICER), users.get(SUPERVISOR)
    if officer is None or supervisor is None:
        return
    _seed_old_closed_cases(officer=officer, supervisor=supervisor, now=now)
    _seed_open_request(supervisor=supervisor, now=now)


def _seed_old_closed_cases(*, officer: User, supervisor: User, now: datetime) -> None:
    from tandem.core.demo import case_status_set

    long_ago = now - timedelta(days=round(YEARS_AGO * 365.25))
    agency = officer.agency
    old = Incident.objects.filter(created_by=officer, reported_at__lt=long_ago + timedelta(days=1))
    if agency is None or old.exists():
        return
    postcodes = list(
        Postcode.objects.filter(ward__parent__ons_code=MAIDSTONE_DISTRICT).order_by("postcode")
    )
    if not postcodes:
        return
    cases = []
    for number, seed in enumerate(OLD_CASES):
        postcode = postcodes[number % len(postcodes)]
        reported = long_ago - timedelta(days=30 * number)
        people = [
            PersonInvolved(
                role=PersonRole.VICTIM,
                details=PersonDetails(
                    first_name=seed.victim[0],
                    last_name=seed.victim[1],
                    address=f"{number * 4 + 3} {seed.street}",
                    postcode=postcode.postcode,
                    email=f"{seed.victim[0]}.{seed.victim[1]}.{number}@example.com".lower(),
                ),
            )
        ]
        if seed.perpetrator:
            people.append(
                PersonInvolved(
                    role=PersonRole.ALLEGED_PERPETRATOR,
                    details=PersonDetails(
                        first_name=seed.perpetrator[0],
                        last_name=seed.perpetrator[1],
                        address=f"{number * 4 + 5} {seed.street}",
                        postcode=postcode.postcode,
                    ),
                )
            )
        incident = incident_log(
            actor=officer,
            report=IncidentReport(
                occurred_at=reported - timedelta(hours=3),
                reported_at=reported,
                channel=Channel.PHONE,
                receiving_agency=agency,
                category=Category.objects.get(code=seed.category),
                types=list(IncidentType.objects.filter(code__in=seed.types)),
                description=seed.description,
                address=f"{number * 4 + 3} {seed.street}",
                postcode=postcode.postcode,
                ward=postcode.ward,
                latitude=postcode.latitude,
                longitude=postcode.longitude,
                people=people,
                officer=officer,
            ),
        )
        case = incident.case
        case_status_set(
            case=case,
            status=CaseStatus.IN_PROGRESS,
            actor=officer,
            at=reported + timedelta(days=2),
            previous=CaseStatus.OPEN,
        )
        case_status_set(
            case=case,
            status=CaseStatus.CLOSED,
            actor=supervisor,
            at=reported + timedelta(days=seed.days_open),
            previous=CaseStatus.IN_PROGRESS,
        )
        case.next_deadline = None
        case.save(update_fields=["next_deadline", "updated_at"])
        cases.append(case)
    # The services stamp the timeline with the time of logging: date it when the report came in.
    CaseEvent.objects.filter(kind=CaseEventKind.OPENED, case__in=cases).update(
        occurred_at=Subquery(Case.objects.filter(pk=OuterRef("case_id")).values("opened_at"))
    )


def _seed_open_request(*, supervisor: User, now: datetime) -> None:
    agency = supervisor.agency
    if agency is None or SubjectAccessRequest.objects.filter(agency=agency).exists():
        return
    person = (
        Person.objects.filter(
            anonymised_at__isnull=True,
            merged_into__isnull=True,
            involvements__role=PersonRole.VICTIM,
            involvements__incident__case__lead_agency=agency,
        )
        .exclude(involvements__incident__case__status=CaseStatus.CLOSED)
        .order_by("pk")
        .first()
    )
    if person is None:
        return
    subject_access_request_log(
        person=person,
        actor=supervisor,
        requested_by=RequesterKind.SUBJECT,
        received_on=timezone.localdate(now) - timedelta(days=20),
        notes="Asked in writing for everything the council holds about them. Identity checked: "
        "driving licence seen at the council offices.",
    )
