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


class Capability(models.TextChoices):
    """What a role may do. Which records it may see is its ``RecordScope``; both are set per role
    in ``RolePermissions`` (configuration as data, edited by administrators)."""

    LOG_REPORTS = "log_reports", "Log reports"
    ASSESS_RISK = "assess_risk", "Assess risk on the agency's cases"
    WORK_CASES = "work_cases", "Work the agency's cases: contacts, contact plans and tasks"
    CONTRIBUTE = "contribute", "Add evidence and record interventions on cases they can see"
    ASSIGN = "assign", "Assign any of the agency's cases to an officer"
    CLOSE_CASES = "close_cases", "Change a case's status, close and reopen it"
    SHARE = "share", "Share the agency's cases with another agency"
    REFER = "refer", "Refer the agency's cases to partner services"
    ANSWER_REFERRALS = "answer_referrals", "Accept, decline and complete referrals to the agency"
    CONFERENCES = "conferences", "Read case conferences"
    RECORD_CONFERENCES = "record_conferences", "Record case conferences"
    REVIEW = "review", "Record supervisor reviews"
    APPROVE = "approve", "Approve: lower a risk band, move a case to another lead agency"
    MERGE_PEOPLE = "merge_people", "Merge and unmerge people's records"
    EXPORT = "export", "Export and print case summaries"
    SEE_SENSITIVE = "see_sensitive", "See sensitive data"
    RECORD_SENSITIVE = "record_sensitive", "Record sensitive data"
    READ_AUDIT = "read_audit", "Read the audit trail"
    ADMINISTER = "administer", "Administer configuration (roles and permissions)"


class RecordScope(models.TextChoices):
    """Which cases a role may see, from the narrowest to the widest."""

    OWN = "own", "Own: cases they are the officer for"
    AGENCY = "agency", "Agency: cases their agency leads"
    SHARED = "shared", "Shared: their agency's cases and those shared with or referred to it"
    PARTNERSHIP = "partnership", "Partnership: every case"


class RolePermissions(models.Model):
    """One role's capabilities and record scope. One row per role, loaded by a data migration
    with the defaults and edited in the admin screens (``tandem.accounts.permissions`` reads it
    once per request)."""

    role = models.CharField(max_length=20, choices=Role.choices, unique=True)
    record_scope = models.CharField(
        max_length=20,
        choices=RecordScope.choices,
        default=RecordScope.SHARED,
        help_text="Which cases users in this role may see.",
    )
    capabilities = models.JSONField(
        default=list,
        blank=True,
        help_text="What users in this role may do: a list of capability codes.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["role"]
        verbose_name = "role permissions"
        verbose_name_plural = "role permissions"

    def __str__(self) -> str:
        return Role(self.role).label

    def holds(self, capability: str) -> bool:
        return capability in self.capabilities
