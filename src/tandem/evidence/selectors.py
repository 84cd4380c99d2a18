"""Reads of evidence: the block on the case page, the people who may keep a diary, one file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.http import Http404

from tandem.cases.models import Case
from tandem.evidence.models import AllowedFileType, DiaryEntry, EvidenceFile
from tandem.evidence.policies import may_add_evidence
from tandem.incidents.models import IncidentPerson
from tandem.people.models import Person
from tandem.people.policies import can_see_sensitive


def case_people(case: Case) -> list[Person]:
    """Everyone named on any of the case's incidents, first named first (one query)."""
    involvements = (
        IncidentPerson.objects.filter(incident__case=case)
        .select_related("person")
        .order_by("incident__reported_at", "id")
    )
    people: dict[int, Person] = {}
    for involvement in involvements:
        people.setdefault(involvement.person_id, involvement.person)
    return list(people.values())


def allowed_file_types() -> list[AllowedFileType]:
    return list(AllowedFileType.objects.filter(active=True).order_by("kind", "extension"))


def case_evidence_file(case: Case, public_id: UUID) -> EvidenceFile:
    """One file of ``case`` (already checked visible), or 404: a file of another case is
    not found here, whatever its id."""
    try:
        return EvidenceFile.objects.select_related("case").get(case=case, public_id=public_id)
    except EvidenceFile.DoesNotExist:
        raise Http404("No such file on this case") from None


@dataclass(frozen=True)
class EvidencePanel:
    diary_entries: list[DiaryEntry]
    files: list[EvidenceFile]
    may_add: bool
    # The effect a diary entry records is often about health: shown only to those who may see
    # sensitive data on the case; everyone else sees "Restricted".
    may_read_effect: bool = False


def evidence_panel(*, user: Any, case: Case) -> EvidencePanel:
    """The case page's evidence block, in a fixed number of queries however much there is."""
    return EvidencePanel(
        diary_entries=list(
            DiaryEntry.objects.filter(case=case).select_related("person", "recorded_by")
        ),
        files=list(EvidenceFile.objects.filter(case=case).select_related("uploaded_by")),
        may_add=may_add_evidence(user, case),
        may_read_effect=can_see_sensitive(user, case),
    )
