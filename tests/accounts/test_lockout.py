"""Lockout (django-axes): 5 failures for one username from one address lock that pair for 30
minutes; wrong codes count like wrong passwords."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tests.accounts.conftest import code_for, sign_in, wrong_code_for
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "You cannot sign in at the moment"


def fail(client: Client, username: str = "officer", times: int = 1):
    for _ in range(times):
        response = sign_in(client, username=username, password="not-the-password")
    return response


def test_four_failures_then_the_right_password_signs_in(client, officer):
    fail(client, times=4)
    assert sign_in(client)["Location"] == "/cases/"
    # A complete sign-in clears the count.
    assert not AccessAttempt.objects.exists()


def test_the_fifth_failure_locks_the_username_from_that_address(client, officer):
    fail(client, times=4)
    response = fail(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert "30 minutes" in html
    # Even the right password is refused now, with the same page.
    response = sign_in(client)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert client.get("/cases/").status_code == 302
    reasons = [
        e.detail["reason"]
        for e in AuditEvent.objects.filter(action="sign_in_failed").order_by("id")
    ]
    assert reasons == ["password"] * 4 + ["locked_out", "locked_out"]


def test_the_message_does_not_say_whether_the_username_exists(client, officer):
    fail(client, times=5)
    known = sign_in(client, password="still-wrong-password").content.decode()
    fail(client, username="nobody-by-this-name", times=4)
    unknown = fail(client, username="nobody-by-this-name").content.decode()
    assert LOCKED in unknown
    strip = lambda html: html.split("<main", 1)[1].split("</main>", 1)[0]  # noqa: E731
    assert strip(known).replace("csrf", "") == strip(unknown).replace("csrf", "")


def test_a_lock_is_for_one_username_and_address(client, officer, other_officer):
    fail(client, times=5)
    # Another user at the same address, and the same user from elsewhere, can still sign in.
    assert sign_in(Client(), username="otherofficer")["Location"] == "/cases/"
    elsewhere = Client(REMOTE_ADDR="192.0.2.10")
    assert sign_in(elsewhere)["Location"] == "/cases/"


def test_the_lock_lifts_after_30_minutes(client, officer):
    fail(client, times=5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client)["Location"] == "/cases/"


def test_the_limit_is_configurable(client, officer, settings):
    settings.AXES_FAILURE_LIMIT = 2
    fail(client)
    assert fail(client).status_code == 429


def test_axes_reset_unlocks(client, officer):
    fail(client, times=5)
    output = io.StringIO()
    call_command("axes_reset_username", "officer", stdout=output)
    assert sign_in(client)["Location"] == "/cases/"


def test_wrong_codes_count_towards_the_lockout(client, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    fail(client, times=2)
    sign_in(client)
    wrong = wrong_code_for(enrolled.device)
    for _ in range(2):
        assert client.post("/sign-in/code/", {"code": wrong}).status_code == 200
    response = client.post("/sign-in/code/", {"code": wrong})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    # Signed out, and the right password and code no longer get in.
    assert client.get("/sign-in/code/")["Location"].startswith("/sign-in/")
    assert sign_in(client).status_code == 429
    locked = AuditEvent.objects.filter(action="sign_in_failed", detail__reason="locked_out")
    assert locked.count() == 2
    assert locked.order_by("id").first().actor == enrolled


def test_a_password_sign_in_does_not_clear_failed_codes(client, enrolled, settings):
    """Otherwise someone with the password could sign in again for another 4 guesses."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    wrong = wrong_code_for(enrolled.device)
    for _ in range(2):
        sign_in(client)
        client.post("/sign-in/code/", {"code": wrong})
        client.post("/sign-in/code/", {"code": wrong})
        client.post("/sign-out/")
    sign_in(client)
    assert client.post("/sign-in/code/", {"code": wrong}).status_code == 429


def test_a_complete_sign_in_with_a_code_clears_the_count(client, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    fail(client, times=3)
    sign_in(client)
    client.post("/sign-in/code/", {"code": code_for(enrolled.device)})
    assert not AccessAttempt.objects.exists()


def test_the_address_comes_through_trusted_proxies(rf, settings):
    from tandem.accounts.signin import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "10.0.0.1"
    settings.TANDEM_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"
    settings.TANDEM_TRUSTED_PROXY_COUNT = 3  # more proxies than entries: fall back
    assert client_ip(request) == "10.0.0.1"


def test_test_password_is_the_one_used(officer):
    assert officer.check_password(TEST_PASSWORD)


def test_failed_attempt_records_hold_no_passwords_or_codes(client, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    sign_in(client, password="my-secret-guess")
    sign_in(client)
    wrong = wrong_code_for(enrolled.device)
    client.post("/sign-in/code/", {"code": wrong})
    stored = "".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "my-secret-guess" not in stored
    assert wrong not in stored
