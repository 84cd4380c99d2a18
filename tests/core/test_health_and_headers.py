from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_health_check_reports_the_database_without_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"


def test_pages_with_personal_data_are_not_cached_and_have_a_csp(signed_in_client):
    response = signed_in_client.get("/cases/")
    assert response["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_sign_in_and_sign_out_are_audited(client, officer):
    from tandem.audit.models import AuditEvent
    from tests.factories import TEST_PASSWORD

    bad = client.post("/sign-in/", {"username": "officer", "password": "wrong"})
    assert bad.status_code == 200
    assert "Enter a correct username and password" in bad.content.decode()
    good = client.post("/sign-in/", {"username": "officer", "password": TEST_PASSWORD})
    assert good.status_code == 302
    assert client.post("/sign-out/").status_code == 302
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["sign_in_failed", "sign_in", "sign_out"]


def test_sign_in_does_not_redirect_off_site(client, officer):
    from tests.factories import TEST_PASSWORD

    response = client.post(
        "/sign-in/?next=https://evil.example/", {"username": "officer", "password": TEST_PASSWORD}
    )
    assert response["Location"] == "/cases/"
