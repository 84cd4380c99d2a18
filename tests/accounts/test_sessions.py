"""Sessions end after 30 minutes idle or 8 hours in all, on the server; "sign out everywhere"
and a new password end the user's other sessions."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.accounts import signin
from tandem.audit.models import AuditEvent
from tests.accounts.conftest import sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def age(client: Client, *, idle: int = 0, signed_in: int = 0) -> None:
    """Pretend the session was last used ``idle`` seconds ago and began ``signed_in`` ago."""
    session = client.session
    session[signin.LAST_SEEN] -= idle
    session[signin.SIGNED_IN_AT] -= signed_in
    session.save()


def test_sign_in_starts_the_clock(client, officer):
    sign_in(client)
    session = client.session
    assert session[signin.SIGNED_IN_AT] == session[signin.LAST_SEEN]
    assert abs(session[signin.SIGNED_IN_AT] - signin.now()) <= 2


def test_idle_for_30_minutes_signs_you_out(client, officer):
    sign_in(client)
    age(client, idle=29 * 60, signed_in=29 * 60)
    assert client.get("/cases/").status_code == 200  # and that request counts as use
    age(client, idle=30 * 60, signed_in=30 * 60)
    response = client.get("/cases/")
    assert response["Location"] == "/sign-in/?next=/cases/"
    html = client.get(response["Location"]).content.decode()
    assert "govuk-notification-banner" in html
    assert "You were signed out because you had not used Tandem for 30 minutes" in html
    # The banner is shown once.
    assert "You were signed out" not in client.get("/sign-in/").content.decode()
    event = AuditEvent.objects.get(action="sign_out")
    assert event.detail == {"reason": "idle"}


def test_use_keeps_the_session_going(client, officer):
    sign_in(client)
    age(client, idle=20 * 60)
    client.get("/cases/")
    age(client, idle=20 * 60)  # 40 minutes since sign-in, 20 since the last request
    assert client.get("/cases/").status_code == 200


def test_eight_hours_after_sign_in_you_are_signed_out_however_busy(client, officer):
    sign_in(client)
    age(client, signed_in=8 * 60 * 60)
    response = client.get("/cases/")
    assert response.status_code == 302
    html = client.get("/sign-in/").content.decode()
    assert "you had been signed in for 8 hours" in html


def test_the_timeouts_are_settings(client, officer, settings):
    settings.TANDEM_IDLE_TIMEOUT_SECONDS = 60
    sign_in(client)
    age(client, idle=61)
    assert client.get("/cases/").status_code == 302
    assert "not used Tandem for 1 minutes" in client.get("/sign-in/").content.decode()


def test_an_expired_session_gets_no_api_data(client, officer):
    sign_in(client)
    age(client, idle=31 * 60)
    assert client.get("/api/v1/cases/").status_code in {401, 403}


def test_force_login_sessions_have_a_clock_too(signed_in_client):
    assert signin.SIGNED_IN_AT in signed_in_client.session


def test_sign_out_everywhere(officer):
    here, elsewhere = Client(), Client()
    sign_in(here)
    sign_in(elsewhere)
    page = here.get("/account/").content.decode()
    assert "Sign out everywhere" in page
    response = here.post("/account/sign-out-everywhere/")
    assert response["Location"] == "/sign-in/"
    assert "You were signed out on every device" in here.get("/sign-in/").content.decode()
    for client in (here, elsewhere):
        assert client.get("/cases/")["Location"].startswith("/sign-in/")
    # Signing in again works.
    assert sign_in(Client())["Location"] == "/cases/"
    assert AuditEvent.objects.filter(action="sign_out", detail__everywhere=True).count() == 1


def test_sign_out_everywhere_is_a_post(signed_in_client):
    assert signed_in_client.get("/account/sign-out-everywhere/").status_code == 405


def test_changing_your_password_ends_your_other_sessions(officer):
    here, elsewhere = Client(), Client()
    sign_in(here)
    sign_in(elsewhere)
    response = here.post(
        "/account/password/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "violet-harbour-lantern-nine",
            "new_password2": "violet-harbour-lantern-nine",
        },
    )
    assert response["Location"] == "/account/"
    assert "Your password has been changed" in here.get("/account/").content.decode()
    assert elsewhere.get("/cases/").status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("violet-harbour-lantern-nine")
    event = AuditEvent.objects.get(action="update", object_type="user")
    assert event.detail == {"fields": ["password"]}


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short-one", "too short"),
        ("password1234", "too common"),
        ("olive-in-the-garden-at-dusk", "must not include “Olive”"),
        ("tandem-is-my-favourite", "must not include “Tandem”"),
    ],
)
def test_the_password_policy_applies_when_changing_it(signed_in_client, new, message):
    response = signed_in_client.post(
        "/account/password/",
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert new not in html  # passwords are never echoed back


def test_wrong_current_password(signed_in_client):
    response = signed_in_client.post(
        "/account/password/",
        {
            "old_password": "not-my-password",
            "new_password1": "violet-harbour-lantern-nine",
            "new_password2": "violet-harbour-lantern-nine",
        },
    )
    assert "Your current password is not correct" in response.content.decode()


def test_your_account_page(signed_in_client):
    html = signed_in_client.get("/account/").content.decode()
    for text in ("Olive Officer", "Test Council", "Case officer", "Off (not required here)"):
        assert text in html
    assert 'href="/account/password/"' in html
    assert 'href="/account/two-factor/set-up/"' in html


def test_stay_signed_in_counts_as_use(client, officer):
    sign_in(client)
    age(client, idle=29 * 60)
    response = client.post("/account/keep-alive/", HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 204
    assert abs(client.session[signin.LAST_SEEN] - signin.now()) <= 2
    age(client, idle=10 * 60)
    assert client.get("/cases/").status_code == 200


def test_stay_signed_in_without_javascript_goes_back(signed_in_client):
    response = signed_in_client.post(
        "/account/keep-alive/", HTTP_REFERER="http://testserver/alerts/"
    )
    assert response["Location"] == "http://testserver/alerts/"
    off_site = signed_in_client.post("/account/keep-alive/", HTTP_REFERER="https://evil.example/")
    assert off_site["Location"] == "/cases/"


def test_pages_carry_the_timeout_warning(signed_in_client, settings):
    settings.TANDEM_IDLE_TIMEOUT_SECONDS = 20 * 60
    html = signed_in_client.get("/cases/").content.decode()
    assert 'data-idle-seconds="1200"' in html
    assert "tandem/js/timeout-warning.mjs" in html
