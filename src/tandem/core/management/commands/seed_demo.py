"""``tandem seed-demo``: load the invented Kent & Medway demo partnership (see tandem.core.demo)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tandem.accounts.management.commands.agencies import format_table
from tandem.core.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = (
        "Load the invented Kent & Medway demo partnership: areas, postcodes, agencies, staff "
        "sharing one demo password, and about 200 incidents with their cases. Safe to re-run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "seed-demo loads invented data and accounts sharing a published password; "
                "it will not run with TANDEM_ENV=production."
            )
        started = time.monotonic()
        summary = seed_demo()
        elapsed = time.monotonic() - started

        write = self.stdout.write
        write(self.style.SUCCESS(f"Kent & Medway demo loaded in {elapsed:.1f} s."))
        write(
            f"  Districts: {summary.districts}   wards: {summary.wards}   "
            f"postcodes: {summary.postcodes}   agencies: {summary.agencies}"
        )
        write(f"  Demo users: {summary.users} ({summary.users_created} new)")
        if summary.incidents_created:
            write(f"  Incidents: {summary.incidents} logged   people: {summary.people}")
        else:
            write(f"  Incidents: {summary.incidents} already present, none added")
        statuses = ", ".join(
            f"{label.lower()} {count}" for label, count in summary.cases_by_status.items()
        )
        write(f"  Cases: {summary.cases} ({statuses})")
        write("")
        write("Demo sign-ins (demo only: never use this password anywhere else):")
        write(
            format_table(
                ["USERNAME", "ROLE", "AGENCY", "PASSWORD"],
                [
                    [username, role, agency, DEMO_PASSWORD]
                    for username, role, agency in summary.sign_ins
                ],
            )
        )
        write("")
        if settings.TANDEM_REQUIRE_2FA:
            write(
                "Two-factor sign-in is required (TANDEM_REQUIRE_2FA): each user sets up an "
                "authenticator app at their first sign-in."
            )
        else:
            write(
                "Two-factor sign-in is off for the demo (TANDEM_REQUIRE_2FA is not set): the "
                "password is enough. Any user can still set it up under Your account; a live "
                "service (TANDEM_ENV=production) requires it."
            )
