from __future__ import annotations

import pytest

from tandem.accounts.models import AgencyKind
from tandem.incidents.models import Channel, HateStrand, IncidentType, PersonRole
from tandem.people.models import ContactChannel
from tests.factories import AgencyFactory, WardFactory

URL = "/api/v1/reference/"


@pytest.mark.django_db
class TestReferenceData:
    def test_lists_every_code_a_client_needs(self, api_client, agency, ward):
        response = api_client.get(URL)

        assert response.status_code == 200
        body = response.json()
        assert [c["code"] for c in body["categories"]] == ["personal", "nuisance", "environmental"]
        assert body["categories"][0]["default_priority"] == 2
        types = {t["code"]: t for t in body["types"]}
        assert types["threats-violence"]["serious"] is True
        assert types["noise"] == {"code": "noise", "name": "Noise", "serious": False}
        assert {c["code"] for c in body["channels"]} == set(Channel.values)
        assert {r["code"] for r in body["roles"]} == set(PersonRole.values)
        assert {"code": "victim", "name": "Victim or complainant"} in body["roles"]
        assert {c["code"] for c in body["contact_channels"]} == set(ContactChannel.values)
        assert {s["code"] for s in body["hate_strands"]} == set(
            HateStrand.objects.values_list("code", flat=True)
        )
        assert {"code": agency.code, "name": agency.name, "kind": agency.kind} in body["agencies"]
        assert {
            "code": ward.ons_code,
            "name": ward.name,
            "district": {"code": ward.parent.ons_code, "name": ward.parent.name},
        } in body["wards"]

    def test_inactive_items_are_left_out(self, api_client, agency):
        IncidentType.objects.filter(code="fireworks").update(active=False)
        HateStrand.objects.filter(code="other").update(active=False)
        closed = AgencyFactory(code="GONE", kind=AgencyKind.HOUSING, active=False)

        body = api_client.get(URL).json()

        assert "fireworks" not in {t["code"] for t in body["types"]}
        assert "other" not in {s["code"] for s in body["hate_strands"]}
        assert closed.code not in {a["code"] for a in body["agencies"]}

    def test_constant_queries(self, api_client, django_assert_max_num_queries):
        WardFactory.create_batch(10)

        with django_assert_max_num_queries(5):
            api_client.get(URL)
