"""A case's priority, from what its incidents say and what is known about its victims.

A pure function, so the rules are one table (``tests/cases/test_priority.py``);
``tandem.cases.services.case_priority_refresh`` gathers the facts and stores the result.
The priority is never below what the incidents themselves imply (the category's default, and high
for violence, threats, hate or domestic abuse); risk and repeat victimisation can only raise it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.cases.models import Priority


@dataclass(frozen=True)
class PriorityFactors:
    category_default: Priority
    """The highest default priority of the categories of the case's incidents."""
    serious: bool = False
    """Violence or serious threats (an incident type marked serious)."""
    hate_motivated: bool = False
    domestic_abuse: bool = False
    highest_band: str | None = None
    """The highest current risk band of the case's victims: standard, medium or high."""
    repeat_victim: bool = False
    vulnerable_victim: bool = False


@dataclass(frozen=True)
class PriorityDecision:
    priority: Priority
    reasons: tuple[str, ...]


def case_priority(factors: PriorityFactors) -> PriorityDecision:
    """The priority the facts call for (lower numbers come first), and which facts set it."""
    candidates: list[tuple[Priority, str]] = [
        (Priority(factors.category_default), "the category's default")
    ]
    if factors.serious:
        candidates.append((Priority.HIGH, "violence or threats"))
    if factors.hate_motivated:
        candidates.append((Priority.HIGH, "hate motivated"))
    if factors.domestic_abuse:
        candidates.append((Priority.HIGH, DOMESTIC_ABUSE_REASON))
    if factors.highest_band == "high":
        candidates.append((Priority.HIGH, "a high-risk victim"))
    elif factors.highest_band == "medium":
        candidates.append((Priority.MEDIUM, "a medium-risk victim"))
    if factors.repeat_victim:
        candidates.append((Priority.MEDIUM, "a repeat victim"))
    if factors.vulnerable_victim:
        candidates.append((Priority.MEDIUM, VULNERABLE_VICTIM_REASON))

    priority = min(priority for priority, _ in candidates)
    reasons = tuple(reason for candidate, reason in candidates if candidate == priority)
    return PriorityDecision(priority=priority, reasons=reasons)


# Reasons that tell a reader sensitive data (``tandem.people.policies``): shown only to those
# who may see it, everyone else reads "a restricted reason".
DOMESTIC_ABUSE_REASON = "domestic abuse"
VULNERABLE_VICTIM_REASON = "a vulnerable victim"
SENSITIVE_REASONS = frozenset({DOMESTIC_ABUSE_REASON, VULNERABLE_VICTIM_REASON})
RESTRICTED_REASON = "a restricted reason"


def priority_summary_redacted(summary: str) -> tuple[str, bool]:
    """A priority-change summary ("Priority raised from Standard to High: domestic abuse")
    with any sensitive reason replaced, and whether one was."""
    head, separator, tail = summary.partition(": ")
    if not separator:
        return summary, False
    reasons = tail.split(", ")
    redacted = [RESTRICTED_REASON if reason in SENSITIVE_REASONS else reason for reason in reasons]
    if redacted == reasons:
        return summary, False
    return head + separator + ", ".join(dict.fromkeys(redacted)), True
