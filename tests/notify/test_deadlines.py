from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.alerts.models import Alert
from tandem.cases.models import CaseStatus
from tandem.notify.deadlines import deadlines_check
from tandem.notify.models import Notification, NotificationStatus, ReminderPolicy
from tandem.standards.models import CaseDeadline
from tandem.standards.working_days import add_working_days
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


@pytest.fixture
def file_backend(settings, tmp_path):
    settings.TANDEM_NOTIFY_BACKEND = "file"
    settings.TANDEM_NOTIFY_DIR = tmp_path
    return tmp_path


@pytest.fixture
def case(agency, officer):
    officer.email = "olive@example.org"
    officer.save()
    return CaseFactory(lead_agency=agency, officer=officer)


def deadline(case, due_on, **fields):
    return CaseDeadline.objects.create(
        case=case, kind="first-contact", label="First contact", due_on=due_on, **fields
    )


def sent_lines(directory):
    return [
        json.loads(line)
        for path in directory.glob("*.jsonl")
        for line in path.read_text().splitlines()
    ]


def test_a_missed_deadline_escalates_to_a_supervisor_through_the_backend_exactly_once(
    case, supervisor, other_agency, file_backend, django_capture_on_commit_callbacks
):
    supervisor.email = "sam@example.org"
    supervisor.save()
    UserFactory(username="elsewhere", agency=other_agency, role="supervisor", email="x@example.org")
    missed = deadline(case, timezone.localdate() - timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_deadlines")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_deadlines")

    missed.refresh_from_db()
    assert missed.escalated_at is not None
    escalations = Notification.objects.filter(kind="deadline-escalation")
    assert [(n.recipient, n.status) for n in escalations] == [(supervisor, NotificationStatus.SENT)]
    lines = [line for line in sent_lines(file_backend) if line["kind"] == "deadline-escalation"]
    assert len(lines) == 1
    assert lines[0]["to"] == "sam@example.org"
    assert case.reference in lines[0]["subject"]
    assert Alert.objects.filter(recipient=supervisor, case=case).count() == 1
    assert not Alert.objects.exclude(recipient=supervisor).exists()


def test_escalation_skips_met_cancelled_and_closed(case, supervisor, file_backend):
    yesterday = timezone.localdate() - timedelta(days=1)
    deadline(case, yesterday, met_at=timezone.now())
    deadline(case, yesterday, cancelled_at=timezone.now())
    closed = CaseFactory(
        lead_agency=case.lead_agency, status=CaseStatus.CLOSED, closed_at=timezone.now()
    )
    deadline(closed, yesterday)
    assert deadlines_check().escalated == 0


def test_an_already_escalated_deadline_is_not_escalated_again(case, supervisor, file_backend):
    missed = deadline(case, timezone.localdate() - timedelta(days=2))
    # Another run (or an earlier one) claimed it first.
    CaseDeadline.objects.filter(pk=missed.pk).update(escalated_at=timezone.now())
    assert deadlines_check().escalated == 0
    assert not Alert.objects.exists()


def test_officer_reminded_once_the_working_day_before(
    case, file_backend, django_capture_on_commit_callbacks
):
    friday = MONDAY - timedelta(days=3)
    upcoming = deadline(case, MONDAY)
    # Thursday is two working days before: too early.
    assert deadlines_check(today=friday - timedelta(days=1)).reminded == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_check(today=friday).reminded == 1
        assert deadlines_check(today=friday).reminded == 0
        assert deadlines_check(today=MONDAY).reminded == 0
    upcoming.refresh_from_db()
    assert upcoming.reminded_at is not None
    [reminder] = Notification.objects.filter(kind="deadline-reminder")
    assert reminder.recipient == case.officer
    assert reminder.status == NotificationStatus.SENT
    assert reminder.address == "olive@example.org"


def test_reminder_lead_time_is_data(case, file_backend):
    ReminderPolicy.objects.create(agency=case.lead_agency, remind_working_days_before=3)
    due = add_working_days(MONDAY, 3)
    deadline(case, due)
    assert deadlines_check(today=MONDAY).reminded == 1


def test_default_policy_is_one_working_day():
    assert ReminderPolicy.objects.get(agency__isnull=True).remind_working_days_before == 1


def test_the_check_runs_as_a_task(case, supervisor, file_backend):
    from tandem.notify.tasks import check_deadlines

    deadline(case, timezone.localdate() - timedelta(days=1))
    result = check_deadlines.enqueue()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"reminded": 0, "escalated": 1}
