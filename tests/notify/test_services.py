from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from tandem.cases.models import CaseStatus
from tandem.notify.models import Notification, NotificationChannel, NotificationStatus
from tandem.notify.services import notification_deliver, notification_queue, notifications_send_due
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


class FailingBackend:
    def send(self, message):
        raise ConnectionError("Notify is down")


@pytest.fixture
def file_backend(settings, tmp_path):
    settings.TANDEM_NOTIFY_BACKEND = "file"
    settings.TANDEM_NOTIFY_DIR = tmp_path
    return tmp_path


@pytest.fixture
def failing_backend(settings):
    settings.TANDEM_NOTIFY_BACKEND = "tests.notify.test_services.FailingBackend"


def queue(case=None, **overrides):
    values = {
        "channel": NotificationChannel.EMAIL,
        "kind": "test",
        "subject": "Subject",
        "body": "Body",
        "address": "sam@example.org",
        "case": case,
    }
    values.update(overrides)
    return notification_queue(**values)


def test_sent_after_commit(file_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = queue()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.QUEUED  # nothing before the commit
    for callback in callbacks:
        callback()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1
    assert notification.provider_reference.startswith("file-")
    assert list(file_backend.glob("*.jsonl"))


def test_nothing_sent_when_the_transaction_rolls_back(
    file_backend, django_capture_on_commit_callbacks
):
    class Abort(Exception):
        pass

    def queue_then_fail():
        with transaction.atomic():
            queue()
            raise Abort

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Abort):
        queue_then_fail()
    assert callbacks == []
    assert not Notification.objects.exists()
    assert not list(file_backend.glob("*.jsonl"))


def test_failed_send_is_retried_and_never_undoes_the_change(
    settings, failing_backend, django_capture_on_commit_callbacks
):
    settings.TANDEM_NOTIFY_MAX_ATTEMPTS = 3
    case = CaseFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        case.status = CaseStatus.IN_PROGRESS
        case.save()
        notification = queue(case)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS  # the change stands
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.QUEUED
    assert notification.attempts == 1
    assert "Notify is down" in notification.last_error
    assert notification.next_attempt_at is not None

    # The retry waits for its backoff; forced due, it is tried again up to the limit.
    assert notifications_send_due() == 0
    for _ in range(2):
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=None)
        notifications_send_due()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 3
    assert notifications_send_due() == 0  # bounded: given up


def test_retry_succeeds_once_the_backend_recovers(settings, failing_backend, tmp_path):
    notification = queue()
    notification_deliver(notification_id=notification.pk)
    settings.TANDEM_NOTIFY_BACKEND = "file"
    settings.TANDEM_NOTIFY_DIR = tmp_path
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=None)
    notifications_send_due()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 2
    assert notification.last_error == ""


def test_delivering_twice_sends_once(file_backend):
    notification = queue()
    notification_deliver(notification_id=notification.pk)
    assert notification_deliver(notification_id=notification.pk) is None
    [path] = file_backend.glob("*.jsonl")
    assert len(path.read_text().splitlines()) == 1


def test_a_notification_claimed_by_another_worker_is_left_alone(file_backend):
    notification = queue()
    Notification.objects.filter(pk=notification.pk).update(
        attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=10)
    )
    assert notification_deliver(notification_id=notification.pk) is None
    assert not list(file_backend.glob("*.jsonl"))
