"""Reads of supervision: the case page block, the conferences list and a conference's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.accounts.models import Capability
from tandem.accounts.permissions import user_can
from tandem.cases.models import Case
from tandem.cases.selectors import cases_visible_to
from tandem.people.policies import can_see_sensitive
from tandem.supervision.models import (
    CaseConference,
    ConferenceAction,
    ConferenceCase,
    ReviewDecision,
    SupervisorReview,
)
from tandem.supervision.policies import (
    may_read_conferences,
    may_record_conference,
    may_review,
)


def review_decisions() -> QuerySet[ReviewDecision]:
    return ReviewDecision.objects.filter(active=True).order_by("position", "name")


@dataclass(frozen=True)
class SupervisionPanel:
    reviews: list[SupervisorReview]
    discussions: list[ConferenceCase]
    may_review: bool
    # Review notes and conference decisions are free text that can carry sensitive details.
    may_read_notes: bool = False
    may_read_conferences: bool = False
    may_record_conference: bool = False


def supervision_panel(*, user: Any, case: Case) -> SupervisionPanel:
    """The case page block: its supervisor reviews and the conferences that discussed it (their
    decisions on this case only), in two queries whatever their number."""
    return SupervisionPanel(
        reviews=list(
            SupervisorReview.objects.filter(case=case)
            .select_related("reviewer", "decision")
            .order_by("-reviewed_at", "-id")
        ),
        discussions=list(
            ConferenceCase.objects.filter(case=case)
            .select_related("conference")
            .order_by("-conference__held_at", "-id")
        ),
        may_review=may_review(user, case),
        may_read_notes=can_see_sensitive(user, case),
        may_read_conferences=may_read_conferences(user),
        may_record_conference=may_record_conference(user),
    )


def conferences_for(user: Any) -> QuerySet[CaseConference]:
    """The conferences of the user's agency: recorded by it, or attended by it."""
    agency_id = getattr(user, "agency_id", None)
    if not getattr(user, "is_authenticated", False) or not agency_id:
        return CaseConference.objects.none()
    attended = CaseConference.agencies_present.through.objects.filter(agency_id=agency_id)
    return CaseConference.objects.filter(
        Q(agency_id=agency_id) | Q(pk__in=attended.values("caseconference_id"))
    )


def conference_list(user: Any) -> list[CaseConference]:
    """The conferences list page, in a fixed number of queries."""
    return list(
        conferences_for(user)
        .select_related("agency", "recorded_by")
        .prefetch_related("agencies_present")
        .order_by("-held_at", "-id")
    )


@dataclass(frozen=True)
class ConferenceDetail:
    conference: CaseConference
    discussions: list[ConferenceCase]
    actions: list[ConferenceAction]
    hidden_cases: int
    # Decisions are officers' free text and can carry sensitive details: shown to those who may
    # see sensitive data on the (visible) cases, "Restricted" for everyone else.
    may_read_decisions: bool = False


def conference_get(user: Any, conference_id: int) -> ConferenceDetail:
    """One conference of the user's agency, or 404. Only the cases the user can see are shown,
    with their decisions and actions; the others are only counted."""
    try:
        conference = (
            conferences_for(user)
            .select_related("agency", "recorded_by")
            .prefetch_related("agencies_present")
            .get(pk=conference_id)
        )
    except CaseConference.DoesNotExist:
        raise Http404("No such conference") from None
    visible = cases_visible_to(user).values("pk")
    discussions = list(
        ConferenceCase.objects.filter(conference=conference).select_related("case").order_by("id")
    )
    visible_ids = set(
        ConferenceCase.objects.filter(conference=conference, case__in=visible).values_list(
            "case_id", flat=True
        )
    )
    shown = [row for row in discussions if row.case_id in visible_ids]
    actions = list(
        ConferenceAction.objects.filter(conference=conference, case__in=visible)
        .select_related("case", "owner_user", "owner_agency", "task")
        .order_by("due_on", "id")
    )
    return ConferenceDetail(
        conference=conference,
        discussions=shown,
        actions=actions,
        hidden_cases=len(discussions) - len(shown),
        # Every case shown is in cases_visible_to(user), so can_see_sensitive comes down to
        # the capability.
        may_read_decisions=user_can(user, Capability.SEE_SENSITIVE),
    )
