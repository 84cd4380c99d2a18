from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.accounts.models import Role
from tandem.audit.models import AuditEvent
from tandem.incidents.models import IncidentPerson
from tandem.incidents.services import PersonInvolved
from tandem.people.models import Person, PersonMerge
from tandem.people.selectors import merged_families, repeat_victim_summary
from tandem.people.services import PersonDetails, person_merge, person_unmerge
from tests.factories import PersonFactory, UserFactory
from tests.helpers import log_report

pytestmark = pytest.mark.django_db


def victim_of_report(actor, details):
    incident = log_report(actor, people=[PersonInvolved(role="victim", details=details)])
    return incident.involvements.get().person


def test_merge_points_the_duplicate_at_the_survivor_and_counts_both(
    supervisor, call_handler, other_officer
):
    survivor = victim_of_report(call_handler, PersonDetails("Jane", "Example"))
    duplicate = victim_of_report(other_officer, PersonDetails("Jayne", "Exampel"))
    involvements_before = list(IncidentPerson.objects.values_list("pk", "person_id"))
    assert repeat_victim_summary([survivor.pk]).incidents_last_12_months == 1

    merge = person_merge(
        survivor=survivor, duplicate=duplicate, actor=supervisor, reason="Confirmed by phone"
    )

    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert (merge.merged_by, merge.reason, merge.active) == (supervisor, "Confirmed by phone", True)
    # Nothing moved: the involvements are as they were, so an unmerge is exact.
    assert list(IncidentPerson.objects.values_list("pk", "person_id")) == involvements_before
    summary = repeat_victim_summary([survivor.pk])
    assert (summary.incidents_last_12_months, summary.agencies_involved) == (2, 2)
    assert summary.is_repeat
    event = AuditEvent.objects.get(object_type="person", object_id=str(duplicate.pk))
    assert event.actor == supervisor
    assert event.detail["change"] == "merged"


def test_unmerge_restores_exactly_and_keeps_the_history(supervisor, call_handler):
    survivor = victim_of_report(call_handler, PersonDetails("Jane", "Example"))
    duplicate = victim_of_report(call_handler, PersonDetails("Jayne", "Exampel"))
    merge = person_merge(survivor=survivor, duplicate=duplicate, actor=supervisor, reason="Same")

    person_unmerge(merge=merge, actor=supervisor, reason="Sisters, not the same person")

    duplicate.refresh_from_db()
    merge.refresh_from_db()
    assert duplicate.merged_into is None
    assert merge.undone_by == supervisor
    assert merge.undone_at is not None
    assert merge.undo_reason == "Sisters, not the same person"
    assert repeat_victim_summary([survivor.pk]).incidents_last_12_months == 1
    with pytest.raises(ValidationError):
        person_unmerge(merge=merge, actor=supervisor, reason="Again")
    # The pair may be merged again later; the history keeps both.
    person_merge(survivor=survivor, duplicate=duplicate, actor=supervisor, reason="After all")
    assert PersonMerge.objects.filter(duplicate=duplicate).count() == 2


def test_chains_of_merges_are_counted_and_refused_where_ambiguous(supervisor):
    first, second, third = (PersonFactory() for _ in range(3))
    person_merge(survivor=second, duplicate=third, actor=supervisor, reason="Same")
    person_merge(survivor=first, duplicate=second, actor=supervisor, reason="Same")
    assert merged_families([first.pk]) == {first.pk: {first.pk, second.pk, third.pk}}
    assert merged_families([first.pk, second.pk])[second.pk] == {second.pk, third.pk}

    with pytest.raises(ValidationError) as refused:
        person_merge(survivor=PersonFactory(), duplicate=second, actor=supervisor, reason="x")
    assert "already been merged" in str(refused.value)
    with pytest.raises(ValidationError) as into_merged:
        person_merge(survivor=third, duplicate=PersonFactory(), actor=supervisor, reason="x")
    assert "merge into that record instead" in str(into_merged.value)
    with pytest.raises(ValidationError):
        person_merge(survivor=first, duplicate=first, actor=supervisor, reason="x")
    with pytest.raises(ValidationError) as no_reason:
        person_merge(survivor=first, duplicate=PersonFactory(), actor=supervisor, reason=" ")
    assert "reason" in no_reason.value.message_dict


@pytest.mark.parametrize(
    "role", [Role.CALL_HANDLER, Role.CASE_OFFICER, Role.PARTNER_WORKER, Role.ANALYST]
)
def test_only_supervisors_and_administrators_merge(agency, role):
    user = UserFactory(agency=agency, role=role)
    one, other = PersonFactory(), PersonFactory()
    with pytest.raises(PermissionDenied):
        person_merge(survivor=one, duplicate=other, actor=user, reason="Same")
    assert Person.objects.filter(merged_into__isnull=False).count() == 0
