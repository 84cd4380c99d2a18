from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
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
