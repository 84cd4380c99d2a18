"""What the log-a-report journey and the API show about the people in a report before it is
stored: known people who may be the same, with their repeat counts (counts only, across every
agency, never another agency's case details)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tandem.people.matching import Candidate, Thresholds, find_candidates, matching_thresholds
from tandem.people.selectors import RepeatSummary, repeat_summaries
from tandem.people.services import PersonDetails

# Roles whose earlier incidents are counted at intake (witnesses' are not).
COUNTED_ROLES = ("victim", "alleged_perpetrator")


@dataclass(frozen=True)
class IntakeCandidate:
    candidate: Candidate
    repeat: RepeatSummary | None = None

    @property
    def person_id(self) -> int:
        return self.candidate.person.pk


@dataclass(frozen=True)
class IntakePerson:
    role: str
    details: PersonDetails
    candidates: list[IntakeCandidate] = field(default_factory=list)

    def confident_link(self, thresholds: Thresholds) -> Candidate | None:
        """The one candidate to link to without asking: the only one at or above the confident
        threshold, and it shares a birth date, phone or email as well as the name."""
        confident = [
            c.candidate for c in self.candidates if c.candidate.confidence >= thresholds.confident
        ]
        if len(confident) == 1 and confident[0].strong:
            return confident[0]
        return None


def intake_people(
    people: Sequence[tuple[str, PersonDetails]], *, thresholds: Thresholds | None = None
) -> list[IntakePerson]:
    """Candidates for each (role, details) with their repeat counts for that role.

    A fixed number of queries per person for the search, plus a fixed number for all counts.
    """
    thresholds = thresholds or matching_thresholds()
    found = [
        (role, details, find_candidates(details, thresholds=thresholds)) for role, details in people
    ]
    counts: dict[str, dict[int, RepeatSummary]] = {}
    for role in COUNTED_ROLES:
        ids = [c.person.pk for r, _, candidates in found if r == role for c in candidates]
        if ids:
            counts[role] = repeat_summaries(ids, role=role)
    return [
        IntakePerson(
            role=role,
            details=details,
            candidates=[
                IntakeCandidate(candidate=c, repeat=counts.get(role, {}).get(c.person.pk))
                for c in candidates
            ],
        )
        for role, details, candidates in found
    ]
