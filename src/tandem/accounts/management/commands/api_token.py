"""``tandem api-token USERNAME``: issue a fresh API token, replacing any earlier one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.accounts.models import User
from tandem.accounts.services import api_token_issue


class Command(BaseCommand):
    help = (
        "Print a fresh API token for a user (send it as `Authorization: Token <key>`). "
        "Any earlier token of that user stops working."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"].strip()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is deactivated.")
        self.stdout.write(api_token_issue(user=user))
