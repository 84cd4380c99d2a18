"""``tandem create-user USERNAME --agency CODE --role ROLE``: add a member of staff.

The password is read from the first line of standard input when something is piped in
(``echo "$PASSWORD" | tandem create-user …``), so it never appears in the shell history or the
process list; otherwise a strong one is generated and printed once.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.accounts.models import Agency, Role, User
from tandem.accounts.services import generate_password, user_create


def password_from(stdin: TextIO) -> str:
    """The first line of piped input, or "" when stdin is a terminal or empty."""
    try:
        if stdin.isatty():
            return ""
    except (AttributeError, ValueError):  # closed or unusual streams
        return ""
    line = stdin.readline()
    return line.rstrip("\r\n")


def role_from(value: str) -> Role:
    normalised = value.strip().lower().replace("-", "_").replace(" ", "_")
    for role in Role:
        if normalised in {role.value, str(role.label).lower().replace(" ", "_")}:
            return role
    valid = ", ".join(role.value for role in Role)
    raise CommandError(f"Unknown role {value!r}. Valid roles: {valid}")


def agency_from(code: str) -> Agency:
    agency = Agency.objects.filter(code__iexact=code.strip()).first()
    if agency is not None:
        return agency
    codes = list(Agency.objects.order_by("code").values_list("code", flat=True))
    if not codes:
        raise CommandError(
            f"Unknown agency {code!r}: there are no agencies yet. "
            "Run `tandem seed-demo` or add one in the admin."
        )
    raise CommandError(f"Unknown agency {code!r}. Valid codes: {', '.join(codes)}")


class Command(BaseCommand):
    help = (
        "Create a user in an agency with a role. The password is read from the first line of "
        "standard input if piped in; otherwise one is generated and printed once."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--agency", required=True, help="Agency code (see `tandem agencies`)")
        parser.add_argument(
            "--role", required=True, help=f"One of: {', '.join(role.value for role in Role)}"
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"].strip()
        role = role_from(options["role"])
        agency = agency_from(options["agency"])
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")

        stdin: TextIO = options.get("stdin") or sys.stdin
        password = password_from(stdin)
        generated = not password
        if generated:
            password = generate_password()

        try:
            user = user_create(
                username=username,
                agency=agency,
                role=role,
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        self.stdout.write(f"Created {user.username} ({role.label}, {agency.name}).")
        if generated:
            self.stdout.write(f"Password (shown once, store it safely): {password}")
