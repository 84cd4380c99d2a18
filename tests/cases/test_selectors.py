from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.accounts.permissions import user_record_scope
from tandem.cases.models import CaseStatus, Priority
from tandem.cases.selectors import (
    QueueFilters,
    QueueScope,
    case_get_visible,
    cases_visible_to,
    open_cases_related_to,
    work_queue,
)
from tests.factories import CaseFactory, WardFactory, category
from tests.helpers import log_report

pytestmark = pytest.mark.django_db


def test_users_see_only_their_own_agencys_cases(officer, other_officer):
    mine = CaseFactory(lead_agency=officer.agency)
    theirs = CaseFactory(lead_agency=other_officer.agency)

    assert list(cases_visible_to(officer)) == [mine]
    assert list(cases_visible_to(other_officer)) == [theirs]
    assert case_get_visible(officer, mine.reference) == mine
    with pytest.raises(Http404):
        case_get_visible(officer, theirs.reference)


def test_anonymous_and_agencyless_users_see_nothing(officer, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    CaseFactory(lead_agency=officer.agency)
    assert not cases_visible_to(AnonymousUser()).exists()
    superuser = django_user_model.objects.create_superuser("root", password="x" * 16)
    assert not cases_visible_to(superuser).exists()


def test_queue_orders_by_priority_then_nearest_deadline(officer):
    today = timezone.localdate()
    standard_soon = CaseFactory(
        lead_agency=officer.agency, officer=officer, priority=Priority.STANDARD, next_deadline=today
    )
    high_later = CaseFactory(
        lead_agency=officer.agency,
        officer=officer,
        priority=Priority.HIGH,
        next_deadline=today + timedelta(days=9),
    )
    high_sooner = CaseFactory(
        lead_agency=officer.agency,
        officer=officer,
        priority=Priority.HIGH,
        next_deadline=today + timedelta(days=1),
    )
    medium = CaseFactory(lead_agency=officer.agency, officer=officer, priority=Priority.MEDIUM)

    queue = list(work_queue(officer, QueueFilters(scope=QueueScope.MINE)))
    assert queue == [high_sooner, high_later, medium, standard_soon]


def test_my_cases_and_agency_cases(officer, agency):
    mine = CaseFactory(lead_agency=agency, officer=officer)
    unallocated = CaseFactory(lead_agency=agency, officer=None)

    assert list(work_queue(officer, QueueFilters(scope=QueueScope.MINE))) == [mine]
    assert set(work_queue(officer, QueueFilters(scope=QueueScope.AGENCY))) == {mine, unallocated}


def test_queue_filters_by_status_category_and_ward(officer, agency):
    ward = WardFactory()
    on_hold = CaseFactory(lead_agency=agency, status=CaseStatus.ON_HOLD)
    personal = CaseFactory(lead_agency=agency, category=category("personal"))
    in_ward = CaseFactory(lead_agency=agency, ward=ward)
    closed = CaseFactory(lead_agency=agency, status=CaseStatus.CLOSED, closed_at=timezone.now())
    agency_wide = QueueScope.AGENCY

    def queue(**filters):
        return set(work_queue(officer, QueueFilters(scope=agency_wide, **filters)))

    assert queue(statuses=("on_hold",)) == {on_hold}
    assert queue(category="personal") == {personal}
    assert queue(ward=ward.ons_code) == {in_ward}
    assert closed not in queue()
    assert queue(statuses=("closed",)) == {closed}


def test_queue_query_count_does_not_grow_with_rows(officer, agency, ward):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as context:
            rows = list(work_queue(officer, QueueFilters(scope=QueueScope.AGENCY))[:25])
            for case in rows:
                _ = (case.officer, case.category.name, case.ward, case.lead_agency.name)
        return len(context.captured_queries)

    CaseFactory.create_batch(2, lead_agency=agency, officer=officer, ward=ward)
    user_record_scope(officer)  # the role's permissions: read once (per request), not per row
    few = queries_for_page()
    CaseFactory.create_batch(20, lead_agency=agency, officer=officer, ward=ward)
    many = queries_for_page()
    # The cases, and the partnership rules that apply to the user's agency (tandem.sharing).
    assert few == many == 2


def test_related_open_cases_are_suggested_for_the_same_victim_or_address(call_handler):
    first = log_report(call_handler)
    victim = first.involvements.get().person
    elsewhere = log_report(call_handler, address="1 Other Street", postcode="ME15 6AA")

    by_victim = open_cases_related_to(call_handler, person_ids=[victim.pk])
    assert [s.case for s in by_victim] == [first.case]
    assert "same victim" in by_victim[0].reasons

    by_address = open_cases_related_to(
        call_handler, person_ids=[], postcode="ME15 6AA", address="1 other street"
    )
    assert [s.case for s in by_address] == [elsewhere.case]
    assert by_address[0].reasons == ("same address",)


def test_suggestions_never_include_other_agencies_cases(call_handler, other_officer):
    theirs = log_report(other_officer)
    victim = theirs.involvements.get().person
    assert open_cases_related_to(call_handler, person_ids=[victim.pk]) == []
