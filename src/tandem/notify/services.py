"""Writing notifications: queue inside the change's transaction, send after it commits."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case
from tandem.notify.backends import NotificationError, OutgoingMessage, get_backend
from tandem.notify.models import Notification, NotificationChannel, NotificationStatus

logger = logging.getLogger(__name__)


def notification_queue(
    *,
    channel: NotificationChannel,
    kind: str,
    subject: str,
    body: str,
    recipient: User | None = None,
    address: str = "",
    case: Case | None = None,
    actor: User | None = None,
) -> Notification:
    """Store a notification and send it once the surrounding transaction commits.

    Nothing is sent if the transaction rolls back, and a failed send never undoes it.
    """
    if not address and recipient is not None and channel == NotificationChannel.EMAIL:
        address = recipient.email
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient,
            address=address,
            channel=channel,
            kind=kind,
            subject=subject,
            body=body,
            case=case,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="notification",
            object_id=notification.pk,
            case_reference=case.reference if case is not None else "",
            detail={"channel": str(channel), "kind": kind, "recipient": recipient and recipient.pk},
        )
        notification_id = notification.pk
        transaction.on_commit(lambda: _enqueue(notification_id))
    return notification


def _enqueue(notification_id: int, *, delay: timedelta | None = None) -> None:
    from tandem.notify.tasks import send_notification

    task = send_notification
    if delay is not None:
        if not task.get_backend().supports_defer:
            return  # picked up by `tandem send-notifications` once it is due
        task = task.using(run_after=timezone.now() + delay)
    try:
        task.enqueue(notification_id)
    except Exception:  # the row stays queued; the sweep sends it later
        logger.exception("Could not enqueue notification %s", notification_id)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: the base delay, then twice it, four times it, …"""
    base: int = settings.TANDEM_NOTIFY_RETRY_SECONDS
    return timedelta(seconds=base * 2 ** max(attempts - 1, 0))


# How long a claimed notification is left to its sender before the sweep may try it again (a
# worker that died mid-send).
SEND_LEASE = timedelta(minutes=10)


def notification_deliver(*, notification_id: int) -> Notification | None:
    """Send one queued notification through the configured backend, recording the outcome.

    The row is claimed with a conditional UPDATE in a short transaction, so two workers never
    send it twice, and the backend is called outside any transaction (no lock is held while a
    provider answers). A notification already sent, given up on or not yet due is left alone and
    ``None`` returned. On failure it stays queued with a later ``next_attempt_at`` until
    ``TANDEM_NOTIFY_MAX_ATTEMPTS``, then is marked failed.
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            Notification.objects.filter(pk=notification_id, status=NotificationStatus.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .update(attempts=F("attempts") + 1, next_attempt_at=now + SEND_LEASE)
        )
    if not claimed:
        return None
    notification = Notification.objects.select_related("case").get(pk=notification_id)
    if notification.channel == NotificationChannel.IN_APP:
        notification.status = NotificationStatus.SENT
        notification.sent_at = timezone.now()
        notification.next_attempt_at = None
        notification.save(update_fields=["status", "sent_at", "next_attempt_at"])
        return notification
    message = OutgoingMessage(
        notification_id=notification.pk,
        channel=notification.channel,
        to=notification.address,
        subject=notification.subject,
        body=notification.body,
        kind=notification.kind,
        case_reference=notification.case.reference if notification.case else "",
    )
    retry = False
    try:
        if not notification.address:
            raise NotificationError("No address to send to")
        reference = get_backend().send(message)
    except Exception as error:
        notification.last_error = str(error)[:2000] or error.__class__.__name__
        if notification.attempts >= settings.TANDEM_NOTIFY_MAX_ATTEMPTS:
            notification.status = NotificationStatus.FAILED
            notification.next_attempt_at = None
            logger.warning(
                "Notification %s failed after %s attempts", notification.pk, notification.attempts
            )
        else:
            notification.next_attempt_at = timezone.now() + retry_delay(notification.attempts)
            retry = True
    else:
        notification.status = NotificationStatus.SENT
        notification.provider_reference = reference
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.next_attempt_at = None
    with transaction.atomic():
        notification.save(
            update_fields=[
                "status",
                "last_error",
                "provider_reference",
                "sent_at",
                "next_attempt_at",
            ]
        )
        if retry:
            attempts = notification.attempts
            transaction.on_commit(lambda: _enqueue(notification_id, delay=retry_delay(attempts)))
    return notification


def notifications_send_due() -> int:
    """Send every queued notification that is due (new ones whose task was lost, and retries
    when the task backend cannot defer). Returns how many were tried."""
    now = timezone.now()
    due = list(
        Notification.objects.filter(status=NotificationStatus.QUEUED)
        .exclude(next_attempt_at__gt=now)
        .order_by("id")
        .values_list("pk", flat=True)[:500]
    )
    for notification_id in due:
        notification_deliver(notification_id=notification_id)
    return len(due)
