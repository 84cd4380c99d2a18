from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tandem.accounts.models import Agency, Capability, RecordScope, Role, RolePermissions, User
from tandem.accounts.permissions import role_permissions_changed
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record


def generate_password() -> str:
    return secrets.token_urlsafe(18)


@transaction.atomic
def user_create(
    *,
    username: str,
    agency: Agency,
    role: Role,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    actor: User | None = None,
    check_password: bool = True,
) -> User:
    user = User(
        username=username,
        agency=agency,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.ADMINISTRATOR,
    )
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="user",
        object_id=user.pk,
        detail={"agency": agency.code, "role": role},
    )
    return user


@transaction.atomic
def api_token_issue(*, user: User, actor: User | None = None) -> str:
    """Issue a fresh API token for ``user``, replacing any earlier one."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="api_token", object_id=user.pk)
    return str(token.key)


# Two-factor sign-in and sessions ---------------------------------------------------------------

RECOVERY_CODE_COUNT = 10


def authenticator_start(*, user: User) -> TOTPDevice:
    """The authenticator the user is setting up: a new secret, or the one already shown to them
    if they come back before confirming it. Nothing is audited until it is confirmed."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def two_factor_enrol(
    *, user: User, device: TOTPDevice, actor: User, request: HttpRequest | None = None
) -> list[str]:
    """Confirm the authenticator ``user`` has proved with a code; give them recovery codes.

    Every other session of the user ends: from now on they all need the second factor.
    Returns the new recovery codes, to be shown once.
    """
    if device.user_id != user.pk:
        raise ValueError("The authenticator belongs to someone else")
    TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    _session_generation_raise(user)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="two_factor",
        object_id=user.pk,
        detail={"recovery_codes": len(codes)},
        request=request,
    )
    return codes


@transaction.atomic
def recovery_codes_create(
    *, user: User, actor: User, request: HttpRequest | None = None
) -> list[str]:
    """A fresh set of recovery codes; the old ones stop working."""
    codes = _recovery_codes_replace(user)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="recovery_codes",
        object_id=user.pk,
        detail={"recovery_codes": len(codes)},
        request=request,
    )
    return codes


@transaction.atomic
def two_factor_reset(*, user: User, actor: User, request: HttpRequest | None = None) -> None:
    """Remove the user's authenticator and recovery codes (a lost phone) and end their sessions.

    They set up a new authenticator at their next sign-in (or from Your account).
    """
    removed = TOTPDevice.objects.filter(user_id=user.pk).delete()[0]
    StaticDevice.objects.filter(user_id=user.pk).delete()
    _session_generation_raise(user)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        object_type="two_factor",
        object_id=user.pk,
        detail={"by_administrator": actor.pk != user.pk, "authenticators": removed},
        request=request,
    )


@transaction.atomic
def user_sessions_end(*, user: User, actor: User, request: HttpRequest | None = None) -> None:
    """Sign the user out everywhere: every session of theirs stops working at its next request."""
    _session_generation_raise(user)
    audit_record(
        actor=actor,
        action=AuditAction.SIGN_OUT,
        object_type="user",
        object_id=user.pk,
        detail={"everywhere": True},
        request=request,
    )


@transaction.atomic
def user_password_change(
    *, user: User, password: str, actor: User, request: HttpRequest | None = None
) -> None:
    """Set a new password (already validated) and end the user's other sessions."""
    user.set_password(password)
    user.save(update_fields=["password"])
    _session_generation_raise(user)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="user",
        object_id=user.pk,
        detail={"fields": ["password"]},
        request=request,
    )


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user_id=user.pk).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _session_generation_raise(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


@transaction.atomic
def role_permissions_update(
    *,
    role: Role | str,
    record_scope: RecordScope | str,
    capabilities: list[str] | set[str] | tuple[str, ...],
    actor: User | None,
) -> RolePermissions:
    """Set what ``role`` may do and which cases it may see; takes effect from the next request.

    Audited with what was granted and withdrawn."""
    if record_scope not in RecordScope.values:
        raise ValidationError({"record_scope": ["Choose a record scope"]})
    unknown = sorted(set(capabilities) - set(Capability.values))
    if unknown:
        raise ValidationError({"capabilities": [f"Unknown capabilities: {', '.join(unknown)}"]})
    wanted = [value for value in Capability.values if value in set(capabilities)]
    row, _ = RolePermissions.objects.select_for_update().get_or_create(role=str(role))
    before_scope, before = row.record_scope, set(row.capabilities)
    row.record_scope = str(record_scope)
    row.capabilities = wanted
    row.updated_by = actor if actor is not None and actor.pk else None
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="role_permissions",
        object_id=str(role),
        detail={
            "record_scope": {"from": before_scope, "to": row.record_scope}
            if before_scope != row.record_scope
            else row.record_scope,
            "granted": sorted(set(wanted) - before),
            "withdrawn": sorted(before - set(wanted)),
        },
    )
    transaction.on_commit(role_permissions_changed)
    role_permissions_changed()
    return row
