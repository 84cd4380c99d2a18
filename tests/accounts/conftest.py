from __future__ import annotations

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.accounts.services import authenticator_start, two_factor_enrol
from tests.factories import TEST_PASSWORD


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's authenticator app shows now (or ``steps_ahead`` 30-second steps on,
    for a second sign-in: a code is accepted only once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    right = {code_for(device, steps_ahead=step) for step in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in right)


@pytest.fixture
def enrolled(officer):
    """The officer with an authenticator app set up; ``.recovery_codes`` holds their codes."""
    device = authenticator_start(user=officer)
    officer.recovery_codes = two_factor_enrol(user=officer, device=device, actor=officer)
    device.refresh_from_db()
    officer.device = device
    return officer


@pytest.fixture
def require_2fa(settings):
    settings.TANDEM_REQUIRE_2FA = True


def sign_in(client, username: str = "officer", password: str = TEST_PASSWORD, **extra):
    return client.post("/sign-in/", {"username": username, "password": password, **extra})
