"""Reads of tasks and referrals."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tandem.accounts.models import User
from tandem.cases.models import Case
from tandem.referrals.models import Referral, ReferralService, ReferralStatus, Task


def referral_inbox(user: User) -> QuerySet[Referral]:
    """Referrals to the user's agency still to answer or complete. The rows carry the service,
    the reason and the referring agency; the case's personal details come only through
    ``cases_visible_to`` once accepted."""
    if not user.agency_id:
        return Referral.objects.none()
    return (
        Referral.objects.filter(
            to_agency_id=user.agency_id,
            status__in=[ReferralStatus.REQUESTED, ReferralStatus.ACCEPTED],
        )
        .select_related("service", "from_agency", "case")
        .order_by("status", "requested_at", "id")
    )


def referral_for_receiver(user: User, referral_id: int) -> Referral:
    """A referral made to the user's agency, or 404."""
    try:
        return referral_inbox(user).get(pk=referral_id)
    except Referral.DoesNotExist:
        raise Http404("No such referral") from None


def case_referrals(case: Case) -> list[Referral]:
    return list(
        Referral.objects.filter(case=case).select_related("service", "to_agency", "requested_by")
    )


def case_tasks(case: Case) -> list[Task]:
    return list(
        Task.objects.filter(case=case).select_related("assigned_user", "assigned_agency", "done_by")
    )


def referral_services() -> QuerySet[ReferralService]:
    return ReferralService.objects.filter(active=True).select_related("agency")
