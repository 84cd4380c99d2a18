"""Setting up two-factor sign-in at first sign-in, then signing in with a code, in Chromium;
axe-core on the sign-in, set-up, recovery codes, code and account pages."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import axe_check
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def code_now(username: str, *, steps_ahead: int = 0) -> str:
    """What the user's authenticator app shows, computed from the device's key."""
    device = TOTPDevice.objects.get(user__username=username)
    # totp() reads the clock itself; an earlier start (t0) is the same as a later time.
    t0 = device.t0 - steps_ahead * device.step
    token = totp(device.bin_key, device.step, t0, device.digits, device.drift)
    return f"{token:0{device.digits}d}"


def password_step(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_set_up_two_factor_then_sign_in_with_a_code(
    new_page: Any, live_server: Any, officer: Any, settings: Any
) -> None:
    settings.TANDEM_REQUIRE_2FA = True
    page = new_page(bypass_csp=True)

    page.goto(f"{live_server.url}/sign-in/")
    axe_check(page, context="sign-in page")
    password_step(page, live_server)

    # Required and not set up: straight to the set-up page, with no way round it.
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("link", name="Work queue")).to_have_count(0)
    expect(page.get_by_role("img", name="QR code for adding Tandem")).to_be_visible()
    key = page.locator("#secret-key").inner_text()
    assert len(key.replace(" ", "")) == 32
    axe_check(page, context="set-up page")

    page.get_by_label("Code", exact=True).fill(
        "000000" if code_now("officer") != "000000" else "111111"
    )
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("link", name="The code is not right", exact=False)).to_be_visible()
    axe_check(page, context="set-up page with an error")

    time.sleep(1.1)  # django-otp asks for a second's pause after a wrong code
    page.get_by_label("Code", exact=True).fill(code_now("officer"))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    expect(page.get_by_role("button", name="Print the codes")).to_be_visible()
    axe_check(page, context="recovery codes page")
    page.get_by_role("button", name="I have saved my recovery codes").click()

    page.get_by_role("link", name="Your account").click()
    expect(page.locator("#two-factor-status")).to_have_text("On: authenticator app")
    axe_check(page, context="your account page")
    page.get_by_role("button", name="Sign out", exact=False).first.click()

    # Next time: password, then the code from the app (the next one: a code works once).
    password_step(page, live_server)
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    axe_check(page, context="code page")
    page.get_by_label("Code", exact=True).fill(code_now("officer", steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out", exact=False).first).to_be_visible()
    expect(page.get_by_role("link", name="Work queue")).to_be_visible()


def test_the_qr_code_shows_under_the_real_content_security_policy(
    page: Any, live_server: Any, officer: Any
) -> None:
    from tests.browser.conftest import log_in_as

    log_in_as(page, live_server, officer)
    page.goto(f"{live_server.url}/account/two-factor/set-up/")
    image = page.get_by_role("img", name="QR code for adding Tandem")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") > 0
    assert page.console_errors == []


def test_the_timeout_warning_offers_to_stay_signed_in(
    new_page: Any, live_server: Any, officer: Any, settings: Any
) -> None:
    from tests.browser.conftest import log_in_as

    settings.TANDEM_IDLE_TIMEOUT_SECONDS = 8  # the warning comes at half-time: 4 seconds
    page = new_page(bypass_csp=True)
    log_in_as(page, live_server, officer)
    page.goto(f"{live_server.url}/alerts/")
    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_visible(timeout=8_000)
    axe_check(page, context="timeout warning")
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    assert page.url.endswith("/alerts/")
    assert page.console_errors == []
