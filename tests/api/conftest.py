from __future__ import annotations

import pytest

from tests.api.payloads import INCIDENTS_URL, report_payload


@pytest.fixture
def logged_case(api_client, postcode) -> str:
    """A case opened through the API by the officer; returns its reference."""
    response = api_client.post(INCIDENTS_URL, report_payload(), format="json")
    assert response.status_code == 201, response.json()
    return response.json()["case"]
