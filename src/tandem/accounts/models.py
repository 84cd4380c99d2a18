from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    COUNCIL = "council", "Council"
    HOUSING = "housing", "Housing provider"
    HEALTH = "health", "Health"
    FIRE = "fire", "Fire and rescue"
    PROBATION = "probation", "Probation"
    YOUTH_OFFENDING = "youth_offending", "Youth offending"
    SOCIAL_CARE = "social_care", "Social care"
    VOLUNTARY = "voluntary", "Voluntary sector"


class Agency(models.Model):
    """An organisation in the partnership. Every user and every case belongs to one."""

    code = models.CharField(max_length=20, unique=True, help_text="Short code, e.g. KENTPOL")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    area = models.ForeignKey(
        "geography.Area",
        on_delete=models.PROTECT,
        related_name="agencies",
        help_text="The area the agency serves",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CALL_HANDLER = "call_handler", "Call handler"
    CASE_OFFICER = "case_officer", "Case officer"
    SUPERVISOR = "supervisor", "Supervisor"
    PARTNER_WORKER = "partner_worker", "Partner worker"
    ANALYST = "analyst", "Analyst"
    ADMINISTRATOR = "administrator", "Administrator"
    AUDITOR = "auditor", "Auditor (information governance)"


class User(AbstractUser):
    """A member of staff. Belongs to exactly one agency, with one role in it."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CASE_OFFICER)
    session_generation = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised to end every session of the user: sign out everywhere, a new password, "
        "or a reset of two-factor sign-in.",
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_superuser=True) | models.Q(agency__isnull=False),
                name="staff_user_has_agency",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    # Django keeps a hash of the password in each session and ends the session when it no longer
    # matches. Folding in the session generation lets Tandem end them all without a new password.
    def get_session_auth_hash(self) -> str:
        return self._session_auth_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_auth_hash(secret)

    def _session_auth_hash(self, secret: str | bytes) -> str:
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(
            "tandem.accounts.User.session_auth_hash", value, secret=secret, algorithm="sha256"
        ).hexdigest()
