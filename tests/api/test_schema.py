from __future__ import annotations

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tandem.core.api_views import docs_csp

SCHEMA_URL = "/api/schema/"
DOCS_URL = "/api/docs/"


def test_schema_generates_without_warnings_and_validates(tmp_path):
    out = tmp_path / "schema.yaml"

    # --fail-on-warn turns any drf-spectacular warning into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    schema = yaml.safe_load(out.read_text())
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/incidents/",
        "/api/v1/cases/",
        "/api/v1/cases/{reference}/",
        "/api/v1/reference/",
    } <= set(schema["paths"])


@pytest.mark.django_db
class TestSchemaEndpoint:
    def test_signed_in_gets_openapi_3(self, api_client):
        response = api_client.get(SCHEMA_URL, HTTP_ACCEPT="application/vnd.oai.openapi+json")

        assert response.status_code == 200
        schema = response.json()
        assert schema["openapi"].startswith("3.")
        assert "/api/v1/incidents/" in schema["paths"]

    def test_token_client_gets_it(self, officer):
        from rest_framework.authtoken.models import Token

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer).key}")

        assert client.get(SCHEMA_URL).status_code == 200

    def test_anonymous_is_refused(self, db):
        assert APIClient().get(SCHEMA_URL).status_code == 401


@pytest.mark.django_db
class TestDocs:
    def test_served_from_our_static_files_without_inline_script(self, signed_in_client):
        response = signed_in_client.get(DOCS_URL)

        assert response.status_code == 200
        html = response.content.decode()
        assert "/static/swagger-ui/swagger-ui-bundle.js" in html
        assert "cdn" not in html.lower()
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL)
        assert scripts
        assert all("src=" in attributes and not body.strip() for attributes, body in scripts)
        csp = response["Content-Security-Policy"]
        assert csp == docs_csp(response.content)
        assert "script-src 'self';" in csp
        assert "unsafe" not in csp
        assert re.search(r"style-src 'self' 'sha256-[A-Za-z0-9+/=]+';", csp)

    def test_start_up_script_is_a_same_origin_file(self, signed_in_client):
        response = signed_in_client.get(DOCS_URL + "?script=")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/javascript")
        assert "/api/schema/" in response.content.decode()

    def test_swagger_ui_assets_are_installed(self):
        for name in (
            "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js",
            "swagger-ui.css",
            "favicon-32x32.png",
        ):
            assert finders.find(f"swagger-ui/{name}"), f"npm install swagger-ui-dist ({name})"

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(DOCS_URL)

        assert response.status_code == 302
        assert "sign-in" in response["Location"]


def _api_views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_api_view_declares_a_policy():
    views = [
        (route, view)
        for route, view in _api_views(get_resolver().url_patterns)
        if route.startswith("api/")
    ]

    assert len(views) >= 6
    for route, view in views:
        view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
        policy = getattr(view, "tandem_policy", None) or getattr(view_class, "tandem_policy", None)
        assert policy, f"{route} declares no tandem_policy"
        assert policy == "signed_in" or policy.startswith(("roles:", "capability:")), route
