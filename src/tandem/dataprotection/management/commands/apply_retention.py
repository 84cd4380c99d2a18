"""``tandem apply-retention``: apply the retention schedule (run it nightly from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.dataprotection.models import RetentionRule
from tandem.dataprotection.retention import describe_counts
from tandem.dataprotection.services import retention_rule_apply


class Command(BaseCommand):
    help = (
        "Apply the retention schedule: anonymise people whose cases closed long ago, delete old "
        "evidence files, clear personal data from old audit records. Each rule runs in its own "
        "transaction; the output gives counts only. Use --dry-run to see what would happen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be done; change nothing."
        )
        parser.add_argument(
            "--rule", metavar="NAME", help="Apply only the rule with this name (as in Settings)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        name: str | None = options["rule"]
        if name:
            rule = RetentionRule.objects.filter(name=name).first()
            if rule is None:
                known = ", ".join(RetentionRule.objects.values_list("name", flat=True))
                raise CommandError(f"No retention rule is called {name!r}. The rules: {known}")
            if not rule.active and not dry_run:
                raise CommandError(
                    f"The rule {name!r} is switched off: switch it on in Settings to apply it, "
                    "or preview it with --dry-run"
                )
            rules = [rule]
        else:
            rules = list(RetentionRule.objects.filter(active=True).order_by("name"))
        write = self.stdout.write
        if dry_run:
            write("Dry run: nothing will be changed.")
        if not rules:
            write("No active retention rules.")
        for rule in rules:
            result = retention_rule_apply(rule=rule, dry_run=dry_run)
            heading = (
                f"{rule.name} ({rule.get_action_display().split(':')[0].lower()} after "
                f"{rule.period_label}; on or before {result.cutoff:%-d %B %Y})"
            )
            verb = "would affect" if dry_run else "done:"
            write(f"{heading}: {verb} {describe_counts(result.outcome.counts)}")
