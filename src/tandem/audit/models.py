"""The audit: an append-only record of who did what to which record, when and from where.

Rows are written by ``tandem.audit.services.audit_record`` in the transaction of the change they
record, and never changed afterwards. Three layers keep them that way:

- the model refuses to save an existing row or to delete one, and its manager's querysets refuse
  ``update()`` and ``delete()``;
- the database refuses ``UPDATE`` and ``DELETE`` (PostgreSQL) or ``UPDATE`` (SQLite) with a
  trigger (``tandem.audit.guard``);
- the one exception, blanking personal data from old rows under the retention policy, is
  ``tandem.audit.services.audit_redact_personal_data``, the only code that opens the trigger's
  narrow door.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched or listed"
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    SHARE = "share", "Shared with an agency"
    SHARE_REVOKED = "share_revoked", "Share revoked"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    LOCKED_OUT = "locked_out", "Locked out"
    DENIED = "denied", "Access refused"


class AuditEventIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event through the application."""


def _refuse(what: str) -> NoReturn:
    raise AuditEventIsAppendOnly(f"Audit events are append-only: they cannot be {what}.")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Reads as usual; ``update()`` and ``delete()`` are refused."""

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("updated")

    def delete(self) -> NoReturn:
        _refuse("deleted")

    # bulk_update goes through update(); these two write without it.
    def _raw_delete(self, using: Any) -> NoReturn:
        _refuse("deleted")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("updated")


class AuditEvent(models.Model):
    """One thing done: by whom (``actor`` and their agency at the time), what (``action`` on
    ``object_type``/``object_id``, on the case ``case_reference``), when (``occurred_at``) and
    from where (``ip_address``, ``user_agent``). ``detail`` holds what else there is to say: the
    fields changed by an update (names, never values), a search's filters, a page's name."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the (actor, occurred_at) index serves lookups by actor
    )
    actor_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the (actor_agency, occurred_at) index serves lookups by agency
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=50, blank=True)
    case_reference = models.CharField(max_length=20, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["actor", "occurred_at"]),
            models.Index(fields=["actor_agency", "occurred_at"], name="audit_agency_time_idx"),
            models.Index(fields=["case_reference", "occurred_at"], name="audit_case_time_idx"),
            models.Index(fields=["action", "occurred_at"], name="audit_action_time_idx"),
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse("updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("deleted")


class PartnershipAuditTeam(models.Model):
    """An agency whose auditors read the whole partnership's audit (a shared information
    governance team), not only their own agency's part of it."""

    agency = models.OneToOneField(
        "accounts.Agency", on_delete=models.CASCADE, related_name="partnership_audit_team"
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="Why, e.g. the agreement that set the team up."
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "partnership-wide audit team"

    def __str__(self) -> str:
        return str(self.agency)
