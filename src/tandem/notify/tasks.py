"""Background tasks (Django Tasks API, ``django-tasks``): run by ``tandem db_worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification(notification_id: int) -> str:
    from tandem.notify.services import notification_deliver

    notification = notification_deliver(notification_id=notification_id)
    return notification.status if notification is not None else "skipped"


@task()
def check_deadlines() -> dict[str, int]:
    """Remind officers of deadlines coming up and escalate those missed (``tandem check-deadlines``
    does the same from cron)."""
    from tandem.notify.deadlines import deadlines_check

    result = deadlines_check()
    return {"reminded": result.reminded, "escalated": result.escalated}


@task()
def send_due_notifications() -> int:
    from tandem.notify.services import notifications_send_due

    return notifications_send_due()
