from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.accounts.models import Role
from tandem.audit.models import AuditAction, AuditEvent
from tandem.sharing.models import CaseShare, ShareStatus
from tandem.sharing.services import case_share_grant
from tests.factories import AgencyFactory, UserFactory
from tests.sharing.conftest import api_for

pytestmark = pytest.mark.django_db


def url(case, share_id=None) -> str:
    base = f"/api/v1/cases/{case.reference}/shares/"
    return f"{base}{share_id}/" if share_id else base


def test_grant_list_and_revoke(case, supervisor, partner, agreement):
    api = api_for(supervisor)
    expires = timezone.localdate() + timedelta(days=14)
    response = api.post(
        url(case),
        {
            "agency": "HOMES",
            "purpose": "Tenancy enforcement",
            "agreement": "TEST-ISA-1",
            "expires": expires.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["agency"] == {"code": "HOMES", "name": "Test Homes"}
    assert body["agreement"] == {
        "reference": "TEST-ISA-1",
        "title": "Test ASB information-sharing agreement",
    }
    assert body["status"] == "in_force"
    assert body["in_force"] is True
    assert body["granted_by"] == "Sam Supervisor"
    assert CaseShare.objects.get().last_day == expires

    listed = api.get(url(case)).json()
    assert [row["id"] for row in listed] == [body["id"]]
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="case_shares", case_reference=case.reference
    ).exists()

    response = api.delete(url(case, body["id"]), {"reason": "Finished"}, format="json")
    assert response.status_code == 204
    share = CaseShare.objects.get()
    assert (share.status, share.revoke_reason) == (ShareStatus.REVOKED, "Finished")
    listed = api.get(url(case)).json()
    assert [(row["status"], row["revoked_by"]) for row in listed] == [("revoked", "Sam Supervisor")]

    again = api.delete(url(case, body["id"]))
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This share has already ended."]}


def test_revoke_reason_in_the_query(case, supervisor, partner):
    share = case_share_grant(
        case=case, agency=partner, purpose="x", legal_basis="y", actor=supervisor
    )
    response = api_for(supervisor).delete(url(case, share.pk) + "?reason=Not+needed")
    assert response.status_code == 204
    share.refresh_from_db()
    assert share.revoke_reason == "Not needed"


def test_field_errors(case, supervisor, partner):
    api = api_for(supervisor)
    response = api.post(url(case), {"agency": "NOSUCH", "purpose": ""}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"agency", "purpose"}

    response = api.post(url(case), {"agency": "HOMES", "purpose": "x"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"legal_basis"}

    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = api.post(
        url(case),
        {"agency": "HOMES", "purpose": "x", "legal_basis": "y", "expires": yesterday},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"expires": ["The expiry date must be in the future."]}

    response = api.post(
        url(case),
        {"agency": case.lead_agency.code, "purpose": "x", "legal_basis": "y"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"agency"}
    assert not CaseShare.objects.exists()


def test_who_may_do_what(case, officer, supervisor, partner_worker):
    body = {"agency": "HOMES", "purpose": "x", "legal_basis": "y"}
    # May see but not share: 403.
    assert api_for(officer).get(url(case)).status_code == 200
    assert api_for(officer).post(url(case), body, format="json").status_code == 403
    share = case_share_grant(
        case=case, agency=partner_worker.agency, purpose="x", legal_basis="y", actor=supervisor
    )
    assert api_for(officer).delete(url(case, share.pk)).status_code == 403
    assert api_for(partner_worker).delete(url(case, share.pk)).status_code == 403
    # May not see: 404, whatever the role.
    stranger = UserFactory(agency=AgencyFactory(code="STRANGER"), role=Role.SUPERVISOR)
    for method in ("get", "post"):
        assert getattr(api_for(stranger), method)(url(case)).status_code == 404
    assert api_for(stranger).delete(url(case, share.pk)).status_code == 404
    assert api_for(supervisor).delete(url(case, 999999)).status_code == 404
    assert api_for(supervisor).get("/api/v1/cases/NOSUCH/shares/").status_code == 404


def test_a_partner_lists_only_its_own_share(case, supervisor, partner_worker):
    other = AgencyFactory(code="OTHERPARTNER")
    for agency in (partner_worker.agency, other):
        case_share_grant(case=case, agency=agency, purpose="x", legal_basis="y", actor=supervisor)
    rows = api_for(partner_worker).get(url(case)).json()
    assert [row["agency"]["code"] for row in rows] == ["HOMES"]
    assert len(api_for(supervisor).get(url(case)).json()) == 2


def test_the_schema_documents_the_endpoints(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/cases/{reference}/shares/"])
    assert "delete" in schema["paths"]["/api/v1/cases/{reference}/shares/{share_id}/"]


def test_a_partners_copy_of_the_case_leaves_out_the_sharing_events(
    case, supervisor, partner_worker
):
    other = AgencyFactory(code="OTHERPARTNER", name="Other Partner")
    for agency in (partner_worker.agency, other):
        case_share_grant(case=case, agency=agency, purpose="x", legal_basis="y", actor=supervisor)

    def summaries(user) -> str:
        body = api_for(user).get(f"/api/v1/cases/{case.reference}/").json()
        return " ".join(event["summary"] for event in body["events"])

    assert "Shared with Other Partner" in summaries(supervisor)
    assert "Shared with" not in summaries(partner_worker)
