from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.notify.deadlines import deadlines_check


class Command(BaseCommand):
    help = (
        "Remind officers of deadlines coming up and escalate missed ones to supervisors, "
        "Safe to run repeatedly (e.g. every hour from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = deadlines_check()
        self.stdout.write(f"Reminded {result.reminded}, escalated {result.escalated}")
