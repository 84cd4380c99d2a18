from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.notify.services import notifications_send_due


class Command(BaseCommand):
    help = "Send queued notifications that are due, including retries of failed sends."

    def handle(self, *args: Any, **options: Any) -> None:
        count = notifications_send_due()
        self.stdout.write(f"Tried {count} notification(s)")
