"""The web security headers on pages, the API and static files, and the production settings."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db

CSP_MUSTS = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'self'",
]


def assert_common_headers(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def assert_page_headers(response) -> None:
    assert_common_headers(response)
    csp = response["Content-Security-Policy"]
    for directive in CSP_MUSTS:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", ["/cases/", "/account/", "/alerts/"])
def test_pages_with_personal_data(signed_in_client, url):
    response = signed_in_client.get(url)
    assert response.status_code == 200
    assert_page_headers(response)


def test_the_sign_in_page(client):
    response = client.get("/sign-in/")
    assert_page_headers(response)


def test_error_pages(signed_in_client):
    response = signed_in_client.get("/cases/ASB-2026-NOPE0/")
    assert response.status_code == 404
    assert_page_headers(response)


def test_the_api(api_client):
    response = api_client.get("/api/v1/cases/")
    assert response.status_code == 200
    assert_page_headers(response)


def test_api_errors(client):
    response = client.get("/api/v1/cases/")
    assert response.status_code in {401, 403}
    assert_page_headers(response)


def test_static_files_are_cacheable_but_still_hardened(client):
    response = client.get("/static/tandem/css/tandem.css")
    assert response.status_code == 200
    assert_common_headers(response)
    assert "no-store" not in response.get("Cache-Control", "")


def test_session_and_csrf_cookies_are_http_only(client, officer):
    from tests.factories import TEST_PASSWORD

    page = client.get("/sign-in/")
    csrf = page.cookies["csrftoken"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"
    response = client.post("/sign-in/", {"username": "officer", "password": TEST_PASSWORD})
    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


def test_hsts_and_secure_cookies_when_served_over_https(client, officer, settings):
    from tests.factories import TEST_PASSWORD

    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.post(
        "/sign-in/", {"username": "officer", "password": TEST_PASSWORD}, secure=True
    )
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["sessionid"]["secure"]
    assert client.get("/sign-in/", secure=True).cookies["csrftoken"]["secure"]


# Production settings, in a fresh interpreter -------------------------------------------------


def production_env(tmp_path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TANDEM_", "DJANGO_")) and key != "DEBUG"
    }
    env.update(
        {
            "TANDEM_ENV": "production",
            "TANDEM_SECRET_KEY": secrets.token_urlsafe(60),
            "TANDEM_ALLOWED_HOSTS": "tandem.example.org",
            "TANDEM_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "tandem.config.settings",
        }
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value != ""}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run(
        ["-m", "tandem.manage", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings(tmp_path):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({name: getattr(s, name) for name in ["
        "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_NAME', "
        "'TANDEM_REQUIRE_2FA', 'ALLOWED_HOSTS', 'X_FRAME_OPTIONS']}))"
    )
    result = run(["-c", script], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_NAME": "__Host-tandem_session",
        "TANDEM_REQUIRE_2FA": True,
        "ALLOWED_HOSTS": ["tandem.example.org"],
        "X_FRAME_OPTIONS": "DENY",
    }
    relaxed = run(["-c", script], production_env(tmp_path, TANDEM_REQUIRE_2FA="0"))
    assert json.loads(relaxed.stdout)["TANDEM_REQUIRE_2FA"] is False


@pytest.mark.parametrize("missing", ["TANDEM_SECRET_KEY", "TANDEM_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(tmp_path, missing):
    result = run(["-m", "tandem.manage", "check"], production_env(tmp_path, **{missing: ""}))
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr
