"""Two-factor sign-in: password, then a code from an authenticator app (or a recovery code)."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tandem.audit.models import AuditEvent
from tests.accounts.conftest import code_for, sign_in, wrong_code_for

pytestmark = pytest.mark.django_db


def last_audit_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def audit_trail(since: int = 0) -> list[tuple[str, str]]:
    """Sign-in events after event ``since``, each with its reason or second factor."""
    return [
        (action, detail.get("reason", "") or detail.get("second_factor", ""))
        for action, detail in AuditEvent.objects.filter(action__startswith="sign_", id__gt=since)
        .order_by("id")
        .values_list("action", "detail")
    ]


class TestSignInWithACode:
    def test_password_then_code_then_signed_in(self, client, enrolled):
        start = last_audit_id()
        response = sign_in(client, next="/alerts/")
        assert response["Location"] == "/sign-in/code/"
        # Signed in with a password only: not yet "signed in" in the audit.
        assert audit_trail(start) == []
        page = client.get("/sign-in/code/")
        assert "Enter the code from your authenticator app" in page.content.decode()

        response = client.post("/sign-in/code/", {"code": code_for(enrolled.device)})
        assert response["Location"] == "/alerts/"
        assert client.get("/cases/").status_code == 200
        assert audit_trail(start) == [("sign_in", "totp")]

    def test_protected_pages_redirect_until_the_code_is_given(self, client, enrolled):
        sign_in(client)
        for url in ("/cases/", "/account/", "/reports/new/", "/admin/"):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/sign-in/code/?next="), url
        # The code page, the recovery code page and signing out stay reachable.
        assert client.get("/sign-in/code/").status_code == 200
        assert client.get("/sign-in/recovery-code/").status_code == 200
        assert client.post("/sign-out/").status_code == 302

    def test_the_page_asked_for_is_reached_after_the_code(self, client, enrolled):
        sign_in(client)
        gate = client.get("/alerts/")
        client.get(gate["Location"])
        response = client.post("/sign-in/code/", {"code": code_for(enrolled.device)})
        assert response["Location"] == "/alerts/"

    def test_no_navigation_while_the_code_is_outstanding(self, client, enrolled):
        sign_in(client)
        html = client.get("/sign-in/code/").content.decode()
        assert "Work queue" not in html
        assert "Sign out" in html

    def test_wrong_code_is_refused_and_audited(self, client, enrolled, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        sign_in(client)
        response = client.post("/sign-in/code/", {"code": wrong_code_for(enrolled.device)})
        assert response.status_code == 200
        assert "The code is not right or has expired" in response.content.decode()
        assert client.get("/cases/").status_code == 302
        failed = AuditEvent.objects.get(action="sign_in_failed")
        assert failed.actor == enrolled
        assert failed.detail == {"username": "officer", "reason": "wrong_totp"}
        assert not AuditEvent.objects.filter(action="sign_in").exists()
        # The right code still works afterwards.
        response = client.post("/sign-in/code/", {"code": code_for(enrolled.device)})
        assert response.status_code == 302
        assert client.get("/cases/").status_code == 200

    def test_a_wrong_code_straight_after_another_asks_the_user_to_wait(self, client, enrolled):
        sign_in(client)
        client.post("/sign-in/code/", {"code": wrong_code_for(enrolled.device)})
        response = client.post("/sign-in/code/", {"code": code_for(enrolled.device)})
        assert "Wait a few seconds" in response.content.decode()

    def test_badly_formed_codes_get_a_gov_uk_error(self, client, enrolled):
        sign_in(client)
        html = client.post("/sign-in/code/", {"code": "12ab"}).content.decode()
        assert "There is a problem" in html
        assert "The code must be 6 digits" in html
        assert client.post("/sign-in/code/", {"code": ""}).status_code == 200

    def test_a_code_is_accepted_once(self, enrolled):
        code = code_for(enrolled.device)
        first, second = Client(), Client()
        sign_in(first)
        sign_in(second)
        assert first.post("/sign-in/code/", {"code": code}).status_code == 302
        response = second.post("/sign-in/code/", {"code": code})
        assert response.status_code == 200

    def test_the_session_key_changes_when_the_code_is_given(self, client, enrolled):
        sign_in(client)
        before = client.session.session_key
        client.post("/sign-in/code/", {"code": code_for(enrolled.device)})
        assert client.session.session_key != before

    def test_without_a_device_and_not_required_the_password_is_enough(self, client, officer):
        response = sign_in(client)
        assert response["Location"] == "/cases/"
        assert [e[0] for e in audit_trail()] == ["sign_in"]


class TestRecoveryCodes:
    def test_a_recovery_code_signs_in_once(self, enrolled):
        code = enrolled.recovery_codes[0]
        client = Client()
        sign_in(client)
        response = client.post("/sign-in/recovery-code/", {"code": f"{code[:4]}-{code[4:]}"})
        assert response.status_code == 302
        assert client.get("/cases/").status_code == 200
        assert StaticToken.objects.filter(device__user=enrolled).count() == 9
        assert AuditEvent.objects.filter(action="sign_in").last().detail == {
            "second_factor": "recovery_code"
        }

        again = Client()
        sign_in(again)
        response = again.post("/sign-in/recovery-code/", {"code": code})
        assert response.status_code == 200
        assert "already been used" in response.content.decode()
        assert again.get("/cases/").status_code == 302

    def test_you_are_told_how_many_are_left(self, client, enrolled):
        sign_in(client)
        client.post("/sign-in/recovery-code/", {"code": enrolled.recovery_codes[1]})
        html = client.get("/cases/").content.decode()
        assert "You have 9 left" in html

    def test_recovery_codes_can_be_replaced_with_the_password(self, client, enrolled):
        client.force_login(enrolled)
        _verify(client, enrolled)
        page = client.get("/account/two-factor/recovery-codes/").content.decode()
        assert "You have 10 unused recovery codes" in page
        bad = client.post("/account/two-factor/recovery-codes/", {"password": "not-my-password"})
        assert "Your password is not correct" in bad.content.decode()

        from tests.factories import TEST_PASSWORD

        response = client.post("/account/two-factor/recovery-codes/", {"password": TEST_PASSWORD})
        assert response["Location"] == "/account/two-factor/recovery-codes/"
        html = client.get("/account/two-factor/recovery-codes/").content.decode()
        new_codes = list(
            StaticToken.objects.filter(device__user=enrolled).values_list("token", flat=True)
        )
        assert len(new_codes) == 10
        assert not set(new_codes) & set(enrolled.recovery_codes)
        for code in new_codes:
            assert f"{code[:4]}-{code[4:]}" in html
        download = client.get("/account/two-factor/recovery-codes/download/")
        assert download["Content-Disposition"] == 'attachment; filename="tandem-recovery-codes.txt"'
        assert new_codes[0][:4] in download.content.decode()
        assert AuditEvent.objects.filter(action="update", object_type="recovery_codes").exists()
        # Shown until the user says they have kept them, then never again.
        client.post("/account/two-factor/recovery-codes/")
        assert (
            new_codes[0][:4] + "-"
            not in client.get("/account/two-factor/recovery-codes/").content.decode()
        )
        assert client.get("/account/two-factor/recovery-codes/download/").status_code == 404


def _verify(client: Client, user) -> None:
    """Give the second factor in a session made with force_login."""
    import time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user)
    response = client.post("/sign-in/code/", {"code": code_for(device, steps_ahead=1)})
    assert response.status_code == 302, response.content.decode()[:500]
    time.sleep(0)  # nothing to wait for: the code above is a step ahead and unused


class TestEnrolment:
    def test_set_up_from_your_account(self, client, officer):
        client.force_login(officer)
        page = client.get("/account/two-factor/set-up/")
        html = page.content.decode()
        assert page.status_code == 200
        assert 'src="data:image/svg+xml' in html
        device = TOTPDevice.objects.get(user=officer, confirmed=False)
        secret = html.split('id="secret-key">', 1)[1].split("<", 1)[0]
        import base64

        assert base64.b32decode(secret.replace(" ", "")) == device.bin_key
        # The same secret on a second visit: the app already scanned stays right.
        assert secret in client.get("/account/two-factor/set-up/").content.decode()

        bad = client.post("/account/two-factor/set-up/", {"code": wrong_code_for(device)})
        assert "The code is not right" in bad.content.decode()
        device.refresh_from_db()
        device.throttle_reset()
        response = client.post("/account/two-factor/set-up/", {"code": code_for(device)})
        assert response["Location"] == "/account/two-factor/recovery-codes/"
        device.refresh_from_db()
        assert device.confirmed
        codes = client.get("/account/two-factor/recovery-codes/").content.decode()
        assert codes.count("<code>") == 10
        assert "You will not be able to see these codes again" in codes
        assert client.post("/account/two-factor/recovery-codes/")["Location"] == "/account/"
        # This session is verified: the account page says so and works.
        account = client.get("/account/").content.decode()
        assert "On: authenticator app" in account
        assert "10 unused" in account
        enrolment = AuditEvent.objects.get(action="create", object_type="two_factor")
        assert enrolment.actor == officer

    def test_enrolment_ends_the_users_other_sessions(self, officer):
        other = Client()
        other.force_login(officer)
        client = Client()
        client.force_login(officer)
        client.get("/account/two-factor/set-up/")
        device = TOTPDevice.objects.get(user=officer)
        client.post("/account/two-factor/set-up/", {"code": code_for(device)})
        assert client.get("/account/").status_code == 200
        assert other.get("/cases/")["Location"].startswith("/sign-in/")

    def test_required_without_a_device_sends_you_to_set_up(self, client, officer, require_2fa):
        start = last_audit_id()
        response = sign_in(client, next="/alerts/")
        assert response["Location"] == "/account/two-factor/set-up/"
        assert client.get("/cases/")["Location"].startswith("/account/two-factor/set-up/")
        html = client.get("/account/two-factor/set-up/").content.decode()
        assert "Before you can use Tandem you need to set up two-factor sign-in" in html
        assert audit_trail(start) == []
        device = TOTPDevice.objects.get(user=officer)
        response = client.post("/account/two-factor/set-up/", {"code": code_for(device)})
        assert response["Location"] == "/account/two-factor/recovery-codes/"
        assert client.post("/account/two-factor/recovery-codes/")["Location"] == "/alerts/"
        assert client.get("/cases/").status_code == 200
        assert ("sign_in", "totp") in audit_trail(start)

    def test_someone_with_a_device_cannot_set_up_another_to_skip_the_code(self, client, enrolled):
        sign_in(client)
        response = client.get("/account/two-factor/set-up/")
        assert response["Location"] == "/sign-in/code/"
        client.post("/account/two-factor/set-up/", {"code": "123456"})
        assert TOTPDevice.objects.filter(user=enrolled).count() == 1
        assert client.get("/cases/").status_code == 302

    def test_reset_your_own_two_factor_needs_your_password(self, client, enrolled):
        from tests.factories import TEST_PASSWORD

        client.force_login(enrolled)
        _verify(client, enrolled)
        bad = client.post("/account/two-factor/reset/", {"password": "wrong-password-here"})
        assert "Your password is not correct" in bad.content.decode()
        assert TOTPDevice.objects.filter(user=enrolled).exists()
        response = client.post("/account/two-factor/reset/", {"password": TEST_PASSWORD})
        assert response["Location"] == "/account/two-factor/set-up/"
        assert not TOTPDevice.objects.filter(user=enrolled, confirmed=True).exists()
        assert not StaticToken.objects.filter(device__user=enrolled).exists()
        assert client.get("/account/").status_code == 200  # this session carries on
        reset = AuditEvent.objects.get(action="delete", object_type="two_factor")
        assert reset.detail["by_administrator"] is False


class TestAdministratorReset:
    def test_admin_action_resets_and_ends_sessions(self, enrolled, agency):
        from tests.factories import UserFactory

        admin_user = UserFactory(
            username="admin", agency=agency, role="administrator", is_staff=True, is_superuser=True
        )
        victim_session = Client()
        victim_session.force_login(enrolled)
        _verify(victim_session, enrolled)
        admin = Client()
        admin.force_login(admin_user)
        listing = admin.get("/admin/accounts/user/")
        assert listing.status_code == 200
        response = admin.post(
            "/admin/accounts/user/",
            {"action": "reset_two_factor", "_selected_action": [enrolled.pk]},
        )
        assert response.status_code == 302
        assert not TOTPDevice.objects.filter(user=enrolled).exists()
        assert victim_session.get("/cases/")["Location"].startswith("/sign-in/")
        reset = AuditEvent.objects.get(action="delete", object_type="two_factor")
        assert reset.actor == admin_user
        assert reset.detail["by_administrator"] is True

    def test_the_admin_sign_in_page_is_tandems(self, client):
        response = client.get("/admin/login/?next=/admin/")
        assert response["Location"] == "/sign-in/?next=/admin/"


class TestApi:
    def test_a_session_owing_its_code_cannot_use_the_api(self, client, enrolled):
        sign_in(client)
        response = client.get("/api/v1/cases/")
        assert response.status_code == 403
        assert "two-factor" in response.json()["detail"]
        client.post("/sign-in/code/", {"code": code_for(enrolled.device)})
        assert client.get("/api/v1/cases/").status_code == 200

    def test_tokens_need_no_second_factor(self, enrolled, require_2fa):
        token = Token.objects.create(user=enrolled)
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        assert client.get("/api/v1/cases/").status_code == 200

    def test_required_and_not_enrolled_session_cannot_use_the_api(
        self, client, officer, require_2fa
    ):
        client.force_login(officer)
        assert client.get("/api/v1/cases/").status_code == 403
