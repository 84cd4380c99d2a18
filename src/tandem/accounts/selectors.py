"""Reads about a member of staff's sign-in: their authenticator app and recovery codes."""

from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.accounts.models import User


def authenticator_for(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app (TOTP), if they have set one up."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def recovery_codes_for(user: User) -> StaticDevice | None:
    """The device holding the user's unused recovery codes, if they have any."""
    return StaticDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()
