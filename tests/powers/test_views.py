from __future__ import annotations

import pytest

from tandem.powers.models import Power, PowerUse

pytestmark = pytest.mark.django_db


def form_data(power: Power, person, **extra):
    data = {
        "power": power.pk,
        "respondent_kind": "person",
        "respondent_person": person.pk,
        "issued_on_0": "1",
        "issued_on_1": "6",
        "issued_on_2": "2026",
        "start_time": "09:00",
        "duration": "12",
        "duration_unit": "months",
    }
    data.update(extra)
    return data


def test_case_page_lists_powers_and_links_to_the_form(signed_in_client, case):
    page = signed_in_client.get(f"/cases/{case.reference}/").content.decode()
    assert "Interventions and powers" in page
    assert f"/cases/{case.reference}/powers/new/" in page
    assert signed_in_client.get(f"/cases/{case.reference}/powers/new/").status_code == 200


def test_refusal_is_shown_against_the_field(signed_in_client, case, respondent):
    child = respondent(9)
    url = f"/cases/{case.reference}/powers/new/"
    response = signed_in_client.post(
        url, form_data(Power.objects.get(code="civil-injunction"), child)
    )
    assert response.status_code == 200
    assert "cannot be used against someone under 10" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not PowerUse.objects.exists()


def test_warnings_need_the_confirmation_box(signed_in_client, case, respondent):
    child = respondent(15)
    url = f"/cases/{case.reference}/powers/new/"
    data = form_data(Power.objects.get(code="civil-injunction"), child)
    response = signed_in_client.post(url, data)
    page = response.content.decode()
    assert "consult the youth offending team" in page
    assert 'name="confirm_warnings"' in page
    assert not PowerUse.objects.exists()
    # Posting again without ticking the box is an error; with it, the power is recorded.
    data["warning_codes"] = "under18-consultation"
    assert "Confirm you have considered" in signed_in_client.post(url, data).content.decode()
    response = signed_in_client.post(url, {**data, "confirm_warnings": "on"})
    assert response.status_code == 302
    assert PowerUse.objects.get().acknowledged_warnings[0]["code"] == "under18-consultation"
    page = signed_in_client.get(f"/cases/{case.reference}/").content.decode()
    assert "Civil injunction" in page


def test_another_agency_cannot_reach_the_form(client, case, other_officer):
    client.force_login(other_officer)
    assert client.get(f"/cases/{case.reference}/powers/new/").status_code == 404
