from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from rest_framework.authtoken.models import Token

from tandem.accounts.models import Agency, Role, User
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
