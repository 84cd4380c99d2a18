"""The default risk matrix, from DOMAIN.md: three kinds of vulnerability found in national
research, with band consequences from published police practice.

Loaded as version 1 by a data migration; administrators publish their own versions from the admin
screens (copy as a new draft, change it, publish). Scores: yes earns the points, don't know about
a third of them (rounded up) because not knowing is a risk too, no earns nothing.
"""

from __future__ import annotations

from typing import Any

SECTIONS: list[dict[str, Any]] = [
    {
        "code": "personal-vulnerability",
        "name": "Personal vulnerability",
        "description": "About the person: what makes the behaviour harder for them to bear.",
        "questions": [
            # code, text, help, yes, don't know, automatic high, signal
            (
                "disability-illness",
                "Does the person have a disability or a long-term illness?",
                "Physical or learning disability, or a long-term or serious illness.",
                3,
                1,
                False,
                "",
            ),
            (
                "mental-health",
                "Does the person have mental health problems?",
                "Diagnosed or not: anxiety, depression or anything that affects how they cope.",
                3,
                1,
                False,
                "",
            ),
            (
                "age",
                "Does the person's age make them more vulnerable?",
                "For example an older person living alone, or a child or young person.",
                2,
                1,
                False,
                "",
            ),
            (
                "isolation",
                "Is the person isolated, without a support network?",
                "No family, friends or neighbours they can turn to.",
                2,
                1,
                False,
                "",
            ),
            (
                "dependants",
                "Are there dependants or children in the household?",
                "",
                2,
                1,
                False,
                "",
            ),
            (
                "carer",
                "Is the person a carer for someone else?",
                "",
                2,
                1,
                False,
                "",
            ),
        ],
    },
    {
        "code": "situational-factors",
        "name": "Situational factors",
        "description": "About where the person lives and where the behaviour happens.",
        "questions": [
            (
                "at-home",
                "Is the behaviour happening where the person lives?",
                "At or around their home, so they cannot get away from it.",
                3,
                1,
                False,
                "",
            ),
            (
                "repeat-location",
                "Has it happened at the same place before?",
                "",
                2,
                1,
                False,
                "",
            ),
            (
                "next-to-perpetrator",
                "Does the person live next to, or very near, the person responsible?",
                "",
                3,
                1,
                False,
                "",
            ),
            (
                "considering-moving",
                "Is the person already considering moving because of it?",
                "",
                3,
                1,
                False,
                "",
            ),
        ],
    },
    {
        "code": "incident-impact",
        "name": "Incident and impact",
        "description": "About the behaviour itself and what it is doing to the person.",
        "questions": [
            (
                "targeted",
                "Is the person being targeted, rather than affected at random?",
                "",
                3,
                1,
                False,
                "",
            ),
            (
                "hate-motivated",
                "Does the person believe it is motivated by hate or prejudice?",
                "Because of their race, religion or belief, sexual orientation, disability or "
                "transgender identity, or something else about them.",
                3,
                1,
                False,
                "hate_motivated",
            ),
            (
                "threats-violence",
                "Have there been threats or violence?",
                "",
                4,
                2,
                False,
                "threats_or_violence",
            ),
            (
                "frequency-duration",
                "Has it been happening often, or for a long time?",
                "Several times a week, or for months.",
                2,
                1,
                False,
                "",
            ),
            (
                "health",
                "Is it affecting the person's health?",
                "",
                3,
                1,
                False,
                "",
            ),
            (
                "sleep",
                "Is it affecting the person's sleep?",
                "",
                2,
                1,
                False,
                "",
            ),
            (
                "daily-routine",
                "Has the person changed their daily routine because of it?",
                "",
                2,
                1,
                False,
                "",
            ),
            (
                "fear-going-out",
                "Is the person afraid to go out?",
                "",
                2,
                1,
                False,
                "",
            ),
            (
                "fear-at-home",
                "Is the person afraid when they are at home?",
                "",
                2,
                1,
                False,
                "",
            ),
            (
                "fear-physical-safety",
                "Does the person fear for their physical safety?",
                "A yes makes the risk high whatever the score.",
                4,
                2,
                True,
                "",
            ),
            (
                "will-escalate",
                "Does the person think it will get worse?",
                "Their own view of whether it will escalate.",
                2,
                1,
                False,
                "",
            ),
        ],
    },
]

BANDS: list[dict[str, Any]] = [
    {
        "band": "standard",
        "min_score": 0,
        "supervisor_review_days": None,
        "senior_review_days": None,
        "head_of_service_review_days": None,
        "named_contact": False,
        "contact_offer": "",
    },
    {
        "band": "medium",
        "min_score": 14,
        "supervisor_review_days": 28,
        "senior_review_days": 56,
        "head_of_service_review_days": None,
        "named_contact": True,
        "contact_offer": "monthly",
    },
    {
        "band": "high",
        "min_score": 28,
        "supervisor_review_days": 14,
        "senior_review_days": 28,
        "head_of_service_review_days": 56,
        "named_contact": True,
        "contact_offer": "weekly",
    },
]

RULES: list[dict[str, Any]] = [
    {"kind": "designated_question", "threshold": None},
    {"kind": "hate_with_threats", "threshold": None},
    # More than 3 incidents as a victim in 12 months, across every agency.
    {"kind": "repeat_victim", "threshold": 3},
]


def load(apps: Any, version: int = 1) -> Any:
    """Create the default matrix as a published version (used by the data migration)."""
    from django.utils import timezone

    RiskMatrix = apps.get_model("risk", "RiskMatrix")
    Section = apps.get_model("risk", "Section")
    Question = apps.get_model("risk", "Question")
    BandThreshold = apps.get_model("risk", "BandThreshold")
    AutomaticHighRule = apps.get_model("risk", "AutomaticHighRule")
    if RiskMatrix.objects.filter(version=version).exists():
        return RiskMatrix.objects.get(version=version)
    matrix = RiskMatrix.objects.create(
        version=version,
        status="published",
        published_at=timezone.now(),
        notes="The default matrix shipped with Tandem (DOMAIN.md).",
    )
    for section_position, section in enumerate(SECTIONS):
        stored = Section.objects.create(
            matrix=matrix,
            code=section["code"],
            name=section["name"],
            description=section["description"],
            position=section_position,
        )
        for position, (code, text, help_text, yes, dont_know, automatic, signal) in enumerate(
            section["questions"]
        ):
            Question.objects.create(
                section=stored,
                code=code,
                text=text,
                help_text=help_text,
                score_yes=yes,
                score_dont_know=dont_know,
                automatic_high=automatic,
                signal=signal,
                position=position,
            )
    for band in BANDS:
        BandThreshold.objects.create(matrix=matrix, **band)
    for rule in RULES:
        AutomaticHighRule.objects.create(matrix=matrix, **rule)
    return matrix
