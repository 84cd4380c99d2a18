"""``tandem agencies``: the partnership's agencies and their codes, for ``tandem create-user``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.accounts.models import Agency


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """Plain columns padded to the widest cell, as a terminal table."""
    widths = [len(header) for header in headers]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [headers, ["-" * width for width in widths], *rows]
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "List the agencies: the codes to give `create-user --agency`, their names and kinds."

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = list(Agency.objects.select_related("area").order_by("code"))
        if not agencies:
            self.stdout.write("No agencies yet. Run `tandem seed-demo` or add them in the admin.")
            return
        rows = [
            [
                agency.code,
                agency.name,
                agency.get_kind_display(),
                agency.area.name,
                "" if agency.active else "inactive",
            ]
            for agency in agencies
        ]
        self.stdout.write(format_table(["CODE", "NAME", "KIND", "AREA", ""], rows))
